// Godot 4's SceneMultiplayer over WebSocketMultiplayerPeer, in Node: a relay server (gdnet relay)
// and real clients; RPCs, raw packets, relay targets, permissions, path cache and authentication.
import {
  GdFloat,
  type MultiplayerPeer,
  RelayServer,
  type RpcNode,
  type RpcNodeOptions,
  SceneMultiplayer,
  TransferMode,
  TypedArray,
  toUtf8,
  VariantType4,
  Vector2,
  WebSocketMultiplayerPeer,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { printed } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Call = { method: string; args: unknown[]; from: number };

const PLAYER: RpcNodeOptions = {
  rpc: {
    move: ["any_peer", "call_local", "unreliable"],
    say: ["any_peer"],
    teleport: ["authority", "call_local"],
    secret: { rpcMode: "disabled" },
  },
};

interface Client {
  mp: SceneMultiplayer;
  peer: WebSocketMultiplayerPeer;
  node: RpcNode;
  calls: Call[];
  packets: Array<[number, string]>;
}

function player(mp: SceneMultiplayer, calls: Call[], options: RpcNodeOptions = PLAYER): RpcNode {
  const record =
    (method: string) =>
    (...args: unknown[]): void => {
      calls.push({ method, args, from: mp.getRemoteSenderId() });
    };
  return mp.registerNode(
    "/root/Game/Player",
    { move: record("move"), say: record("say"), teleport: record("teleport"), secret: record("secret") },
    options,
  );
}

async function relay(): Promise<{ relay: RelayServer; url: string }> {
  const server = new RelayServer({ port: 0, host: "127.0.0.1" });
  const url = await server.start();
  cleanups.push(() => server.stop());
  return { relay: server, url };
}

function newClient(url: string, configure: (mp: SceneMultiplayer) => void = () => {}, options?: RpcNodeOptions): Client {
  const peer = new WebSocketMultiplayerPeer();
  const mp = new SceneMultiplayer();
  const calls: Call[] = [];
  const packets: Array<[number, string]> = [];
  const node = player(mp, calls, options);
  mp.on("peer_packet", (id, packet) => packets.push([id, new TextDecoder().decode(packet)]));
  configure(mp);
  peer.createClient(url);
  mp.multiplayerPeer = peer;
  cleanups.push(() => peer.close());
  return { mp, peer, node, calls, packets };
}

/** n clients that all see each other through the relay. */
async function session(n: number): Promise<{ relay: RelayServer; clients: Client[]; all: Array<{ poll(): void }> }> {
  const { relay: server, url } = await relay();
  const clients = Array.from({ length: n }, () => newClient(url));
  const all = [server.multiplayer, ...clients.map((c) => c.mp)];
  await pollUntil(all, () => clients.every((c) => c.mp.getPeers().length === n), { what: "everyone to see everyone" });
  return { relay: server, clients, all };
}

describe("SceneMultiplayer over the relay server", () => {
  it("announces every client to every other (SYS ADD_PEER) and emits connected_to_server", async () => {
    const { relay: server, url } = await relay();
    const a = newClient(url);
    const connectedToServer = nextSignal(a.mp, "connected_to_server", [server.multiplayer, a.mp]);
    await connectedToServer;
    const b = newClient(url);
    const c = newClient(url);
    const all = [server.multiplayer, a.mp, b.mp, c.mp];
    await pollUntil(all, () => [a, b, c].every((x) => x.mp.getPeers().length === 3));
    for (const x of [a, b, c]) {
      const others = [a, b, c].filter((y) => y !== x).map((y) => y.mp.getUniqueId());
      expect(x.mp.getPeers().sort()).toEqual([1, ...others].sort());
    }
    expect(server.peerCount).toBe(3);
    expect(a.mp.isServer()).toBe(false);
    expect(server.multiplayer.isServer()).toBe(true);
  });

  it("inside connected_to_server, has its id and sends an RPC to the server", async () => {
    const { relay: server, url } = await relay();
    const serverCalls: Call[] = [];
    player(server.multiplayer, serverCalls);
    const a = newClient(url);
    const seen: number[] = [];
    a.mp.on("connected_to_server", () => {
      seen.push(a.mp.getUniqueId());
      expect(a.node.rpc("say", "hello")).toBe(0);
      a.node.setMultiplayerAuthority(a.mp.getUniqueId());
    });
    await pollUntil([server.multiplayer, a.mp], () => serverCalls.length === 1, { what: "the RPC sent in connected_to_server" });
    expect(seen).toEqual([a.peer.getUniqueId()]);
    expect(seen[0]).toBeGreaterThan(1);
    expect(serverCalls).toEqual([{ method: "say", args: ["hello"], from: seen[0] }]);
  });

  it("delivers a typed Array argument as a TypedArray, and keeps a float 2.0 a GdFloat with rpcFloats", async () => {
    const { clients, all } = await session(2);
    const [a, b] = clients as [Client, Client];
    b.mp.rpcFloats = "GdFloat";
    expect(a.node.rpc("say", new TypedArray(VariantType4.INT, [1, 2]), new GdFloat(2))).toBe(0);
    await pollUntil(all, () => b.calls.length === 1);
    const [list, float] = (b.calls[0]?.args ?? []) as [unknown, unknown];
    expect(list).toBeInstanceOf(TypedArray);
    expect((list as TypedArray).elementType.type).toBe(VariantType4.INT);
    expect([...(list as TypedArray)]).toEqual([1, 2]);
    expect(float).toEqual(new GdFloat(2));
    // The default: a plain number.
    b.mp.rpcFloats = "number";
    a.node.rpc("say", new GdFloat(2));
    await pollUntil(all, () => b.calls.length === 2);
    expect(b.calls[1]?.args).toEqual([2]);
  });

  it("delivers a broadcast RPC to every other client, and runs it locally with call_local", async () => {
    const { clients, all } = await session(3);
    const [a, b, c] = clients as [Client, Client, Client];
    expect(a.node.rpc("move", new Vector2(1, 2), 7)).toBe(0);
    await pollUntil(all, () => b.calls.length === 1 && c.calls.length === 1);
    const idA = a.mp.getUniqueId();
    expect(a.calls).toEqual([{ method: "move", args: [new Vector2(1, 2), 7], from: idA }]);
    expect(b.calls).toEqual([{ method: "move", args: [new Vector2(1, 2), 7], from: idA }]);
    expect(c.calls).toEqual([{ method: "move", args: [new Vector2(1, 2), 7], from: idA }]);
  });

  it("delivers rpcId(N) to N only, and rpcId(-N) to everyone but N", async () => {
    const { clients, all } = await session(3);
    const [a, b, c] = clients as [Client, Client, Client];
    a.node.rpcId(b.mp.getUniqueId(), "say", "only b");
    a.node.rpcId(-b.mp.getUniqueId(), "say", "not b");
    await pollUntil(all, () => b.calls.length === 1 && c.calls.length === 1);
    expect(b.calls.map((x) => x.args[0])).toEqual(["only b"]);
    expect(c.calls.map((x) => x.args[0])).toEqual(["not b"]);
    expect(a.calls).toEqual([]);
  });

  it("sends raw bytes with sendBytes to all, to one, and to all but one (peer_packet)", async () => {
    const { clients, all } = await session(3);
    const [a, b, c] = clients as [Client, Client, Client];
    const idA = a.mp.getUniqueId();
    a.mp.sendBytes(toUtf8("all"));
    a.mp.sendBytes(toUtf8("to c"), c.mp.getUniqueId());
    a.mp.sendBytes(toUtf8("not c"), -c.mp.getUniqueId());
    await pollUntil(all, () => b.packets.length === 2 && c.packets.length === 2);
    expect(b.packets).toEqual([
      [idA, "all"],
      [idA, "not c"],
    ]);
    expect(c.packets).toEqual([
      [idA, "all"],
      [idA, "to c"],
    ]);
  });

  it("refuses an authority-only RPC from a peer that is not the authority, and reports it", async () => {
    const { clients, all } = await session(2);
    const [a, b] = clients as [Client, Client];
    a.node.rpc("teleport", 1);
    a.node.rpc("say", "after");
    await pollUntil(all, () => b.calls.length === 1);
    expect(b.calls.map((x) => x.method)).toEqual(["say"]);
    expect(b.mp.getLastError()?.code).toBe("ERR_UNAUTHORIZED");
    expect(b.mp.getLastError()?.message).toMatch(/teleport/);
  });

  it("accepts an authority-only RPC from the node's authority", async () => {
    const { clients, all } = await session(2);
    const [a, b] = clients as [Client, Client];
    const idA = a.mp.getUniqueId();
    a.node.setMultiplayerAuthority(idA);
    b.node.setMultiplayerAuthority(idA);
    expect(a.node.isMultiplayerAuthority()).toBe(true);
    a.node.rpc("teleport", 9);
    await pollUntil(all, () => b.calls.length === 1);
    expect(b.calls[0]).toEqual({ method: "teleport", args: [9], from: idA });
    expect(a.calls.map((x) => x.method)).toEqual(["teleport"]);
  });

  it("never runs a disabled RPC", async () => {
    const { clients, all } = await session(2);
    const [a, b] = clients as [Client, Client];
    a.node.rpc("secret");
    a.node.rpc("say", "marker");
    await pollUntil(all, () => b.calls.length === 1);
    expect(b.calls.map((x) => x.method)).toEqual(["say"]);
  });

  it("sends the full path until a peer confirms it, then the short cached form", async () => {
    const { clients, all } = await session(2);
    const [a, b] = clients as [Client, Client];
    const sizes: number[] = [];
    const peer = a.mp.multiplayerPeer as MultiplayerPeer;
    const original = peer.putPacket.bind(peer);
    peer.putPacket = (data) => {
      const bytes = data as Uint8Array;
      // Relayed RPCs: 07 03 <i32 target> then the REMOTE_CALL (command 0).
      if (bytes[0] === 7 && bytes[1] === 3 && ((bytes[6] ?? 1) & 7) === 0) sizes.push(bytes.length);
      return original(data);
    };
    let confirmed = false;
    const take = peer.getPacket.bind(peer);
    peer.getPacket = () => {
      const bytes = take();
      // b's CONFIRM_PATH comes relayed: 07 03 <i32 source> 02 ...
      if (bytes[0] === 7 && bytes[1] === 3 && bytes[6] === 2) confirmed = true;
      return bytes;
    };
    a.node.rpcId(b.mp.getUniqueId(), "say", "first");
    await pollUntil(all, () => b.calls.length === 1 && confirmed);
    a.node.rpcId(b.mp.getUniqueId(), "say", "second");
    await pollUntil(all, () => b.calls.length === 2);
    expect(sizes).toHaveLength(2);
    // "Game/Player\0" (12 bytes) and the 32-bit id make the first packet longer.
    expect((sizes[0] as number) - (sizes[1] as number)).toBe(12 + 3);
  });

  it("reports a node whose RPC methods differ between the two ends (checksum)", async () => {
    const { relay: server, url } = await relay();
    const a = newClient(url);
    const b = newClient(url, () => {}, { rpc: { say: ["any_peer"], extra: ["any_peer"] } });
    const all = [server.multiplayer, a.mp, b.mp];
    await pollUntil(all, () => a.mp.getPeers().length === 2 && b.mp.getPeers().length === 2);
    const before = printed.length;
    a.node.rpcId(b.mp.getUniqueId(), "move", new Vector2(0, 0), 0);
    await pollUntil(all, () => printed.slice(before).some((line) => /checksum failed/.test(line)));
    // a hears back that b's method set differs (CONFIRM_PATH with valid = 0).
    await pollUntil(all, () => printed.slice(before).some((line) => /reports a different RPC method set/.test(line)));
  });

  it("refuses an RPC that is not configured or to itself by mode; to an unknown peer it prints and returns OK, as Godot", async () => {
    const { clients } = await session(1);
    const [a] = clients as [Client];
    expect(a.node.rpc("undefinedMethod")).toBe(31);
    expect(a.node.rpcId(a.mp.getUniqueId(), "say", "x")).toBe(31);
    expect(a.mp.getLastError()?.message).toBe("RPC 'say' on yourself is not allowed by selected mode.");
    // scene_rpc_interface.cpp: _send_rpc prints and sends nothing; rpcp still returns OK.
    expect(a.node.rpcId(987654, "say", "x")).toBe(0);
    expect(a.mp.getLastError()?.message).toBe("Attempt to call RPC with unknown peer ID: 987654.");
  });

  it("emits connection_failed when the server is not there, and server_disconnected when it goes", async () => {
    const { relay: server, url } = await relay();
    const a = newClient(url);
    await nextSignal(a.mp, "connected_to_server", [server.multiplayer, a.mp]);
    server.stop();
    await nextSignal(a.mp, "server_disconnected", a.mp);
    expect(a.mp.getPeers()).toEqual([]);
    const b = newClient(url);
    await nextSignal(b.mp, "connection_failed", b.mp);
  });

  it("tells the others when a client leaves (SYS DEL_PEER)", async () => {
    const { clients, all } = await session(3);
    const [a, b, c] = clients as [Client, Client, Client];
    const idC = c.mp.getUniqueId();
    const gone: number[] = [];
    a.mp.on("peer_disconnected", (id) => gone.push(id));
    c.peer.close();
    await pollUntil(all, () => gone.length === 1 && !b.mp.getPeers().includes(idC));
    expect(gone).toEqual([idC]);
  });
});

describe("SceneMultiplayer authentication", () => {
  async function authSession(options: { clientCompletes: boolean; timeout?: number }) {
    const server = new RelayServer({ port: 0, host: "127.0.0.1" });
    const received: Array<[number, string]> = [];
    server.multiplayer.authTimeout = options.timeout ?? 3;
    server.multiplayer.authCallback = (id, data) => {
      received.push([id, new TextDecoder().decode(data)]);
      if (new TextDecoder().decode(data) === "secret") server.multiplayer.completeAuth(id);
    };
    const url = await server.start();
    cleanups.push(() => server.stop());
    const events: string[] = [];
    server.multiplayer.on("peer_authenticating", (id) => events.push(`authenticating ${id}`));
    server.multiplayer.on("peer_authentication_failed", (id) => events.push(`failed ${id}`));
    server.multiplayer.on("peer_connected", (id) => events.push(`connected ${id}`));
    const a = newClient(url, (mp) => {
      mp.authCallback = () => {};
      mp.on("peer_authenticating", (id) => {
        mp.sendAuth(id, toUtf8("secret"));
        if (options.clientCompletes) mp.completeAuth(id);
      });
    });
    return { server, received, events, a, all: [server.multiplayer, a.mp] };
  }

  it("admits a peer once both sides completed, after auth_callback saw its data", async () => {
    const { received, events, a, all } = await authSession({ clientCompletes: true });
    await nextSignal(a.mp, "connected_to_server", all);
    const id = a.mp.getUniqueId();
    await pollUntil(all, () => events.includes(`connected ${id}`));
    expect(received).toEqual([[id, "secret"]]);
    expect(events).toEqual([`authenticating ${id}`, `connected ${id}`]);
  });

  it("drops anything but AUTH from a peer still authenticating, and fails it on the timeout", async () => {
    const { server, events, a, all } = await authSession({ clientCompletes: false, timeout: 1.5 });
    await pollUntil(all, () => events.some((e) => e.startsWith("authenticating")) && a.mp.getAuthenticatingPeers().includes(1));
    // The client cannot talk before it is admitted: force a raw packet through its transport.
    const before = printed.length;
    a.peer.setTargetPeer(1);
    a.peer.putPacket(new Uint8Array([3, 0x41, 0x42]));
    await pollUntil(all, () =>
      printed.slice(before).some((line) => /ERR_UNAUTHORIZED: .*not finished authenticating/.test(line)),
    );
    await pollUntil(all, () => events.some((e) => e.startsWith("failed")));
    expect(server.multiplayer.getPeers()).toEqual([]);
    expect(server.multiplayer.getAuthenticatingPeers()).toEqual([]);
  });

  it("refuses sendAuth with no data, to a peer not authenticating, and after completing", async () => {
    const { a, all } = await authSession({ clientCompletes: false });
    await pollUntil(all, () => a.mp.getAuthenticatingPeers().includes(1));
    expect(a.mp.sendAuth(1, new Uint8Array(0))).toBe(31);
    expect(a.mp.sendAuth(55, toUtf8("x"))).toBe(31);
    expect(a.mp.completeAuth(1)).toBe(0);
    expect(a.mp.sendAuth(1, toUtf8("late"))).toBe(13);
    expect(a.mp.completeAuth(1)).toBe(13);
  });
});

describe("SceneMultiplayer basics", () => {
  it("has Godot's defaults", () => {
    const mp = new SceneMultiplayer();
    expect([mp.rootPath, mp.serverRelay, mp.authTimeout, mp.allowObjectDecoding, mp.authCallback, mp.getUniqueId()]).toEqual([
      "/root",
      true,
      3,
      false,
      null,
      0,
    ]);
    expect(mp.sendBytes(toUtf8("x"))).toBe(3);
    expect(mp.sendBytes(new Uint8Array(0))).toBe(30);
    expect(printed.length).toBeGreaterThan(0);
  });

  it("registers nodes by absolute or relative path under the root", () => {
    const mp = new SceneMultiplayer();
    const node = mp.registerNode("/root/Level/Enemy");
    expect(node.path).toBe("Level/Enemy");
    expect(mp.getNode("Level/Enemy")).toBe(node);
    expect(() => mp.registerNode("/elsewhere/Enemy")).toThrow(/not under the multiplayer root/);
    expect(TransferMode.TRANSFER_MODE_UNRELIABLE).toBe(0);
  });
});
