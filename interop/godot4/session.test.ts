// Godot 4.6's SceneMultiplayer over WebSocketMultiplayerPeer against gdnet's, in one session of
// gdnet's RelayServer: a Godot game (scenarios/mp_session.gd), a gdnet client in Node and a gdnet
// client in the browser (the built script-tag bundle), with gdnet's relay as the server. One
// session runs everything (ids, joins and leaves, every Variant type in RPC arguments both ways,
// call_local, authority, the @rpc options and how calls arrive, send_bytes to every kind of
// target); the tests read what each side saw. Authentication has a session of its own below.
import { autoPoll, GodotError, RelayServer, RpcMode, TransferMode, varToBytes, WebSocketMultiplayerPeer } from "gdnet";
import { expect, it } from "vitest";
import { printed } from "../../test-support/servers.js";
import { describeGodot4, explain, type Godot4Result, type Godot4Run, openGdnetPage, startGodot4 } from "./godot4.js";
import { BrowserSession, type BrowserState, type GdnetCall, GdnetSession, SESSION_RPC, sessionPath } from "./session.js";
import { GODOT_OWN_DIFFERENCES, hex, JS_VALUES, sameBytes, WITH_NODE_PATHS } from "./values.js";

const PATH = sessionPath("mp_session");
const b64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));

