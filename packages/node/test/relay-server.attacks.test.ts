// Attacks on a running Godot 4 relay (`gdnet relay`): a raw WebSocket attacker sends forged
// SceneMultiplayer packets beside two honest SceneMultiplayer clients, which must keep every
// packet they send each other, in order.
// The SceneMultiplayer packet codecs are core's, not part of the gdnet package: only an attacker
// needs to forge packets by hand.
import { encodeRawPacket, encodeSimplifyPath, encodeSysPacket, SysCommand } from "@gdnet/core";
import {
  RelayServer,
  type RpcNode,
  SceneMultiplayer,
  toUtf8,
  WebSocketMultiplayerPeer,
  WebSocketPeer,
  WebSocketState,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { heapAfterGc } from "../../../test-support/heap.js";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { printed } from "../../../test-support/servers.js";
import { numberedPayload, StalledReader } from "../../../test-support/stalled-reader.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Honest {
  mp: SceneMultiplayer;
  peer: WebSocketMultiplayerPeer;
  got: Array<[number, number]>;
}

function honest(url: string, configure: (mp: SceneMultiplayer) => void = () => {}): Honest {
  const peer = new WebSocketMultiplayerPeer();
  const mp = new SceneMultiplayer();
  configure(mp);
  const got: Array<[number, number]> = [];
  mp.on("peer_packet", (id, packet) => got.push([id, packet[0] ?? -1]));
  peer.createClient(url);
  mp.multiplayerPeer = peer;
  cleanups.push(() => peer.close());
  return { mp, peer, got };
}

async function session(configure: (relay: RelayServer) => void = () => {}, auth?: (mp: SceneMultiplayer) => void) {
  const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
  configure(relay);
  const url = await relay.start();
  cleanups.push(() => relay.stop());
  const a = honest(url, auth);
  const b = honest(url, auth);
  const all = [a.mp, b.mp];
  await pollUntil(all, () => a.mp.getPeers().includes(b.mp.getUniqueId()) && b.mp.getPeers().includes(a.mp.getUniqueId()));
  return { relay, url, a, b, all };
}

/** A sends `count` numbered packets to B through the relay and checks they all arrive, in order. */
async function exchange(a: Honest, b: Honest, all: Array<{ poll(): void }>, count = 50): Promise<void> {
  const from = a.mp.getUniqueId();
  const start = b.got.length;
  for (let i = 0; i < count; i++) a.mp.sendBytes(new Uint8Array([i]), b.mp.getUniqueId());
  await pollUntil(all, () => b.got.length >= start + count, { what: "the honest packets" });
  expect(b.got.slice(start)).toEqual(Array.from({ length: count }, (_, i) => [from, i]));
}

/** A raw WebSocket that has its id from the relay and speaks bytes. */
async function attacker(url: string, others: Array<{ poll(): void }>): Promise<WebSocketPeer> {
  const raw = new WebSocketPeer();
  cleanups.push(() => raw.close(-1));
  raw.connectToUrl(url);
  await pollUntil([raw, ...others], () => raw.getAvailablePacketCount() > 0, { what: "the attacker's id" });
  raw.getPacket();
  return raw;
}

