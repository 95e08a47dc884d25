// The Godot 3.2 relay (gdnet relay --godot 3) with gdnet WebSocketClients and MultiplayerAPIs:
// RPCs between clients through it, path confirmation, and RPCs for nodes it does not have.
import { encodeMpApiSimplifyPath, MpApiCommand } from "@gdnet/core";
import { GodotError, MultiplayerAPI, type NetworkNode, RelayServer3, Vector2, WebSocketClient } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { heapAfterGc } from "../../../test-support/heap.js";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { printed } from "../../../test-support/servers.js";
import { numberedPayload, StalledReader } from "../../../test-support/stalled-reader.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function relay(): Promise<{ server: RelayServer3; url: string }> {
  const server = new RelayServer3({ port: 0, host: "127.0.0.1" });
  const url = await server.start();
  cleanups.push(() => server.stop());
  return { server, url };
}

interface Player {
  api: MultiplayerAPI;
  node: NetworkNode;
  moves: Array<[number, Vector2]>;
}

async function join(url: string, others: MultiplayerAPI[] = []): Promise<Player> {
  const client = new WebSocketClient();
  cleanups.push(() => client.disconnectFromHost(-1));
  const api = new MultiplayerAPI();
  api.networkPeer = client;
  const moves: Array<[number, Vector2]> = [];
  const node = api.registerNode(
    "/root/World/Player",
    {
      move(position: Vector2) {
        moves.push([api.getRpcSenderId(), position]);
      },
    },
    { rpc: { move: "remote" } },
  );
  expect(client.connectToUrl(url, [], true)).toBe(GodotError.OK);
  await nextSignal(api, "connected_to_server", [api, ...others]);
  return { api, node, moves };
}