/** Waits, a turn of the event loop at a time, until `condition` holds; never sleeps. */
async function until(condition: () => boolean | Promise<boolean>, what: string, godot?: Godot4Run, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${godot ? `\n${godot.explain()}` : ""}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** gdnet's bytes for a value gdnet decoded (floats kept as GdFloat), or the error. */
function gdnetBytes(value: unknown): Uint8Array | string {
  try {
    return varToBytes(value, { floats: "GdFloat" });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The send_bytes targets every sender uses, as [target, tag]. */
const byteTargets = (other: number): Array<[number, string]> => [
  [0, "0"],
  [other, "N"],
  [-other, "-N"],
  [1, "1"],
  [-1, "-1"],
];

/** Everything one session showed, per side. */
interface Session {
  result: Godot4Result;
  godotId: number;
  nodeId: number;
  browserId: number;
  node: GdnetSession;
  relay: GdnetSession;
  browser: BrowserState;
  /** Browser state just after everyone joined (before anyone left). */
  browserJoined: BrowserState;
  /** What gdnet returned for calls it refused or could not make, by tag. */
  returns: Record<string, number>;
  /** gdnet errors printed during the session. */
  printed: string[];
}

async function runSession(): Promise<Session> {
  const printedBefore = printed.length;
  const relayServer = new RelayServer({ port: 0, host: "127.0.0.1" });
  const url = await relayServer.start();
  const relay = new GdnetSession(relayServer.peer, PATH, relayServer.multiplayer);
  const nodePeer = new WebSocketMultiplayerPeer();
  const stops: Array<() => void> = [() => relayServer.stop()];
  try {
    const godot = startGodot4("mp_session", { args: { url }, timeoutS: 30 });
    const godotId = Number((await godot.waitFor("connected")).id);

    if (nodePeer.createClient(url) !== GodotError.OK) throw nodePeer.getLastError();
    const node = new GdnetSession(nodePeer, PATH);
    stops.push(autoPoll(node.mp), () => nodePeer.close());
    await until(() => node.ids("peer_connected").includes(godotId), "gdnet's peer_connected for Godot", godot);
    const nodeId = node.mp.getUniqueId();

    const browser = new BrowserSession(await openGdnetPage());
    expect(await browser.join(url, PATH)).toBe(GodotError.OK);
    await until(async () => (await browser.state()).peers.length === 3, "the browser seeing everyone", godot);
    const browserId = (await browser.state()).id;
    await godot.waitFor("peer_connected", { match: (e) => e.id === browserId });
    await until(() => node.ids("peer_connected").includes(browserId), "gdnet seeing the browser", godot);
    const browserJoined = await browser.state();

    // Every value, Godot -> everyone (rpc to 0 through the relay), then echoed back by both
    // gdnet clients, and built with gdnet's classes by the Node one.
    node.command(godotId, "send_values", { to: 0 });
    const count = Number((await godot.waitFor("values_sent")).count);
    const values = (calls: GdnetCall[]) => calls.filter((c) => c.method === "value");
    await until(() => values(node.calls).length === count, "the values at gdnet", godot);
    await until(async () => values((await browser.state()).calls).length === count, "the values in the browser", godot);
    await until(() => values(relay.calls).length === count, "the values at the relay", godot);
    for (const call of values(node.calls)) node.node.rpcId(godotId, "value", `echo:${call.args[0]}`, call.args[1]);
    for (const [label, build] of Object.entries(JS_VALUES)) node.node.rpcId(godotId, "value", `js:${label}`, build());
    const browserValues = values((await browser.state()).calls);
    await browser.rpcMany(
      browserValues.map((call) => ({ to: godotId, method: "value", args: [`browser:${call.args[0]}`, call.args[1]] })),
    );
    const expectedValues = 2 * count + Object.keys(JS_VALUES).length;
    await until(() => godot.all("value").length === expectedValues, "the values back at Godot", godot);

    // call_local: to everyone, to oneself; call_remote to oneself is refused.
    node.command(godotId, "call", { to: 0, method: "local_ping", args: ["godot to all"] });
    node.command(godotId, "call", { to: godotId, method: "local_ping", args: ["godot to itself"] });
    node.command(godotId, "call", { to: godotId, method: "no_args", args: [] });
    const returns: Record<string, number> = {};
    returns.local_all = node.node.rpc("local_ping", "node to all");
    returns.local_self = node.node.rpcId(nodeId, "local_ping", "node to itself");
    returns.remote_self = node.node.rpcId(nodeId, "no_args");
    returns.browser_local_all = await browser.rpc(0, "local_ping", "browser to all");
    // An RPC to a peer id nobody has.
    node.command(godotId, "call", { to: 123456789, method: "default_mode", args: ["nobody"] });
    returns.unknown_peer = node.node.rpcId(123456789, "default_mode", "nobody");

    // authority: a client's call of an authority RPC is refused; the relay (1) is the authority.
    node.command(godotId, "call", { to: nodeId, method: "server_only", args: ["godot to node"] });
    node.command(godotId, "call", { to: nodeId, method: "plain", args: [] });
    node.command(godotId, "call", { to: nodeId, method: "no_args", args: [] });
    returns.server_only_to_godot = node.node.rpcId(godotId, "server_only", "node to godot");
    returns.plain_to_godot = node.node.rpcId(godotId, "plain");
    node.node.rpcId(godotId, "no_args");
    await browser.rpc(godotId, "server_only", "browser to godot");
    await browser.rpc(godotId, "no_args");
    relay.node.rpc("server_only", "relay to all");
    relay.node.rpc("plain");

    // Every transfer mode and channel, both ways, and the byte-only and no-argument encodings.
    for (const method of ["ordered_ch2", "unreliable_ch1", "unreliable_ch0", "reliable_ch1", "default_mode"]) {
      node.command(godotId, "call", { to: nodeId, method, args: [`godot ${method}`] });
      node.node.rpcId(godotId, method, `node ${method}`);
    }
    node.command(godotId, "call", { to: nodeId, method: "bytes_only", args: [{ b64: "AAEC/w==" }] });
    node.node.rpcId(godotId, "bytes_only", new Uint8Array([0, 1, 2, 255]));

    // send_bytes to 0, N, -N, 1 and -1 from each client, then an end marker to 0: a receiver that
    // has a sender's marker has everything that sender sent it (one TCP path each way).
    for (const [to, tag] of byteTargets(nodeId)) node.command(godotId, "send_bytes", { to, text: `godot>${tag}` });
    node.command(godotId, "send_bytes", { to: 0, text: "godot>end" });
    for (const [to, tag] of byteTargets(godotId)) node.mp.sendBytes(new TextEncoder().encode(`node>${tag}`), to);
    node.mp.sendBytes(new TextEncoder().encode("node>end"), 0);
    for (const [to, tag] of byteTargets(godotId)) await browser.sendBytes(to, `browser>${tag}`);
    await browser.sendBytes(0, "browser>end");

    const ends = (packets: Array<{ text: string }>, senders: string[]) =>
      senders.every((sender) => packets.some((p) => p.text === `${sender}>end`));
    await until(
      () => ends(godot.all("peer_packet") as unknown as Array<{ text: string }>, ["node", "browser"]),
      "Godot's packets",
      godot,
    );
    await until(() => ends(node.packets, ["godot", "browser"]), "gdnet's packets", godot);
    await until(() => ends(relay.packets, ["godot", "node", "browser"]), "the relay's packets", godot);
    await until(async () => ends((await browser.state()).packets, ["godot", "node"]), "the browser's packets", godot);
    // The markers that end the RPC steps (sent after them on the same paths).
    const marker = (calls: GdnetCall[], from: number) => calls.some((c) => c.method === "no_args" && c.from === from);
    await until(() => marker(node.calls, godotId), "gdnet's marker from Godot", godot);
    await until(
      () =>
        ["node", "browser"].every(
          (who) =>
            godot.find("called", (e) => e.method === "no_args" && e.from === (who === "node" ? nodeId : browserId)) !== undefined,
        ),
      "Godot's markers",
      godot,
    );

    // Leaves: the Node client first (Godot and the browser see it), then Godot (asked by the relay).
    nodePeer.close();
    await godot.waitFor("peer_disconnected", { match: (e) => e.id === nodeId });
    await until(
      async () => (await browser.state()).events.some((e) => e[0] === "peer_disconnected" && e[1] === nodeId),
      "the browser seeing gdnet leave",
      godot,
    );
    relay.command(godotId, "leave");
    const result = await godot.exited;
    await until(
      async () => (await browser.state()).events.some((e) => e[0] === "peer_disconnected" && e[1] === godotId),
      "the browser seeing Godot leave",
      godot,
    );
    await until(() => relay.ids("peer_disconnected").includes(godotId), "the relay seeing Godot leave", godot);
    const finalBrowser = await browser.state();
    await browser.close();
    return {
      result,
      godotId,
      nodeId,
      browserId,
      node,
      relay,
      browser: finalBrowser,
      browserJoined,
      returns,
      printed: printed.slice(printedBefore),
    };
  } finally {
    for (const stop of stops.reverse()) stop();
  }
}

let sessionPromise: Promise<Session> | null = null;
/** One session serves every test of the group. */
const session = (): Promise<Session> => {
  sessionPromise ??= runSession();
  return sessionPromise;
};

/** Godot's get_rpc_config() entry, with _parse_rpc_config's defaults filled in. */
function godotConfig(entry: Record<string, unknown>) {
  return {
    rpcMode: Number(entry.rpc_mode ?? RpcMode.RPC_MODE_AUTHORITY),
    callLocal: Boolean(entry.call_local ?? false),
    transferMode: Number(entry.transfer_mode ?? TransferMode.TRANSFER_MODE_RELIABLE),
    channel: Number(entry.channel ?? 0),
  };
}

describeGodot4("A Godot 4.6 game, a gdnet Node client and a gdnet browser client in gdnet's RelayServer", () => {
  it("everyone gets an id and hears of every join and leave, in Godot and in gdnet", async () => {
    const s = await session();
    const { result, godotId, nodeId, browserId } = s;
    expect(result.code, explain(result, "mp_session")).toBe(0);
    expect(new Set([godotId, nodeId, browserId]).size).toBe(3);
    for (const id of [godotId, nodeId, browserId]) expect(id).toBeGreaterThan(1);
    // Godot joined first: it hears of the server, then of each gdnet client as it joins, then of
    // the Node client leaving; connected_to_server comes with its id, as gdnet's does.
    expect(result.find("connected")?.id).toBe(godotId);
    expect(result.all("peer_connected").map((e) => e.id)).toEqual([1, nodeId, browserId]);
    expect(result.all("peer_disconnected").map((e) => e.id)).toEqual([nodeId]);
    expect(result.find("closed")).toBeDefined();
    // gdnet in Node: connected_to_server, the server, then Godot (already there), then the browser.
    expect(s.node.events.slice(0, 4)).toEqual([
      ["connected_to_server"],
      ["peer_connected", 1],
      ["peer_connected", godotId],
      ["peer_connected", browserId],
    ]);
    // The browser heard of the clients already there in the order they were admitted (the
    // relay's connected_peers, as in Godot 4's _admit_peer; Godot 3.2's relay sorted them by id).
    expect(s.browserJoined.events).toEqual([
      ["connected_to_server"],
      ["peer_connected", 1],
      ["peer_connected", godotId],
      ["peer_connected", nodeId],
    ]);
    expect(s.browser.events.slice(s.browserJoined.events.length)).toEqual([
      ["peer_disconnected", nodeId],
      ["peer_disconnected", godotId],
    ]);
    expect(s.relay.ids("peer_connected")).toEqual([godotId, nodeId, browserId]);
    expect(s.relay.ids("peer_disconnected")).toEqual(expect.arrayContaining([nodeId, godotId]));
  });

  it("every Variant type goes through RPC arguments both ways, byte for byte", async () => {
    const s = await session();
    const sent = new Map(s.result.all("value_sent").map((e) => [String(e.label), b64(String(e.b64))]));
    expect(s.result.all("value_sent").every((e) => e.error === 0)).toBe(true);
    // Godot -> gdnet: what each gdnet client decoded encodes back to Godot's own var_to_bytes.
    const odd: string[] = [];
    for (const [who, calls] of [
      ["node", s.node.calls],
      ["browser", s.browser.calls],
      ["relay", s.relay.calls],
    ] as const) {
      const got = calls.filter((c) => c.method === "value");
      expect(
        got.map((c) => c.args[0]),
        who,
      ).toEqual([...sent.keys()]);
      for (const call of got) {
        expect(call.from, who).toBe(s.godotId);
        const bytes = gdnetBytes(call.args[1]);
        const godot = sent.get(String(call.args[0])) as Uint8Array;
        if (typeof bytes === "string" || !sameBytes(godot, bytes))
          odd.push(`${who} ${call.args[0]}: Godot ${hex(godot)}, gdnet ${typeof bytes === "string" ? bytes : hex(bytes)}`);
      }
    }
    expect(odd, odd.join("\n")).toEqual([]);
    // gdnet -> Godot: the echoes decode to Godot's own bytes and values (but where Godot's own
    // round trip is not the identity), and the JS-built values to the values Godot builds.
    const values = s.result.all("value");
    const wrong: string[] = [];
    for (const event of values) {
      const [prefix, label] = String(event.label).split(":") as [string, string];
      expect(event.from, String(event.label)).toBe(prefix === "browser" ? s.browserId : s.nodeId);
      const godot = sent.get(label) as Uint8Array;
      // As in the oracle: fine = Godot's own bytes and an equal value, except where Godot's own
      // round trip is not the identity (values.ts GODOT_OWN_DIFFERENCES). Godot's bytes for a
      // NodePath carry leftovers in its padding, both times: those compare by value only.
      const sameBack = sameBytes(godot, b64(String(event.b64))) || WITH_NODE_PATHS.includes(label);
      const fine = sameBack && event.equal === true;
      if (fine !== (GODOT_OWN_DIFFERENCES[label] === undefined))
        wrong.push(`${event.label}: Godot ${hex(godot)}, back ${hex(b64(String(event.b64)))} ${JSON.stringify(event)}`);
    }
    expect(wrong, wrong.join("\n")).toEqual([]);
    expect(values.length).toBe(2 * sent.size + Object.keys(JS_VALUES).length);
    expect(explain(s.result)).not.toMatch(/checksum|Invalid packet|Failed to get path/);
  });

  it("call_local RPCs run on the caller too, with its own id as the sender; call_remote on oneself is refused", async () => {
    const s = await session();
    // Sorted by tag: a call from elsewhere can arrive before or after one's own.
    const sorted = (rows: unknown[][]) => rows.sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    const pings = (calls: Array<{ method: string; from: number; me: number; args: unknown[] }>) =>
      sorted(calls.filter((c) => c.method === "local_ping").map((c) => [c.args[0], c.from, c.me]));
    const { godotId: g, nodeId: n, browserId: b } = s;
    // Godot ran its own calls with get_remote_sender_id() = its id; the others ran them as from it.
    const godotPings = s.result
      .all("called")
      .filter((e) => e.method === "local_ping")
      .map((e) => [JSON.parse((e.args as string[])[0] as string), e.from, e.me]);
    expect(sorted(godotPings)).toEqual(
      sorted([
        ["godot to all", g, g],
        ["godot to itself", g, g],
        ["node to all", n, g],
        ["browser to all", b, g],
      ]),
    );
    expect(pings(s.node.calls)).toEqual(
      sorted([
        ["godot to all", g, n],
        ["node to all", n, n],
        ["node to itself", n, n],
        ["browser to all", b, n],
      ]),
    );
    expect(pings(s.browser.calls)).toEqual(
      sorted([
        ["godot to all", g, b],
        ["node to all", n, b],
        ["browser to all", b, b],
      ]),
    );
    expect(pings(s.relay.calls)).toEqual(
      sorted([
        ["godot to all", g, 1],
        ["node to all", n, 1],
        ["browser to all", b, 1],
      ]),
    );
    expect([s.returns.local_all, s.returns.local_self, s.returns.browser_local_all]).toEqual([0, 0, 0]);
    // A call_remote RPC to oneself: Godot and gdnet both refuse it with ERR_INVALID_PARAMETER.
    const godotSelf = s.result.find("rpc_sent", (e) => e.method === "no_args" && e.to === g);
    expect(godotSelf?.error).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(s.result.stderr).toContain("RPC 'no_args' on yourself is not allowed by selected mode.");
    expect(s.returns.remote_self).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("an RPC to an unknown peer id: Godot prints its error and sends nothing", async () => {
    const s = await session();
    const sent = s.result.find("rpc_sent", (e) => e.to === 123456789);
    expect(s.result.stderr).toContain("Attempt to call RPC with unknown peer ID: 123456789.");
    // Godot's rpc_id() still returns OK: _send_rpc() is void, its ERR_FAIL_MSG never reaches
    // rpcp() (scene_rpc_interface.cpp).
    expect(sent?.error).toBe(GodotError.OK);
    expect([...s.node.calls, ...s.browser.calls, ...s.relay.calls].filter((c) => c.args[0] === "nobody")).toEqual([]);
    // gdnet does the same: it prints Godot's words and returns OK.
    expect(s.returns.unknown_peer).toBe(GodotError.OK);
    expect(s.printed).toContain("ERR_INVALID_PARAMETER: Attempt to call RPC with unknown peer ID: 123456789.");
  });

  it("an authority RPC from a non-authority is refused by both and runs nowhere; the authority's runs everywhere", async () => {
    const s = await session();
    const { godotId: g, nodeId: n, browserId: b } = s;
    const refused = ["server_only", "plain"];
    // Godot -> gdnet: refused by gdnet with ERR_UNAUTHORIZED, which it prints.
    expect(s.node.calls.filter((c) => refused.includes(c.method) && c.from !== 1)).toEqual([]);
    // In Godot's words (scene_rpc_interface.cpp _process_rpc), as Godot prints the other way.
    for (const method of refused) {
      expect(s.printed).toContain(
        `ERR_UNAUTHORIZED: RPC '${method}' is not allowed on node ${PATH} from: ${g}. Mode is "authority", authority is 1.`,
      );
    }
    // gdnet -> Godot: refused by Godot, which prints its error (scene_rpc_interface.cpp, _process_rpc).
    const godotRefused = s.result.all("called").filter((e) => refused.includes(String(e.method)) && e.from !== 1);
    expect(godotRefused).toEqual([]);
    for (const [method, from] of [
      ["server_only", n],
      ["plain", n],
      ["server_only", b],
    ] as const) {
      expect(s.result.stderr).toContain(
        `RPC '${method}' is not allowed on node ${PATH} from: ${from}. Mode is "authority", authority is 1.`,
      );
    }
    // Sending is not refused: the receiver decides, in both.
    expect([s.returns.server_only_to_godot, s.returns.plain_to_godot]).toEqual([0, 0]);
    expect(
      s.result
        .all("rpc_sent")
        .filter((e) => refused.includes(String(e.method)))
        .map((e) => e.error),
    ).toEqual([0, 0]);
    // The relay (1, the authority) calls them on everyone: all three run them, from 1.
    const fromRelay = (calls: GdnetCall[]) => calls.filter((c) => refused.includes(c.method)).map((c) => [c.method, c.from]);
    expect(fromRelay(s.node.calls)).toEqual([
      ["server_only", 1],
      ["plain", 1],
    ]);
    expect(fromRelay(s.browser.calls)).toEqual(fromRelay(s.node.calls));
    expect(
      s.result
        .all("called")
        .filter((e) => refused.includes(String(e.method)))
        .map((e) => [e.method, e.from]),
    ).toEqual([
      ["server_only", 1],
      ["plain", 1],
    ]);
  });

  it("gdnet reads every @rpc option as Godot does; over WebSocket every call arrives on channel 0, reliable", async () => {
    const s = await session();
    const config = s.result.find("rpc_config")?.config as Record<string, Record<string, unknown>>;
    expect(Object.keys(config).sort()).toEqual(Object.keys(SESSION_RPC).sort());
    for (const [method, words] of Object.entries(SESSION_RPC)) {
      expect(s.node.node.configOf(method), `${method}: ${JSON.stringify(words)}`).toEqual(
        godotConfig(config[method] as Record<string, unknown>),
      );
    }
    const methods = ["ordered_ch2", "unreliable_ch1", "unreliable_ch0", "reliable_ch1", "default_mode", "bytes_only"];
    // WebSocketMultiplayerPeer has one reliable channel: get_packet_channel() 0, get_packet_mode()
    // reliable, on Godot's side and gdnet's, whatever the RPC asked for (the relay relays from 1).
    const reliable0 = { channel: 0, mode: TransferMode.TRANSFER_MODE_RELIABLE };
    const godotCalls = s.result.all("called").filter((e) => methods.includes(String(e.method)));
    expect(godotCalls.map((e) => e.method)).toEqual(methods);
    for (const e of godotCalls) expect(e.packet, String(e.method)).toEqual({ from: 1, size: expect.any(Number), ...reliable0 });
    const nodeCalls = s.node.calls.filter((c) => methods.includes(c.method));
    expect(nodeCalls.map((c) => [c.method, c.from])).toEqual(methods.map((m) => [m, s.godotId]));
    for (const c of nodeCalls) expect(c.packet, c.method).toEqual({ from: 1, ...reliable0 });
    // The byte-only encoding (one PackedByteArray argument) and no arguments, both ways.
    expect(godotCalls.find((e) => e.method === "bytes_only")).toMatchObject({
      args: ["PackedByteArray(0, 1, 2, 255)"],
      types: [29],
    });
    expect(nodeCalls.find((c) => c.method === "bytes_only")?.args).toEqual([new Uint8Array([0, 1, 2, 255])]);
    expect(s.node.calls.find((c) => c.method === "no_args")?.args).toEqual([]);
  });

  it("send_bytes reaches 0, N, -N, 1 and -1 as Godot's own relay rules say, from and to Godot and gdnet", async () => {
    const s = await session();
    const { godotId: g, nodeId: n, browserId: b } = s;
    const names: Record<string, number> = { godot: g, node: n, browser: b };
    const other: Record<string, number> = { godot: n, node: g, browser: g };
    // Who gets a packet from `sender` to `to` (scene_multiplayer.cpp send_command/_process_sys,
    // 4.3+): 0 everyone else, N only N, -N everyone else but N, 1 the server, -1 every other client.
    const receivers = (sender: number, to: number): number[] =>
      [1, g, n, b].filter((id) => id !== sender && (to === 0 || (to > 0 ? id === to : id !== -to)));
    const got: Record<number, string[]> = {
      [g]: s.result.all("peer_packet").map((e) => `${e.from} ${e.text}`),
      [n]: s.node.packets.map((p) => `${p.from} ${p.text}`),
      [b]: s.browser.packets.map((p) => `${p.from} ${p.text}`),
      1: s.relay.packets.map((p) => `${p.from} ${p.text}`),
    };
    for (const [sender, id] of Object.entries(names)) {
      for (const [to, tag] of [...byteTargets(other[sender] as number), [0, "end"] as [number, string]]) {
        const text = `${id} ${sender}>${tag}`;
        for (const receiver of [1, g, n, b]) {
          expect(got[receiver]?.includes(text), `${sender} -> ${to}: received by ${receiver}?`).toBe(
            receivers(id, to).includes(receiver),
          );
        }
      }
    }
    expect(s.result.all("bytes_sent").every((e) => e.error === 0)).toBe(true);
    // Raw packets arrive like RPCs: channel 0, reliable, relayed by 1 (or from it).
    for (const packet of s.node.packets)
      expect(packet.packet).toMatchObject({ from: 1, channel: 0, mode: TransferMode.TRANSFER_MODE_RELIABLE });
    for (const e of s.result.all("peer_packet")) expect(e.packet).toMatchObject({ from: 1, channel: 0, mode: 2 });
  });
});
