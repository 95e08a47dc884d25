// SceneMultiplayer authentication against Godot 4.6: gdnet's RelayServer authenticates its peers
// (multiplayer.authCallback, sendAuth, completeAuth) and Godot 4.6 games (scenarios/mp_session.gd
// with `auth`) and gdnet clients authenticate with it through their own auth_callback,
// send_auth and complete_auth. The right secret admits a client, on both implementations; a
// wrong one gets it disconnected, with the same signals on both; and nobody in the session ever
// hears of a client that did not authenticate.
import { autoPoll, GodotError, RelayServer, WebSocketMultiplayerPeer } from "gdnet";
import { expect, it } from "vitest";
import { describeGodot4, explain, type Godot4Result, type Godot4Run, startGodot4 } from "./godot4.js";
import { GdnetSession, sessionPath } from "./session.js";

const PATH = sessionPath("mp_session");
const CHALLENGE = "who goes there? ✓";
const SECRET = "the secret ✓";

/** Waits, a turn of the event loop at a time, until `condition` holds; never sleeps. */
async function until(condition: () => boolean, what: string, godot?: Godot4Run, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${godot ? `\n${godot.explain()}` : ""}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

interface AuthSession {
  relay: GdnetSession;
  /** What the relay's authCallback got: [id, text]. */
  relayAuth: Array<[number, string]>;
  nodeGood: GdnetSession;
  nodeBad: GdnetSession;
  /** What each gdnet client's authCallback got: [from, text]. */
  nodeAuth: { good: Array<[number, string]>; bad: Array<[number, string]> };
  godotBad: Godot4Result;
  godotGood: Godot4Result;
  ids: { nodeGood: number; nodeBad: number; godotBad: number; godotGood: number };
}

/** A gdnet client that answers the relay's challenge with `secret`, as mp_session.gd does. */
function gdnetClient(url: string, secret: string, log: Array<[number, string]>, stops: Array<() => void>): GdnetSession {
  const peer = new WebSocketMultiplayerPeer();
  if (peer.createClient(url) !== GodotError.OK) throw peer.getLastError();
  const session = new GdnetSession(peer, PATH);
  const mp = session.mp;
  mp.authCallback = (from, data) => {
    const text = new TextDecoder().decode(data);
    log.push([from, text]);
    if (text !== CHALLENGE) return;
    mp.sendAuth(from, new TextEncoder().encode(secret));
    mp.completeAuth(from);
  };
  stops.push(autoPoll(mp), () => peer.close());
  return session;
}

async function runAuthSession(): Promise<AuthSession> {
  const relayServer = new RelayServer({ port: 0, host: "127.0.0.1" });
  const relayAuth: Array<[number, string]> = [];
  const mp = relayServer.multiplayer;
  // The relay challenges every newcomer, admits the right secret and disconnects anything else.
  mp.authCallback = (id, data) => {
    const text = new TextDecoder().decode(data);
    relayAuth.push([id, text]);
    if (text === SECRET) mp.completeAuth(id);
    else mp.disconnectPeer(id);
  };
  mp.on("peer_authenticating", (id) => mp.sendAuth(id, new TextEncoder().encode(CHALLENGE)));
  const url = await relayServer.start();
  const relay = new GdnetSession(relayServer.peer, PATH, mp);
  const stops: Array<() => void> = [() => relayServer.stop()];
  const nodeAuth = { good: [] as Array<[number, string]>, bad: [] as Array<[number, string]> };
  try {
    // A gdnet client with the secret; then a Godot game without it, then one with it, then a
    // gdnet client without it: the clients in the session must never hear of the failed ones.
    const nodeGood = gdnetClient(url, SECRET, nodeAuth.good, stops);
    await until(() => nodeGood.ids("peer_connected").includes(1), "the good gdnet client's admission");

    const godotBadRun = startGodot4("mp_session", { args: { url, auth: { challenge: CHALLENGE, secret: "wrong" } } });
    const godotBad = await godotBadRun.exited;

    const godotGoodRun = startGodot4("mp_session", {
      args: { url, auth: { challenge: CHALLENGE, secret: SECRET } },
      timeoutS: 15,
    });
    const godotGoodId = Number((await godotGoodRun.waitFor("connected")).id);
    await until(() => nodeGood.ids("peer_connected").includes(godotGoodId), "gdnet hearing of the good Godot", godotGoodRun);

    const nodeBad = gdnetClient(url, "wrong", nodeAuth.bad, stops);
    await until(() => nodeBad.ids("server_disconnected").length > 0, "the bad gdnet client's end", godotGoodRun);

    // Admitted peers talk: an RPC each way between the good ones.
    nodeGood.node.rpcId(godotGoodId, "default_mode", "after auth");
    nodeGood.command(godotGoodId, "call", { to: nodeGood.mp.getUniqueId(), method: "default_mode", args: ["after auth"] });
    await godotGoodRun.waitFor("called", { match: (e) => e.method === "default_mode" });
    await until(() => nodeGood.calls.some((c) => c.method === "default_mode"), "Godot's RPC at gdnet", godotGoodRun);
    nodeGood.command(godotGoodId, "leave");
    const godotGood = await godotGoodRun.exited;
    await until(() => nodeGood.ids("peer_disconnected").includes(godotGoodId), "gdnet hearing Godot leave");

    const godotBadId = Number(godotBad.find("auth_data")?.me);
    return {
      relay,
      relayAuth,
      nodeGood,
      nodeBad,
      nodeAuth,
      godotBad,
      godotGood,
      ids: {
        nodeGood: nodeGood.mp.getUniqueId(),
        // The other wrong secret the relay got is the gdnet client's (its own id is gone with its peer).
        nodeBad: relayAuth.find(([id, text]) => text === "wrong" && id !== godotBadId)?.[0] ?? 0,
        godotBad: godotBadId,
        godotGood: godotGoodId,
      },
    };
  } finally {
    for (const stop of stops.reverse()) stop();
  }
}

let sessionPromise: Promise<AuthSession> | null = null;
const session = (): Promise<AuthSession> => {
  sessionPromise ??= runAuthSession();
  return sessionPromise;
};

describeGodot4("Authentication: gdnet's RelayServer with auth_callback, Godot 4.6 and gdnet clients", () => {
  it("the right secret admits a Godot game and a gdnet client, with the same signals on both", async () => {
    const s = await session();
    const { godotGood, ids } = s;
    expect(godotGood.code, explain(godotGood, "mp_session")).toBe(0);
    // Godot: the server is authenticating first, its challenge arrives, the answer goes, and only
    // then is the server a peer (connected_to_server inside the admission, with the id).
    const godotSignals = godotGood.events
      .filter((e) => ["peer_authenticating", "auth_data", "auth_sent", "connected", "peer_connected"].includes(e.event))
      .map((e) => [e.event, e.id ?? e.text ?? e.send_error]);
    expect(godotSignals.slice(0, 6)).toEqual([
      ["peer_authenticating", 1],
      ["auth_data", CHALLENGE],
      ["auth_sent", 0],
      ["connected", ids.godotGood],
      ["peer_connected", 1],
      ["peer_connected", ids.nodeGood],
    ]);
    expect(godotGood.find("auth_sent")).toMatchObject({ send_error: 0, complete_error: 0 });
    // gdnet: the same order of signals.
    expect(s.nodeAuth.good).toEqual([[1, CHALLENGE]]);
    expect(s.nodeGood.events.slice(0, 3)).toEqual([["peer_authenticating", 1], ["connected_to_server"], ["peer_connected", 1]]);
    // The relay got both secrets and admitted both; the two talked once admitted.
    expect(s.relayAuth).toContainEqual([ids.nodeGood, SECRET]);
    expect(s.relayAuth).toContainEqual([ids.godotGood, SECRET]);
    expect(s.relay.ids("peer_connected")).toEqual([ids.nodeGood, ids.godotGood]);
    expect(godotGood.find("called", (e) => e.method === "default_mode")).toMatchObject({ from: ids.nodeGood });
    expect(s.nodeGood.calls.find((c) => c.method === "default_mode")).toMatchObject({ from: ids.godotGood });
  });

  it("a wrong secret gets a client disconnected, with the same signals in Godot and gdnet, and nobody hears of it", async () => {
    const s = await session();
    const { godotBad, ids } = s;
    expect(godotBad.code, explain(godotBad, "mp_session")).toBe(0);
    expect(ids.godotBad).toBeGreaterThan(1);
    expect(ids.nodeBad).toBeGreaterThan(1);
    const godotSignals = godotBad.events
      .filter((e) =>
        [
          "peer_authenticating",
          "peer_authentication_failed",
          "connected",
          "peer_connected",
          "server_disconnected",
          "connection_failed",
        ].includes(e.event),
      )
      .map((e) => (e.id === undefined ? [e.event] : [e.event, e.id]));
    expect(godotSignals).toEqual([["peer_authenticating", 1], ["peer_authentication_failed", 1], ["server_disconnected"]]);
    expect(godotBad.find("auth_sent")).toMatchObject({ send_error: 0, complete_error: 0 });
    // gdnet's SceneMultiplayer: the same three, in the same order (Godot's "connected" is
    // connected_to_server, which neither emits).
    const gdnetSignals = s.nodeBad.events.map((e) => (e[0] === "server_disconnected" ? ["server_disconnected"] : e));
    expect(gdnetSignals).toEqual([["peer_authenticating", 1], ["peer_authentication_failed", 1], ["server_disconnected"]]);
    expect(s.nodeAuth.bad).toEqual([[1, CHALLENGE]]);
    // The relay: both were authenticating, both failed, neither was admitted or announced.
    expect(s.relayAuth).toContainEqual([ids.godotBad, "wrong"]);
    expect(s.relayAuth).toContainEqual([ids.nodeBad, "wrong"]);
    expect(s.relay.ids("peer_authenticating")).toEqual([ids.nodeGood, ids.godotBad, ids.godotGood, ids.nodeBad]);
    expect(s.relay.ids("peer_authentication_failed")).toEqual([ids.godotBad, ids.nodeBad]);
    for (const bad of [ids.godotBad, ids.nodeBad]) {
      expect(s.relay.ids("peer_connected")).not.toContain(bad);
      expect(s.nodeGood.ids("peer_connected")).not.toContain(bad);
      expect(s.godotGood.all("peer_connected").map((e) => e.id)).not.toContain(bad);
    }
  });
});
