// Godot 4.6's WebRTCMultiplayerPeer (the web build's: the browser's RTCPeerConnection) against
// gdnet's in Node (node-datachannel), signaled through gdnet's SignalingServer (protocol 4, what
// `gdnet signaling` runs) by a GDScript client that follows the webrtc_signaling demo
// (scenarios/rtc_session.gd) and by gdnet's SignalingClient. First a mesh lobby the Godot game
// creates (gdnet joins, so gdnet offers): every Variant type in RPCs both ways, each transfer mode
// and channel on the data channel it belongs to, authority, send_bytes with a mode and a channel,
// SEAL and the mesh outliving the signaling connection. Then a client/server lobby gdnet hosts
// (Godot joins, so Godot offers).
import { autoPoll, GodotError, SignalingClient, SignalingServer, TransferMode, varToBytes, WebRTCMultiplayerPeer } from "gdnet";
import { expect, it } from "vitest";
import { printed } from "../../test-support/servers.js";
import { describeGodot4, explain, type Godot4Result, type Godot4Run, startGodot4 } from "./godot4.js";
import { type GdnetCall, GdnetSession, sessionPath } from "./session.js";
import { GODOT_OWN_DIFFERENCES, hex, JS_VALUES, sameBytes, WITH_NODE_PATHS } from "./values.js";

const PATH = sessionPath("rtc_session");
/** channels_config on both sides: channel 1 unreliable, channel 2 unreliable ordered. */
const CHANNELS: TransferMode[] = [TransferMode.TRANSFER_MODE_UNRELIABLE, TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED];
const b64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));
const {
  TRANSFER_MODE_UNRELIABLE: UNRELIABLE,
  TRANSFER_MODE_UNRELIABLE_ORDERED: ORDERED,
  TRANSFER_MODE_RELIABLE: RELIABLE,
} = TransferMode;