describe("the Godot 4 relay under attack", () => {
  it("drops relays to peers that do not exist and peer announcements from a client", async () => {
    const { url, a, b, all } = await session();
    const raw = await attacker(url, all);
    printed.length = 0;
    const junk = encodeRawPacket(toUtf8("junk"));
    raw.putPacket(encodeSysPacket({ command: SysCommand.SYS_COMMAND_RELAY, peerId: 987654, packet: junk }));
    raw.putPacket(encodeSysPacket({ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: 4242 }));
    raw.putPacket(encodeSysPacket({ command: SysCommand.SYS_COMMAND_DEL_PEER, peerId: a.mp.getUniqueId() }));
    raw.putPacket(new Uint8Array([0xff, 0xff, 0xff]));
    await exchange(a, b, [...all, raw]);
    await pollUntil([...all, raw], () => printed.length >= 3);
    expect(b.mp.getPeers()).not.toContain(4242);
    expect(b.mp.getPeers()).toContain(a.mp.getUniqueId());
    expect(b.got.some(([, byte]) => byte === "j".charCodeAt(0))).toBe(false);
  });

  it("relays a client's packet with the client's own id as the source, whatever it claims", async () => {
    const { url, a, b, all } = await session();
    const raw = await attacker(url, all);
    await pollUntil([...all, raw], () => b.mp.getPeers().length === 3);
    const rawId = b.mp.getPeers().find((id) => id !== 1 && id !== a.mp.getUniqueId()) as number;
    // Claiming nothing about the source is all a client can do: the relay writes it.
    raw.putPacket(
      encodeSysPacket({
        command: SysCommand.SYS_COMMAND_RELAY,
        peerId: b.mp.getUniqueId(),
        packet: encodeRawPacket(new Uint8Array([200])),
      }),
    );
    await pollUntil([...all, raw], () => b.got.some(([, byte]) => byte === 200));
    expect(b.got.find(([, byte]) => byte === 200)).toEqual([rawId, 200]);
    await exchange(a, b, [...all, raw]);
  });

  it("refuses an authority-only RPC from a client on the relay's own node", async () => {
    const { relay, a, b, all } = await session();
    const calls: number[] = [];
    relay.multiplayer.registerNode(
      "/root/World",
      { shutdown: () => calls.push(relay.multiplayer.getRemoteSenderId()) },
      {
        rpc: { shutdown: ["authority"] },
      },
    );
    const evil = a.mp.registerNode("/root/World", { shutdown: () => {} }, { rpc: { shutdown: ["any_peer"] } }) as RpcNode;
    printed.length = 0;
    evil.rpcId(1, "shutdown");
    await pollUntil([...all], () => printed.some((line) => line.startsWith("ERR_UNAUTHORIZED")));
    expect(calls).toEqual([]);
    await exchange(a, b, all);
  });

  it("drops everything but AUTH from a client that has not authenticated, while authenticated clients talk", async () => {
    const secret = (mp: SceneMultiplayer): void => {
      mp.authCallback = () => {};
      mp.on("peer_authenticating", (id) => {
        mp.sendAuth(id, toUtf8("secret"));
        mp.completeAuth(id);
      });
    };
    const { relay, url, a, b, all } = await session((r) => {
      r.multiplayer.authTimeout = 30;
      r.multiplayer.authCallback = (id, data) => {
        if (new TextDecoder().decode(data) === "secret") r.multiplayer.completeAuth(id);
      };
    }, secret);
    const raw = await attacker(url, all);
    await pollUntil([...all, raw], () => relay.multiplayer.getAuthenticatingPeers().length === 1);
    printed.length = 0;
    raw.putPacket(
      encodeSysPacket({
        command: SysCommand.SYS_COMMAND_RELAY,
        peerId: b.mp.getUniqueId(),
        packet: encodeRawPacket(new Uint8Array([201])),
      }),
    );
    raw.putPacket(encodeRawPacket(new Uint8Array([202])));
    await pollUntil([...all, raw], () => printed.filter((line) => /not finished authenticating/.test(line)).length >= 2);
    await exchange(a, b, [...all, raw]);
    expect(b.got.some(([, byte]) => byte === 201)).toBe(false);
    expect(b.mp.getPeers()).toHaveLength(2);
  });

  it("closes a client that floods the path cache with new ids (1008 'Too many node paths'); memory stays flat", async () => {
    const { relay, url, a, b, all } = await session();
    const world = { rpc: { move: ["any_peer"] } } as const;
    const node = relay.multiplayer.registerNode("/root/World", { move: () => {} }, world);
    a.mp.registerNode("/root/World", { move: () => {} }, world);
    b.mp.registerNode("/root/World", { move: () => {} }, world);
    const raw = await attacker(url, all);
    const closed: number[] = [];
    relay.multiplayer.on("peer_disconnected", (id) => closed.push(id));
    const before = heapAfterGc();
    printed.length = 0;
    // 80,000 announcements of one node under new ids, to everyone (the relay processes them too).
    const count = 80_000;
    let sent = 0;
    const flood = {
      poll(): void {
        while (sent < count && raw.getReadyState() === WebSocketState.STATE_OPEN) {
          const simplify = encodeSimplifyPath({ methodsMd5: "0".repeat(32), cacheId: sent + 1, path: node.path });
          if (raw.putPacket(encodeSysPacket({ command: SysCommand.SYS_COMMAND_RELAY, peerId: 0, packet: simplify })) !== 0) break;
          sent++;
        }
        while (raw.getAvailablePacketCount() > 0) raw.getPacket();
      },
    };
    await pollUntil([flood, raw, ...all], () => raw.getReadyState() === WebSocketState.STATE_CLOSED, {
      what: "the relay to close the flooding client",
    });
    expect([raw.getCloseCode(), raw.getCloseReason()]).toEqual([1008, "Too many node paths"]);
    expect(printed.some((line) => /more node paths than the path cache keeps/.test(line))).toBe(true);
    await pollUntil(all, () => closed.length === 1 && b.mp.getPeers().length === 2, { what: "the flooder to leave" });
    await exchange(a, b, all);
    // The relay and both clients kept at most 4096 of its paths, and dropped them when it left.
    expect(heapAfterGc() - before).toBeLessThan(4 << 20);
  });

  it("keeps an honest client's memory flat when another client floods it with path announcements through the relay", async () => {
    const { url, a, b, all } = await session();
    // A long path, so that what a cache keeps is mostly path bytes.
    const path = `/root/${"Level/".repeat(16)}Player`;
    const node = b.mp.registerNode(path, { move: () => {} }, { rpc: { move: ["any_peer"] } });
    const raw = await attacker(url, all);
    await pollUntil([...all, raw], () => b.mp.getPeers().length === 3, { what: "the flooder to join" });
    const before = heapAfterGc();
    printed.length = 0;
    const count = 80_000;
    let sent = 0;
    const flood = {
      poll(): void {
        // Paced to what the honest client has handled (one error line each): faster, the relay
        // would disconnect the honest client for not reading fast enough (outbound-guard.ts).
        while (sent < count && sent - printed.length < 512) {
          const simplify = encodeSimplifyPath({ methodsMd5: "0".repeat(32), cacheId: sent + 1, path: node.path });
          const relayed = encodeSysPacket({
            command: SysCommand.SYS_COMMAND_RELAY,
            peerId: b.mp.getUniqueId(),
            packet: simplify,
          });
          if (raw.putPacket(relayed) !== 0) break;
          sent++;
        }
        while (raw.getAvailablePacketCount() > 0) raw.getPacket();
      },
    };
    // One error line per announcement: the checksum's for a stored path, the limit's for a refused one.
    await pollUntil([flood, raw, ...all], () => printed.length === count, { what: "the honest client to handle the flood" });
    const refused = printed.filter((line) => /more node paths than the path cache keeps/.test(line)).length;
    expect(refused).toBe(count - 4096);
    // 4096 paths kept (the limit), 75,904 refused; unlimited, 80,000 paths cost several MiB.
    printed.length = 0;
    expect(heapAfterGc() - before).toBeLessThan(2 << 20);
    expect(raw.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    await exchange(a, b, [...all, raw]);
  });

  it("disconnects a reader whose link stalls (1008 'Outbound buffer full') instead of losing its reliable packets", async () => {
    const { relay, url, a, b, all } = await session();
    const stalled = new StalledReader(url, 1024);
    cleanups.push(() => stalled.terminate());
    await pollUntil(all, () => b.mp.getPeers().length === 3, { what: "the stalled reader to join" });
    // 24 MiB through the relay: more than loopback's socket buffers and the 64 KiB outbound limit.
    const count = 3000;
    const received: number[] = [];
    b.mp.on("peer_packet", (_id, packet) => {
      if (packet.length === 8192) received.push(new DataView(packet.buffer, packet.byteOffset, 8192).getUint32(8188, true));
    });
    let sent = 0;
    const pump = {
      poll(): void {
        while (sent < count && sent - received.length < 64) {
          if (a.mp.sendBytes(numberedPayload(8192, sent), 0) !== 0) break;
          sent++;
        }
      },
    };
    printed.length = 0;
    await pollUntil([pump, ...all], () => received.length === count, { what: "every packet at the honest reader" });
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(relay.peer.getOutboundOverflowCount()).toBe(1);
    expect(printed.some((line) => /Outbound buffer full/.test(line))).toBe(true);
    // The stalled reader reads again: what it gets is a prefix of the stream, then the close.
    stalled.resume();
    await pollUntil(all, () => stalled.closed, { what: "the stalled reader to see its close" });
    expect([stalled.closeCode, stalled.closeReason]).toEqual([1008, "Outbound buffer full"]);
    expect(stalled.sequence.length).toBeGreaterThan(0);
    expect(stalled.sequence.length).toBeLessThan(count);
    expect(stalled.intact()).toBe(true);
    await pollUntil(all, () => b.mp.getPeers().length === 2, { what: "the stalled reader to leave" });
    await exchange(a, b, all);
  });

  it("tells the clients with the stop close code when it is stopped", async () => {
    const { relay, a, all } = await session();
    const connection = a.peer.getPeer(1);
    relay.stop();
    await nextSignal(a.mp, "server_disconnected", all);
    expect(connection?.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
    expect(connection?.getCloseCode()).toBe(1001);
  });
});
