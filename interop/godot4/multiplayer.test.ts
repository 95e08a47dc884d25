// Godot 4.6's high-level multiplayer against gdnet: a Godot game (WebSocketMultiplayerPeer client
// + SceneMultiplayer) and a gdnet client join one session of gdnet's RelayServer, see each other
// with the same ids, and call RPCs on each other through the relay.
import {
  autoPoll,
  GdFloat,
  GodotError,
  RelayServer,
  SceneMultiplayer,
  TypedArray,
  VariantType4,
  Vector2,
  WebSocketMultiplayerPeer,
} from "gdnet";
import { afterEach, expect, it } from "vitest";
import { pollUntil } from "../../test-support/poll-until.js";
import { describeGodot4, explain, startGodot4 } from "./godot4.js";

/** rpc_peer.gd's @rpc functions: the same names and options on both sides give the same method ids. */
const RPC = {
  finish_run: ["any_peer", "call_remote", "reliable"],
  hello: ["any_peer", "call_remote", "reliable"],
  typed: ["any_peer", "call_remote", "reliable"],
} as const;
const NODE_PATH = "/root/Main/mp_rpc/Peer";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function relay(): Promise<string> {
  const server = new RelayServer({ port: 0, host: "127.0.0.1" });
  const url = await server.start();
  cleanups.push(() => server.stop());
  return url;
}

/** A gdnet client of the session with the rpc_peer.gd node; records its RPCs and signals. */
function gdnetClient(url: string) {
  const peer = new WebSocketMultiplayerPeer();
  const mp = new SceneMultiplayer();
  // Godot's 2.0 stays a float (GdFloat) instead of becoming the number 2.
  mp.rpcFloats = "GdFloat";
  const calls: Array<{ method: string; from: number; args: unknown[] }> = [];
  const record =
    (method: string) =>
    (...args: unknown[]): void => {
      calls.push({ method, from: mp.getRemoteSenderId(), args });
    };
  const node = mp.registerNode(
    NODE_PATH,
    { hello: record("hello"), typed: record("typed"), finish_run: record("finish_run") },
    { rpc: RPC },
  );
  const seen = { idInConnected: -1, peers: [] as number[], left: [] as number[] };
  mp.on("connected_to_server", () => {
    seen.idInConnected = mp.getUniqueId();
  });
  mp.on("peer_connected", (id) => seen.peers.push(id));
  mp.on("peer_disconnected", (id) => seen.left.push(id));
  if (peer.createClient(url) !== GodotError.OK) throw peer.getLastError();
  mp.multiplayerPeer = peer;
  const stopPolling = autoPoll(mp);
  cleanups.push(() => {
    stopPolling();
    peer.close();
  });
  return { peer, mp, node, calls, seen };
}

describeGodot4("Multiplayer: a Godot 4.6 game and a gdnet client in gdnet's RelayServer", () => {
  it("both get ids, see each other join with those ids, and call RPCs on each other", async () => {
    const url = await relay();
    const godot = startGodot4("mp_rpc", { args: { url }, timeoutS: 15 });
    const connected = await godot.waitFor("connected");
    const godotId = Number(connected.id);
    expect(godotId).toBeGreaterThan(1);

    const client = gdnetClient(url);
    await pollUntil([], () => client.seen.peers.includes(godotId), { what: "gdnet's peer_connected for Godot" });
    const gdnetId = client.mp.getUniqueId();
    // Inside connected_to_server gdnet already has its id, as Godot does.
    expect(client.seen.idInConnected).toBe(gdnetId);
    expect(client.seen.peers).toContain(1);
    await godot.waitFor("peer_connected", { match: (e) => e.id === gdnetId });
    expect(godot.find("peer_connected", (e) => e.id === 1)).toBeDefined();

    // gdnet -> Godot.
    expect(client.node.rpcId(godotId, "hello", "from gdnet ✓", 42)).toBe(GodotError.OK);
    expect(
      client.node.rpcId(
        godotId,
        "typed",
        1,
        new GdFloat(2),
        "x ✓",
        new Vector2(0.5, 3),
        new TypedArray(VariantType4.INT, [7, 8]),
      ),
    ).toBe(GodotError.OK);
    const hello = await godot.waitFor("called", { match: (e) => e.method === "hello" });
    expect(hello).toMatchObject({ from: gdnetId, args: ['"from gdnet ✓"', "42"], types: [4, 2] });
    const typed = await godot.waitFor("called", { match: (e) => e.method === "typed" });
    expect(typed).toMatchObject({ from: gdnetId, args: ["1", "2.0", '"x ✓"', "Vector2(0.5, 3)", "Array[int]([7, 8])"] });

    // Godot -> gdnet (sent when Godot saw gdnet join).
    await pollUntil([], () => client.calls.length >= 2, { what: "Godot's RPCs at gdnet" });
    expect(godot.all("rpc_sent").map((e) => [e.method, e.error])).toEqual([
      ["hello", 0],
      ["typed", 0],
    ]);
    expect(client.calls[0]).toEqual({ method: "hello", from: godotId, args: ["from Godot ✓", 7] });
    const [i, f, s, v, a] = client.calls[1]?.args ?? [];
    expect(client.calls[1]?.from).toBe(godotId);
    expect([i, f, s]).toEqual([3, new GdFloat(2), "ß"]);
    expect(v).toEqual(new Vector2(1.5, -2));
    expect(a).toBeInstanceOf(TypedArray);
    expect([...(a as TypedArray<number>)]).toEqual([4, 5]);
    expect((a as TypedArray<number>).elementType.type).toBe(VariantType4.INT);

    client.node.rpcId(godotId, "finish_run");
    const result = await godot.exited;
    expect(result.code, explain(result, "mp_rpc")).toBe(0);
    // Godot closed its peer: the relay tells gdnet it left.
    await pollUntil([], () => client.seen.left.includes(godotId), { what: "gdnet's peer_disconnected for Godot" });
  });

  it("Godot refuses an untyped Array for an Array[int] parameter; an int for a float parameter is converted", async () => {
    const url = await relay();
    const godot = startGodot4("mp_rpc", { args: { url }, timeoutS: 15 });
    const godotId = Number((await godot.waitFor("connected")).id);
    const client = gdnetClient(url);
    await pollUntil([], () => client.seen.peers.includes(godotId), { what: "gdnet's peer_connected for Godot" });
    client.node.rpcId(godotId, "typed", 1, 2, "x", new Vector2(), [7, 8]);
    client.node.rpcId(godotId, "typed", 1, 2, "x", new Vector2(), new TypedArray(VariantType4.INT, [7, 8]));
    client.node.rpcId(godotId, "finish_run");
    const result = await godot.exited;
    expect(result.code, explain(result, "mp_rpc")).toBe(0);
    const typed = result.all("called").filter((e) => e.method === "typed");
    // Only the TypedArray call ran; the int 2 arrived in the float parameter as 2.0.
    expect(typed.map((e) => e.args)).toEqual([["1", "2.0", '"x"', "Vector2(0, 0)", "Array[int]([7, 8])"]]);
    expect(result.stderr).toMatch(/Cannot convert argument 5 from Array to Array/);
  });
});