/** Waits, a turn of the event loop at a time, until `condition` holds; never sleeps. */
async function until(condition: () => boolean, what: string, godot?: Godot4Run, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${godot ? `\n${godot.explain()}` : ""}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A gdnet member of a lobby: SignalingClient wired to a WebRTCMultiplayerPeer, and the session node. */
function gdnetMember(stops: Array<() => void>) {
  const peer = new WebRTCMultiplayerPeer();
  // The game's extra channels, the same on every peer, as Godot's channels_config.
  const signaling = new SignalingClient({ multiplayer: peer, channelsConfig: CHANNELS });
  const session = new GdnetSession(peer, PATH);
  const signals: unknown[][] = [];
  for (const name of [
    "connected",
    "lobby_joined",
    "lobby_sealed",
    "disconnected",
    "peer_added",
    "peer_connected",
    "peer_disconnected",
  ] as const) {
    signaling.on(name, (...args: unknown[]) => signals.push([name, ...args]));
  }
  stops.push(
    autoPoll([signaling, session.mp]),
    () => signaling.close(),
    () => peer.close(),
  );
  return { peer, signaling, session, signals };
}

/** The RPCs each side makes to test transfer modes and channels, and where each must arrive. */
const ROUTES: Array<{ method: string; channel: number; mode: TransferMode }> = [
  { method: "ordered_ch2", channel: 2, mode: ORDERED },
  // The channel's own mode (channels_config) is what a custom channel carries, whatever the RPC says.
  { method: "unreliable_ch1", channel: 1, mode: UNRELIABLE },
  { method: "reliable_ch1", channel: 1, mode: UNRELIABLE },
  { method: "unreliable_ch0", channel: 0, mode: UNRELIABLE },
  { method: "default_mode", channel: 0, mode: RELIABLE },
];

interface MeshSession {
  result: Godot4Result;
  gdnetId: number;
  session: GdnetSession;
  signaling: SignalingClient;
  signals: unknown[][];
  /** Godot's events until the signaling connection closed after the seal. */
  beforeSealClose: number;
  /** gdnet errors printed during the session. */
  printed: string[];
}

async function runMesh(): Promise<MeshSession> {
  const printedBefore = printed.length;
  // Sealed lobbies are closed by the server soon after (the demo waits 10 s).
  const server = new SignalingServer({ port: 0, host: "127.0.0.1", protocol: 4, pingIntervalMs: 0, sealCloseTimeoutMs: 100 });
  const url = await server.start();
  const stops: Array<() => void> = [() => server.stop()];
  try {
    const godot = startGodot4("rtc_session", { args: { url, channels: CHANNELS }, timeoutS: 40 });
    const lobby = String((await godot.waitFor("lobby_joined")).lobby);
    const { session, signaling, signals } = gdnetMember(stops);
    expect(signaling.joinLobby(url, lobby)).toBe(GodotError.OK);
    await until(() => session.ids("peer_connected").includes(1), "gdnet's peer_connected for Godot", godot);
    const gdnetId = signaling.getUniqueId();
    await godot.waitFor("peer_connected", { match: (e) => e.id === gdnetId });

    // Every value, Godot -> gdnet, then echoed and built by gdnet.
    session.command(1, "send_values", {});
    const count = Number((await godot.waitFor("values_sent")).count);
    const values = (calls: GdnetCall[]) => calls.filter((c) => c.method === "value");
    await until(() => values(session.calls).length === count, "the values at gdnet", godot);
    for (const call of values(session.calls)) session.node.rpcId(1, "value", `echo:${call.args[0]}`, call.args[1]);
    for (const [label, build] of Object.entries(JS_VALUES)) session.node.rpcId(1, "value", `js:${label}`, build());
    await until(() => godot.all("value").length === count + Object.keys(JS_VALUES).length, "the values at Godot", godot);

    // Transfer modes and channels both ways; send_bytes with a mode and a channel; call_local to
    // all; authority (Godot is 1, every node's default authority).
    for (const { method } of ROUTES) {
      session.command(1, "call", { to: gdnetId, method, args: [`godot ${method}`] });
      session.node.rpcId(1, method, `gdnet ${method}`);
    }
    session.command(1, "send_bytes", { to: gdnetId, text: "godot>ordered ch2", mode: ORDERED, channel: 2 });
    session.command(1, "send_bytes", { to: 0, text: "godot>unreliable ch0", mode: UNRELIABLE, channel: 0 });
    session.mp.sendBytes(new TextEncoder().encode("gdnet>unreliable ch1"), 1, UNRELIABLE, 1);
    session.mp.sendBytes(new TextEncoder().encode("gdnet>reliable ch0"), 0, RELIABLE, 0);
    session.command(1, "call", { to: 0, method: "local_ping", args: ["godot to all"] });
    session.node.rpc("local_ping", "gdnet to all");
    session.command(1, "call", { to: gdnetId, method: "server_only", args: ["godot to gdnet"] });
    session.node.rpcId(1, "server_only", "gdnet to godot");
    session.node.rpcId(1, "no_args");
    session.command(1, "call", { to: gdnetId, method: "no_args", args: [] });
    const arrived = (calls: readonly unknown[], methods: string[]) =>
      methods.every((m) => calls.some((c) => (c as { method?: unknown }).method === m));
    const rpcMethods = [...ROUTES.map((r) => r.method), "local_ping", "no_args"];
    await until(
      () => arrived(session.calls, [...rpcMethods, "server_only"]) && session.packets.length === 2,
      "gdnet's calls",
      godot,
    );
    await until(() => arrived(godot.all("called"), rpcMethods) && godot.all("peer_packet").length === 2, "Godot's calls", godot);

    // SEAL from the host: both hear it, the server closes both signaling connections, and the
    // mesh stays up: an RPC each way afterwards.
    session.command(1, "seal");
    await godot.waitFor("signaling_closed");
    await until(() => signals.some((s) => s[0] === "disconnected"), "gdnet's signaling close", godot);
    const beforeSealClose = godot.events.length;
    session.node.rpcId(1, "default_mode", "after the seal");
    session.command(1, "call", { to: gdnetId, method: "default_mode", args: ["after the seal"] });
    await godot.waitFor("called", { match: (e) => (e.args as string[])[0] === '"after the seal"' });
    await until(() => session.calls.some((c) => c.args[0] === "after the seal"), "Godot's RPC after the seal", godot);

    // gdnet leaves: Godot hears of it; then Godot leaves.
    signaling.close();
    session.mp.multiplayerPeer?.close();
    // Alone in a sealed lobby, the game ends its run.
    await godot.waitFor("peer_disconnected", { match: (e) => e.id === gdnetId });
    const result = await godot.exited;
    return { result, gdnetId, session, signaling, signals, beforeSealClose, printed: printed.slice(printedBefore) };
  } finally {
    for (const stop of stops.reverse()) stop();
  }
}

let meshPromise: Promise<MeshSession> | null = null;
const mesh = (): Promise<MeshSession> => {
  meshPromise ??= runMesh();
  return meshPromise;
};

interface ClientServerSession {
  result: Godot4Result;
  godotId: number;
  client2Id: number;
  host: ReturnType<typeof gdnetMember>;
  client2: ReturnType<typeof gdnetMember>;
}

/** A client/server lobby gdnet hosts (id 1, the server), Godot joins, then a second gdnet client. */
async function runClientServer(): Promise<ClientServerSession> {
  const server = new SignalingServer({ port: 0, host: "127.0.0.1", protocol: 4, pingIntervalMs: 0, sealCloseTimeoutMs: 100 });
  const url = await server.start();
  const stops: Array<() => void> = [() => server.stop()];
  try {
    const host = gdnetMember(stops);
    expect(host.signaling.joinLobby(url, "", false)).toBe(GodotError.OK);
    await until(() => host.signaling.getLobby() !== "", "the lobby");
    const lobby = host.signaling.getLobby();
    const godot = startGodot4("rtc_session", { args: { url, lobby, mesh: false, channels: CHANNELS }, timeoutS: 30 });
    const godotId = Number((await godot.waitFor("connected")).id);
    await until(() => host.session.ids("peer_connected").includes(godotId), "the host's peer_connected for Godot", godot);

    const client2 = gdnetMember(stops);
    client2.signaling.joinLobby(url, lobby);
    await until(() => client2.session.ids("peer_connected").includes(godotId), "the second client hearing of Godot", godot);
    const client2Id = client2.signaling.getUniqueId();
    await godot.waitFor("peer_connected", { match: (e) => e.id === client2Id });

    // Direct calls between Godot and the server, and calls the server relays between the clients.
    host.session.node.rpcId(godotId, "ordered_ch2", "host to godot");
    host.session.command(godotId, "call", { to: 1, method: "ordered_ch2", args: ["godot to host"] });
    client2.session.node.rpcId(godotId, "default_mode", "client2 to godot");
    host.session.command(godotId, "call", { to: client2Id, method: "unreliable_ch1", args: ["godot to client2"] });
    await until(() => host.session.calls.some((c) => c.method === "ordered_ch2"), "Godot's call at the host", godot);
    await until(() => client2.session.calls.some((c) => c.method === "unreliable_ch1"), "Godot's call at client 2", godot);
    await godot.waitFor("called", { match: (e) => e.method === "default_mode" });
    await godot.waitFor("called", { match: (e) => e.method === "ordered_ch2" });

    // The host seals; then asks Godot to leave.
    expect(host.signaling.seal()).toBe(GodotError.OK);
    await godot.waitFor("signaling_closed");
    host.session.command(godotId, "leave");
    const result = await godot.exited;
    await until(() => host.session.ids("peer_disconnected").includes(godotId), "the host seeing Godot leave");
    await until(() => client2.session.ids("peer_disconnected").includes(godotId), "client 2 seeing Godot leave");
    return { result, godotId, client2Id, host, client2 };
  } finally {
    for (const stop of stops.reverse()) stop();
  }
}

let clientServerPromise: Promise<ClientServerSession> | null = null;
const clientServer = (): Promise<ClientServerSession> => {
  clientServerPromise ??= runClientServer();
  return clientServerPromise;
};

describeGodot4("WebRTC: a Godot 4.6 game and gdnet in Node, signaled by gdnet's SignalingServer", () => {
  it("a mesh lobby Godot creates: the demo's messages, ids, and the connection gdnet offers", async () => {
    const s = await mesh();
    const { result, gdnetId } = s;
    expect(result.code, explain(result, "rtc_session")).toBe(0);
    expect(result.find("signaling_id")).toMatchObject({ id: 1, mesh: true });
    expect(String(result.find("lobby_joined")?.lobby)).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(result.find("announced")?.id).toBe(gdnetId);
    expect(result.find("add_peer")).toMatchObject({ id: gdnetId, error: 0 });
    // The creator never offers (multiplayer_client.gd): gdnet offered, Godot answered.
    expect(result.all("description_received").map((e) => [e.from, e.type, e.error])).toEqual([[gdnetId, "offer", 0]]);
    expect(result.all("description_created").map((e) => [e.to, e.type])).toEqual([[gdnetId, "answer"]]);
    expect(result.all("candidate_created").length).toBeGreaterThan(0);
    expect(result.all("candidate_received").every((e) => e.from === gdnetId && e.error === 0)).toBe(true);
    expect(result.all("bad_message")).toEqual([]);
    // The server's order, as the demo server's join(): ID, the peers already there, then JOIN.
    expect(s.signals.slice(0, 3)).toEqual([
      ["connected", gdnetId, true],
      ["peer_added", 1],
      ["lobby_joined", result.find("lobby_joined")?.lobby],
    ]);
    // Both SceneMultiplayers: the other peer joined with the lobby's ids.
    expect(result.all("peer_connected").map((e) => e.id)).toEqual([gdnetId]);
    expect(s.session.ids("peer_connected")).toEqual([1]);
  });

  it("every Variant type goes through RPC arguments over the data channels both ways, byte for byte", async () => {
    const s = await mesh();
    const sent = new Map(s.result.all("value_sent").map((e) => [String(e.label), b64(String(e.b64))]));
    expect(s.result.all("value_sent").every((e) => e.error === 0 && e.to === s.gdnetId)).toBe(true);
    const odd: string[] = [];
    const got = s.session.calls.filter((c) => c.method === "value");
    expect(got.map((c) => c.args[0])).toEqual([...sent.keys()]);
    for (const call of got) {
      let bytes: Uint8Array | string;
      try {
        bytes = varToBytes(call.args[1], { floats: "GdFloat" });
      } catch (error) {
        bytes = String(error);
      }
      const godot = sent.get(String(call.args[0])) as Uint8Array;
      if (typeof bytes === "string" || !sameBytes(godot, bytes))
        odd.push(`${call.args[0]}: Godot ${hex(godot)}, gdnet ${String(bytes)}`);
    }
    expect(odd, odd.join("\n")).toEqual([]);
    const wrong: string[] = [];
    for (const event of s.result.all("value")) {
      const label = String(event.label).split(":")[1] as string;
      const godot = sent.get(label) as Uint8Array;
      const sameBack = sameBytes(godot, b64(String(event.b64))) || WITH_NODE_PATHS.includes(label);
      const fine = event.from === s.gdnetId && sameBack && event.equal === true;
      if (fine !== (GODOT_OWN_DIFFERENCES[label] === undefined)) wrong.push(`${event.label}: ${JSON.stringify(event)}`);
    }
    expect(wrong, wrong.join("\n")).toEqual([]);
    expect(s.result.all("value").length).toBe(sent.size + Object.keys(JS_VALUES).length);
  });

  it("each transfer mode and channel goes on the data channel Godot uses for it, both ways", async () => {
    const s = await mesh();
    const { gdnetId } = s;
    for (const { method, channel, mode } of ROUTES) {
      // Godot -> gdnet: what gdnet's WebRTCMultiplayerPeer says the packet came on.
      const atGdnet = s.session.calls.find((c) => c.method === method);
      expect(atGdnet?.packet, `${method} at gdnet`).toEqual({ from: 1, channel, mode });
      // gdnet -> Godot: what Godot's WebRTCMultiplayerPeer says (recording_peer.gd).
      const atGodot = s.result.find("called", (e) => e.method === method);
      expect(atGodot?.packet, `${method} at Godot`).toEqual({ from: gdnetId, channel, mode, size: expect.any(Number) });
    }
    // Everything else travels reliable on channel 0.
    expect(s.session.calls.find((c) => c.method === "value")?.packet).toEqual({ from: 1, channel: 0, mode: RELIABLE });
    expect(s.result.find("called", (e) => e.method === "no_args")?.packet).toMatchObject({
      from: gdnetId,
      channel: 0,
      mode: RELIABLE,
    });
    // send_bytes with a mode and a channel: the same channels.
    const packets = new Map(s.session.packets.map((p) => [p.text, p]));
    expect(packets.get("godot>ordered ch2")).toEqual({
      from: 1,
      text: "godot>ordered ch2",
      packet: { from: 1, channel: 2, mode: ORDERED },
    });
    expect(packets.get("godot>unreliable ch0")?.packet).toEqual({ from: 1, channel: 0, mode: UNRELIABLE });
    const atGodot = new Map(s.result.all("peer_packet").map((e) => [e.text, e]));
    expect(atGodot.get("gdnet>unreliable ch1")).toMatchObject({
      from: gdnetId,
      packet: { from: gdnetId, channel: 1, mode: UNRELIABLE },
    });
    expect(atGodot.get("gdnet>reliable ch0")).toMatchObject({
      from: gdnetId,
      packet: { from: gdnetId, channel: 0, mode: RELIABLE },
    });
    expect(s.result.all("bytes_sent").map((e) => e.error)).toEqual([0, 0]);
    // And gdnet had nothing to complain about (no missing channel, no refused packet).
    expect(s.printed).toEqual([]);
  });

  it("call_local and authority over the mesh: Godot (1) is the authority, gdnet's authority RPC is refused", async () => {
    const s = await mesh();
    const { gdnetId: n } = s;
    const pings = (rows: unknown[][]) => rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(pings(s.session.calls.filter((c) => c.method === "local_ping").map((c) => [c.args[0], c.from, c.me]))).toEqual(
      pings([
        ["godot to all", 1, n],
        ["gdnet to all", n, n],
      ]),
    );
    expect(
      pings(
        s.result
          .all("called")
          .filter((e) => e.method === "local_ping")
          .map((e) => [JSON.parse((e.args as string[])[0] as string), e.from, e.me]),
      ),
    ).toEqual(
      pings([
        ["godot to all", 1, 1],
        ["gdnet to all", n, 1],
      ]),
    );
    // Godot is 1, every node's default authority: its server_only runs at gdnet; gdnet's is refused.
    expect(s.session.calls.filter((c) => c.method === "server_only").map((c) => [c.args[0], c.from])).toEqual([
      ["godot to gdnet", 1],
    ]);
    expect(s.result.all("called").filter((e) => e.method === "server_only")).toEqual([]);
    expect(s.result.stderr).toContain(
      `RPC 'server_only' is not allowed on node ${PATH} from: ${n}. Mode is "authority", authority is 1.`,
    );
  });

  it("SEAL: the host seals, both hear it, the server closes both with 1000 Seal complete, and the mesh stays up", async () => {
    const s = await mesh();
    const { result } = s;
    expect(result.find("seal_sent")).toMatchObject({ error: 0 });
    expect(result.find("lobby_sealed")).toBeDefined();
    expect(result.find("signaling_closed")).toMatchObject({ code: 1000, reason: "Seal complete", sealed: true });
    expect(s.signals.filter((e) => ["lobby_sealed", "disconnected"].includes(String(e[0])))).toEqual([
      ["lobby_sealed"],
      ["disconnected", 1000, "Seal complete"],
    ]);
    // After the close: an RPC each way, then gdnet leaves and Godot hears of it.
    expect(result.events.slice(s.beforeSealClose).find((e) => e.event === "called")).toMatchObject({
      method: "default_mode",
      from: s.gdnetId,
    });
    expect(s.session.calls.at(-1)).toMatchObject({ method: "default_mode", from: 1, args: ["after the seal"] });
    expect(result.all("peer_disconnected").map((e) => e.id)).toEqual([s.gdnetId]);
    expect(result.find("closed")).toBeDefined();
  });

  it("a client/server lobby gdnet hosts: Godot joins as a client and offers, and the server relays over WebRTC", async () => {
    const s = await clientServer();
    const { result, godotId, client2Id } = s;
    expect(result.code, explain(result, "rtc_session")).toBe(0);
    expect(result.find("signaling_id")).toMatchObject({ id: godotId, mesh: false });
    // Godot offers to the host (its id is larger), and refuses to add the other client, as the
    // demo's client does (a client's WebRTCMultiplayerPeer only takes peer 1).
    expect(result.all("description_created").map((e) => [e.to, e.type])).toEqual([[1, "offer"]]);
    expect(result.all("description_received").map((e) => [e.from, e.type, e.error])).toEqual([[1, "answer", 0]]);
    expect(result.all("add_peer").map((e) => [e.id, e.error])).toEqual([
      [1, 0],
      [client2Id, GodotError.ERR_INVALID_PARAMETER],
    ]);
    expect(s.host.signals.slice(0, 1)).toEqual([["connected", 1, false]]);
    // SceneMultiplayer: Godot hears of the server, then of client 2 through the server (SYS ADD).
    expect(result.find("connected")?.id).toBe(godotId);
    expect(result.all("peer_connected").map((e) => e.id)).toEqual([1, client2Id]);
    expect(s.client2.session.ids("peer_connected")).toEqual([1, godotId]);
    // Direct, on Godot's channel 2 (unreliable ordered) both ways.
    expect(s.host.session.calls.find((c) => c.method === "ordered_ch2")).toMatchObject({
      from: godotId,
      args: ["godot to host"],
      packet: { from: godotId, channel: 2, mode: ORDERED },
    });
    expect(result.find("called", (e) => e.method === "ordered_ch2")).toMatchObject({
      from: 1,
      packet: { from: 1, channel: 2, mode: ORDERED },
    });
    // Relayed by gdnet's server, which keeps the channel and mode the packet came with.
    expect(s.client2.session.calls.find((c) => c.method === "unreliable_ch1")).toMatchObject({
      from: godotId,
      args: ["godot to client2"],
      packet: { from: 1, channel: 1, mode: UNRELIABLE },
    });
    expect(result.find("called", (e) => e.method === "default_mode")).toMatchObject({
      from: client2Id,
      packet: { from: 1, channel: 0, mode: RELIABLE },
    });
    // The host's seal closes Godot's signaling; the session goes on until Godot leaves.
    expect(result.find("lobby_sealed")).toBeDefined();
    expect(result.find("signaling_closed")).toMatchObject({ code: 1000, reason: "Seal complete", sealed: true });
    expect(s.client2.session.ids("peer_disconnected")).toEqual([godotId]);
  });
});