describe("RelayServer3 (gdnet relay --godot 3)", () => {
  it("gives the URL it listens on and counts its clients", async () => {
    const { server, url } = await relay();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const a = await join(url);
    await pollUntil(a.api, () => server.peerCount === 1);
    expect(server.multiplayer.isNetworkServer()).toBe(true);
  });

  it("carries RPCs between clients, who see each other join", async () => {
    const { url } = await relay();
    const a = await join(url);
    const b = await join(url, [a.api]);
    const idA = a.api.getNetworkUniqueId();
    const idB = b.api.getNetworkUniqueId();
    await pollUntil([a.api, b.api], () => a.api.getNetworkConnectedPeers().includes(idB));
    expect(a.node.rpc("move", new Vector2(1, 2))).toBe(GodotError.OK);
    expect(b.node.rpcId(idA, "move", new Vector2(3, 4))).toBe(GodotError.OK);
    await pollUntil([a.api, b.api], () => a.moves.length === 1 && b.moves.length === 1);
    expect(b.moves).toEqual([[idA, new Vector2(1, 2)]]);
    expect(a.moves).toEqual([[idB, new Vector2(3, 4)]]);
  });

  it("confirms node paths it does not have and stays quiet about RPCs for them", async () => {
    const { server, url } = await relay();
    const a = await join(url);
    const client = a.api.getNetworkPeer() as WebSocketClient;
    const sent: number[] = [];
    const putPacket = client.putPacket.bind(client);
    client.putPacket = (data) => {
      sent.push((data as Uint8Array)[4] ?? -1);
      return putPacket(data);
    };
    printed.length = 0;
    a.node.rpcId(1, "move", new Vector2(5, 6));
    a.api.sendBytes(new Uint8Array([1]), 1);
    await nextSignal(server.multiplayer, "network_peer_packet", [a.api]);
    // A round trip: the relay's CONFIRM_PATH reaches the client before this packet.
    server.multiplayer.sendBytes(new Uint8Array([2]), a.api.getNetworkUniqueId());
    await nextSignal(a.api, "network_peer_packet", [a.api]);
    sent.length = 0;
    a.node.rpcId(1, "move", new Vector2(7, 8));
    // The cached form: the target's high byte has no 0x80 path flag.
    expect(sent).toEqual([0]);
    expect(printed).toEqual([]);
  });

  it("confirms a flood of 32 KB paths for nodes it does not have without storing them", async () => {
    const { url } = await relay();
    const a = await join(url);
    const b = await join(url, [a.api]);
    const flooder = new WebSocketClient();
    cleanups.push(() => flooder.disconnectFromHost(-1));
    expect(flooder.connectToUrl(url, [], true)).toBe(GodotError.OK);
    await pollUntil([flooder, a.api, b.api], () => flooder.getUniqueId() !== 0, { what: "the flooder's id" });
    flooder.setTargetPeer(1);
    const before = heapAfterGc();
    const count = 500;
    let sent = 0;
    let confirmed = 0;
    const flood = {
      poll(): void {
        flooder.poll();
        while (flooder.getAvailablePacketCount() > 0)
          if (flooder.getPacket()[0] === MpApiCommand.NETWORK_COMMAND_CONFIRM_PATH) confirmed++;
        // One at a time: each confirmation echoes the 32 KB path, which a client must read.
        while (sent < count && sent === confirmed) {
          const path = `${sent}/${"x".repeat(32_000)}`;
          if (flooder.putPacket(encodeMpApiSimplifyPath({ cacheId: sent + 1, path })) !== GodotError.OK) break;
          sent++;
        }
      },
    };
    await pollUntil([flood, a.api, b.api], () => confirmed === count, { what: "every path confirmed" });
    // 16 MB of paths went in; Godot 3.2 would keep them all.
    expect(heapAfterGc() - before).toBeLessThan(4 << 20);
    expect(a.node.rpc("move", new Vector2(1, 1))).toBe(GodotError.OK);
    await pollUntil([flood, a.api, b.api], () => b.moves.length === 1, { what: "the honest RPC" });
  });

  it("rejects a port in use with the platform's error", async () => {
    const { url } = await relay();
    const port = Number(new URL(url).port);
    const second = new RelayServer3({ port, host: "127.0.0.1" });
    await expect(second.start()).rejects.toMatchObject({ code: "ERR_ALREADY_IN_USE" });
  });
  it("disconnects a reader whose link stalls (1008 'Outbound buffer full') instead of losing its relayed packets", async () => {
    const { server, url } = await relay();
    const a = await join(url);
    const b = await join(url, [a.api]);
    const stalled = new StalledReader(url, 1024);
    cleanups.push(() => stalled.terminate());
    await pollUntil([a.api, b.api], () => b.api.getNetworkConnectedPeers().length === 3, { what: "the stalled reader" });
    const count = 3000;
    const received: number[] = [];
    b.api.on("network_peer_packet", (_id, packet) => {
      if (packet.length === 8192) received.push(new DataView(packet.buffer, packet.byteOffset, 8192).getUint32(8188, true));
    });
    let sent = 0;
    const pump = {
      poll(): void {
        while (sent < count && sent - received.length < 64) {
          if (a.api.sendBytes(numberedPayload(8192, sent)) !== GodotError.OK) break;
          sent++;
        }
      },
    };
    printed.length = 0;
    await pollUntil([pump, a.api, b.api], () => received.length === count, { what: "every packet at the honest reader" });
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(server.peer.getOutboundOverflowCount()).toBe(1);
    expect(printed.some((line) => /Outbound buffer full/.test(line))).toBe(true);
    stalled.resume();
    await pollUntil([a.api, b.api], () => stalled.closed, { what: "the stalled reader to see its close" });
    expect([stalled.closeCode, stalled.closeReason]).toEqual([1008, "Outbound buffer full"]);
    expect(stalled.sequence.length).toBeGreaterThan(0);
    expect(stalled.sequence.length).toBeLessThan(count);
    expect(stalled.intact()).toBe(true);
    await pollUntil([a.api, b.api], () => b.api.getNetworkConnectedPeers().length === 2, { what: "the stalled reader to leave" });
  });
});
