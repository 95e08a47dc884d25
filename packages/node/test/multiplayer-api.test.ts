// Godot 3's MultiplayerAPI over gd_mp_api WebSockets in Node: a real WebSocketServer and two
// WebSocketClients, each with its own MultiplayerAPI; RPC/RSET modes, master rules, the path
// cache, raw packets and signals.

import { encodeMpApiSimplifyPath, MpApiCommand } from "@gdnet/core";
import {
  type BytesLike,
  ConnectionStatus,
  GodotError,
  MultiplayerAPI,
  type NetworkNode,
  type NetworkNodeOptions,
  type Pollable,
  TransferMode,
  toUtf8,
  Vector2,
  WebSocketClient,
  WebSocketServer,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { printed } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Call = { method: string; args: unknown[]; from: number };

/** The player script: `remote func say`, `master func hit`, `puppet func sync_pos`... */
const PLAYER: NetworkNodeOptions = {
  rpc: { say: "remote", hit: "master", sync_pos: "puppet", chat: "remotesync", ask: "mastersync", show: "puppetsync" },
  rset: { hp: "puppet", nickname: "remote", secret: "disabled" },
};

interface End {
  api: MultiplayerAPI;
  node: NetworkNode;
  calls: Call[];
  sent: Uint8Array[];
}

function end(peer: WebSocketClient | WebSocketServer, options: NetworkNodeOptions = PLAYER): End {
  const api = new MultiplayerAPI();
  api.networkPeer = peer;
  const calls: Call[] = [];
  const record =
    (method: string) =>
    (...args: unknown[]): void => {
      calls.push({ method, args, from: api.getRpcSenderId() });
    };
  const node = api.registerNode(
    "/root/Game/Player",
    {
      say: record("say"),
      hit: record("hit"),
      sync_pos: record("sync_pos"),
      chat: record("chat"),
      ask: record("ask"),
      show: record("show"),
    },
    { ...options, properties: {} },
  );
  // Watch what goes out, to check the path cache and skipped sends.
  const sent: Uint8Array[] = [];
  const putPacket = peer.putPacket.bind(peer);
  peer.putPacket = (data: BytesLike): GodotError => {
    sent.push(Uint8Array.from(data as Uint8Array));
    return putPacket(data);
  };
  return { api, node, calls, sent };
}

/** A gd_mp_api WebSocketServer with its MultiplayerAPI, listening on a free port. */
async function listeningServer(): Promise<{ server: End; url: string }> {
  const wsServer = new WebSocketServer();
  wsServer.setBindIp("127.0.0.1");
  expect(wsServer.listen(0, [], true)).toBe(GodotError.OK);
  const url = `ws://127.0.0.1:${await wsServer.listening()}/`;
  cleanups.push(() => wsServer.stop());
  return { server: end(wsServer), url };
}

async function session(): Promise<{ server: End; a: End; b: End; idA: number; idB: number; all: Pollable[] }> {
  const { server, url } = await listeningServer();
  const ends: End[] = [server];
  const join = async (): Promise<End> => {
    const client = new WebSocketClient();
    cleanups.push(() => client.disconnectFromHost(-1));
    const joined = end(client);
    client.connectToUrl(url, [], true);
    ends.push(joined);
    await nextSignal(
      joined.api,
      "connected_to_server",
      ends.map((e) => e.api),
    );
    return joined;
  };
  const a = await join();
  const b = await join();
  const all = ends.map((e) => e.api);
  await pollUntil(all, () => a.api.getNetworkConnectedPeers().length === 2 && server.api.getNetworkConnectedPeers().length === 2);
  return { server, a, b, idA: a.api.getNetworkUniqueId(), idB: b.api.getNetworkUniqueId(), all };
}

describe("MultiplayerAPI (Godot 3) over gd_mp_api WebSockets", () => {
  it("connects: ids, connected peers and the network_peer_connected / connected_to_server signals", async () => {
    const { server, a, b, idA, idB } = await session();
    expect(server.api.isNetworkServer()).toBe(true);
    expect(a.api.isNetworkServer()).toBe(false);
    expect(server.api.getNetworkConnectedPeers()).toEqual([idA, idB].sort((x, y) => x - y));
    expect(a.api.getNetworkConnectedPeers().sort()).toEqual([1, idB].sort());
    expect(b.api.getNetworkConnectedPeers().sort()).toEqual([1, idA].sort());
  });

  it("disconnects a client that announces more paths than the cache keeps (1008 'Too many node paths')", async () => {
    const { server, a, b, idA, idB, all } = await session();
    server.api.pathCacheLimits = { maxPathsPerPeer: 100 };
    const client = a.api.getNetworkPeer() as WebSocketClient;
    const connection = client.getPeer(1);
    client.setTargetPeer(1);
    printed.length = 0;
    let sent = 0;
    let confirmed = 0;
    const flood = {
      poll(): void {
        client.poll();
        while (client.getAvailablePacketCount() > 0)
          if (client.getPacket()[0] === MpApiCommand.NETWORK_COMMAND_CONFIRM_PATH) confirmed++;
        // New ids for the node the server has: each one is kept until the limit.
        while (sent < 200 && sent - confirmed < 16) {
          if (client.putPacket(encodeMpApiSimplifyPath({ cacheId: sent + 1, path: "Game/Player" })) !== GodotError.OK) break;
          sent++;
        }
      },
    };
    await pollUntil([flood, server.api, b.api], () => connection?.getReadyState() === 3, {
      what: "the server to close the flooder",
    });
    expect([connection?.getCloseCode(), connection?.getCloseReason()]).toEqual([1008, "Too many node paths"]);
    expect(confirmed).toBe(100);
    expect(printed.some((line) => line.startsWith(`ERR_OUT_OF_MEMORY: Peer ${idA} announced more node paths`))).toBe(true);
    await pollUntil([server.api, b.api], () => server.api.getNetworkConnectedPeers().length === 1);
    expect(b.node.rpcId(1, "say", "still here")).toBe(GodotError.OK);
    await pollUntil(all, () => server.calls.length === 1);
    expect(server.calls).toEqual([{ method: "say", args: ["still here"], from: idB }]);
  });

  it("inside connected_to_server, has its id and sends an RPC to the server", async () => {
    const { server, url } = await listeningServer();
    const client = new WebSocketClient();
    cleanups.push(() => client.disconnectFromHost(-1));
    const a = end(client);
    const seen: number[] = [];
    a.api.on("connected_to_server", () => {
      seen.push(a.api.getNetworkUniqueId());
      expect(a.node.rpcId(1, "say", "hello")).toBe(GodotError.OK);
    });
    client.connectToUrl(url, [], true);
    await pollUntil([server.api, a.api], () => server.calls.length === 1, { what: "the RPC sent in connected_to_server" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(1);
    expect(server.calls).toEqual([{ method: "say", args: ["hello"], from: seen[0] }]);
  });

  it("refuses path cache limits that are not positive integers", () => {
    const api = new MultiplayerAPI();
    expect(() => {
      api.pathCacheLimits = { maxPathBytesPerPeer: -1 };
    }).toThrow(/maxPathBytesPerPeer must be a positive integer/);
    expect(api.pathCacheLimits).toEqual({ maxPathsPerPeer: 4096, maxPathBytesPerPeer: 1048576 });
  });

  it("runs a remote RPC on every other peer, with getRpcSenderId, and not locally", async () => {
    const { server, a, b, idA, all } = await session();
    expect(a.node.rpc("say", "hello", new Vector2(1.5, -2))).toBe(GodotError.OK);
    await pollUntil(all, () => server.calls.length === 1 && b.calls.length === 1);
    expect(server.calls).toEqual([{ method: "say", args: ["hello", new Vector2(1.5, -2)], from: idA }]);
    expect(b.calls).toEqual([{ method: "say", args: ["hello", new Vector2(1.5, -2)], from: idA }]);
    expect(a.calls).toEqual([]);
    expect(a.api.getRpcSenderId()).toBe(0);
  });

  it("sends rpcId to one peer only, and rpcUnreliableId too (WebSocket stays reliable)", async () => {
    const { server, a, b, idA, idB, all } = await session();
    a.node.rpcId(idB, "say", 1);
    a.node.rpcUnreliableId(1, "say", 2);
    await pollUntil(all, () => server.calls.length === 1 && b.calls.length === 1);
    expect(b.calls).toEqual([{ method: "say", args: [1], from: idA }]);
    expect(server.calls).toEqual([{ method: "say", args: [2], from: idA }]);
    expect(a.api.getNetworkPeer()?.getTransferMode()).toBe(TransferMode.TRANSFER_MODE_RELIABLE);
  });

  it("runs a master function only on the master: the server's, and the client's own when it is master", async () => {
    const { server, a, b, idA, all } = await session();
    printed.length = 0;
    a.node.rpc("hit", 10);
    const refused = () => printed.some((line) => line.startsWith("ERR_UNAUTHORIZED") && line.includes("'hit'"));
    await pollUntil(all, () => server.calls.length === 1 && refused());
    expect(server.calls).toEqual([{ method: "hit", args: [10], from: idA }]);
    expect(b.calls).toEqual([]);
    // The master calling its own master function runs it here and sends nothing (Godot 3 `_should_call_local`).
    const before = server.sent.length;
    expect(server.node.rpc("hit", 11)).toBe(GodotError.OK);
    expect(server.calls.at(-1)).toEqual({ method: "hit", args: [11], from: 1 });
    expect(server.sent.length).toBe(before);
  });

  it("accepts a puppet function only from the master, on the puppets", async () => {
    const { server, a, b, idA, idB, all } = await session();
    server.node.rpc("sync_pos", new Vector2(3, 4));
    await pollUntil(all, () => a.calls.length === 1 && b.calls.length === 1);
    expect(a.calls[0]).toEqual({ method: "sync_pos", args: [new Vector2(3, 4)], from: 1 });
    expect(server.calls).toEqual([]);
    printed.length = 0;
    a.node.rpcId(idB, "sync_pos", new Vector2(9, 9));
    await pollUntil(all, () =>
      printed.some((line) => line.includes(`'sync_pos' is not allowed`) && line.includes(`from: ${idA}`)),
    );
    expect(b.calls).toHaveLength(1);
  });

  it("runs remotesync here and everywhere, puppetsync on puppets and here, mastersync on the master and here", async () => {
    const { server, a, b, idA, all } = await session();
    a.node.rpc("chat", "hi");
    expect(a.calls).toEqual([{ method: "chat", args: ["hi"], from: idA }]);
    await pollUntil(all, () => server.calls.length === 1 && b.calls.length === 1);
    expect(b.calls).toEqual([{ method: "chat", args: ["hi"], from: idA }]);

    server.node.rpc("show", 1);
    expect(server.calls.at(-1)).toEqual({ method: "show", args: [1], from: 1 });
    await pollUntil(all, () => a.calls.length === 2 && b.calls.length === 2);
    expect(a.calls.at(-1)).toEqual({ method: "show", args: [1], from: 1 });

    a.node.rpc("ask", "q");
    expect(a.calls.at(-1)).toEqual({ method: "ask", args: ["q"], from: idA });
    await pollUntil(all, () => server.calls.length === 3);
    expect(server.calls.at(-1)).toEqual({ method: "ask", args: ["q"], from: idA });
    const sentBefore = server.sent.length;
    server.node.rpc("ask", "self");
    expect(server.calls.at(-1)).toEqual({ method: "ask", args: ["self"], from: 1 });
    expect(server.sent.length).toBe(sentBefore);
  });

  it("follows setNetworkMaster: a client made master runs master functions, the server then does not", async () => {
    const { server, a, b, idA, all } = await session();
    for (const e of [server, a, b]) e.node.setNetworkMaster(idA);
    expect(a.node.isNetworkMaster()).toBe(true);
    b.node.rpc("hit", 1);
    await pollUntil(all, () => a.calls.length === 1);
    expect(a.calls[0]?.method).toBe("hit");
    a.node.rpc("sync_pos", 5);
    await pollUntil(all, () => server.calls.length === 1 && b.calls.length === 1);
    expect(server.calls).toEqual([{ method: "sync_pos", args: [5], from: idA }]);
  });

  it("never runs a function without a mode (disabled), and refuses a call on yourself the mode forbids", async () => {
    const { server, a, all } = await session();
    printed.length = 0;
    const options: NetworkNodeOptions = { rpc: { ...PLAYER.rpc, say: "disabled" }, rset: PLAYER.rset ?? {} };
    const strict = server.api.registerNode(
      "/root/Game/Player",
      { say: () => server.calls.push({ method: "say", args: [], from: 0 }) },
      options,
    );
    a.node.rpc("say", "x");
    await pollUntil(all, () => printed.some((line) => line.includes("'say' is not allowed")));
    expect(server.calls).toEqual([]);
    // A client calling its own master-only function: it is not the master, so Godot 3 refuses.
    expect(a.node.rpcId(a.api.getNetworkUniqueId(), "hit", 1)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(a.api.getLastError()?.message).toMatch(/on yourself is not allowed/);
    expect(strict.rpcModeOf("say")).toBe(MultiplayerAPI.RPC_MODE_DISABLED);
  });

  it("sets puppet variables from the master with rset, and refuses rset from anyone else", async () => {
    const { server, a, b, all } = await session();
    server.node.rset("hp", 42);
    await pollUntil(all, () => a.node.properties.hp === 42 && b.node.properties.hp === 42);
    expect(server.node.properties.hp).toBeUndefined();
    printed.length = 0;
    a.node.rsetId(1, "hp", 0);
    a.node.rset("secret", "x");
    await pollUntil(all, () => printed.filter((line) => line.includes("RSET")).length >= 3);
    expect(server.node.properties.hp).toBeUndefined();
    expect(server.node.properties.secret).toBeUndefined();
    a.node.rsetUnreliable("nickname", "ann");
    await pollUntil(all, () => b.node.properties.nickname === "ann");
    expect(server.node.properties.nickname).toBe("ann");
    expect(a.node.properties.nickname).toBeUndefined();
  });

  it("announces a node path once per peer (SIMPLIFY_PATH), then sends the cache id only", async () => {
    const { server, a, all } = await session();
    a.sent.length = 0;
    a.node.rpcId(1, "say", 1);
    // SIMPLIFY_PATH (command 2) then REMOTE_CALL (0) carrying the path (target has the 0x80000000 flag).
    expect(a.sent.map((packet) => packet[0])).toEqual([2, 0]);
    const withPath = a.sent[1] as Uint8Array;
    expect(withPath[4]).toBe(0x80);
    await pollUntil(all, () => server.calls.length === 1);
    // The server confirmed (CONFIRM_PATH, command 3) before this raw packet, on the same connection.
    expect(server.sent.map((packet) => packet[0])).toEqual([3]);
    server.api.sendBytes(toUtf8("after the confirmation"), a.api.getNetworkUniqueId());
    await nextSignal(a.api, "network_peer_packet", all);
    a.sent.length = 0;
    a.node.rpcId(1, "say", 2);
    expect(a.sent.map((packet) => packet[0])).toEqual([0]);
    expect(a.sent[0]?.[4]).toBe(0);
    expect((a.sent[0] as Uint8Array).length).toBeLessThan(withPath.length);
  });

  it("sends raw bytes with sendBytes: network_peer_packet(id, bytes) on the receivers", async () => {
    const { server, a, b, idA, idB, all } = await session();
    const got: Array<[string, number, string]> = [];
    for (const [name, e] of [
      ["server", server],
      ["b", b],
    ] as const) {
      e.api.on("network_peer_packet", (id, packet) => got.push([name, id, new TextDecoder().decode(packet)]));
    }
    expect(a.api.sendBytes(toUtf8("to all"))).toBe(GodotError.OK);
    expect(a.api.sendBytes(toUtf8("to b"), idB)).toBe(GodotError.OK);
    await pollUntil(all, () => got.length === 3);
    expect(got.sort()).toEqual(
      [
        ["b", idA, "to all"],
        ["b", idA, "to b"],
        ["server", idA, "to all"],
      ].sort(),
    );
    expect(a.api.sendBytes(new Uint8Array(0))).toBe(GodotError.ERR_INVALID_DATA);
  });

  it("emits network_peer_disconnected when a client leaves, and connection_failed on the client when the server goes", async () => {
    const { server, a, b, idB, all } = await session();
    (b.api.getNetworkPeer() as WebSocketClient).disconnectFromHost();
    const [gone] = await nextSignal(a.api, "network_peer_disconnected", all);
    expect(gone).toBe(idB);
    await pollUntil(all, () => !server.api.getNetworkConnectedPeers().includes(idB));
    (server.api.getNetworkPeer() as WebSocketServer).stop();
    await nextSignal(a.api, "connection_failed", all);
    expect(a.node.rpc("say", 1)).toBe(GodotError.ERR_CONNECTION_ERROR);
  });

  // Regression (found by interop/godot3/multiplayer-api.test.ts): a Godot 3.2 WebSocketClient
  // stays CONNECTED through the closing handshake, so the MultiplayerAPI polling it sees the close
  // and emits connection_failed. gdnet's client once reported DISCONNECTED as soon as it started
  // closing, MultiplayerAPI stopped polling it, and the close was never processed.
  it("emits connection_failed on a client that disconnects itself, with only its MultiplayerAPI polling it", async () => {
    const { server, a, b, idA, all } = await session();
    const client = a.api.getNetworkPeer() as WebSocketClient;
    const failed: string[] = [];
    a.api.on("connection_failed", () => failed.push("connection_failed"));
    client.disconnectFromHost();
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    await pollUntil(all, () => failed.length === 1);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    await pollUntil(all, () => !server.api.getNetworkConnectedPeers().includes(idA));
    await pollUntil(all, () => !b.api.getNetworkConnectedPeers().includes(idA));
  });

  it("reports an RPC for a node it does not have, unless unknownNodes is 'ignore'", async () => {
    const { server, a, all } = await session();
    server.api.unregisterNode("/root/Game/Player");
    printed.length = 0;
    a.node.rpcId(1, "say", 1);
    await pollUntil(all, () => printed.some((line) => line.startsWith("ERR_DOES_NOT_EXIST")));
    server.api.unknownNodes = "ignore";
    printed.length = 0;
    a.node.rpcId(1, "say", 2);
    a.api.sendBytes(toUtf8("marker"), 1);
    await nextSignal(server.api, "network_peer_packet", all);
    expect(printed.filter((line) => line.startsWith("ERR_DOES_NOT_EXIST"))).toEqual([]);
  });
});
