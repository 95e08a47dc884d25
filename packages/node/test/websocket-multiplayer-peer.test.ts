// Godot 4's WebSocketMultiplayerPeer in Node: a real server and real clients (and a raw ws server
// where a test needs a misbehaving one).
import type { AddressInfo } from "node:net";
import { ConnectionStatus, GodotError, MultiplayerPeer, TransferMode, toUtf8, WebSocketMultiplayerPeer } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer as RawServer } from "ws";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function server(configure: (peer: WebSocketMultiplayerPeer) => void = () => {}) {
  const peer = new WebSocketMultiplayerPeer();
  configure(peer);
  expect(peer.createServer(0, "127.0.0.1")).toBe(GodotError.OK);
  cleanups.push(() => peer.close());
  await pollUntil(peer, () => peer.getLocalPort() !== 0);
  return { peer, url: `ws://127.0.0.1:${peer.getLocalPort()}/` };
}

async function client(url: string, all: MultiplayerPeer[]): Promise<WebSocketMultiplayerPeer> {
  const peer = new WebSocketMultiplayerPeer();
  cleanups.push(() => peer.close());
  expect(peer.createClient(url)).toBe(GodotError.OK);
  expect(peer.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
  await pollUntil([...all, peer], () => peer.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED);
  return peer;
}

function drain(peer: MultiplayerPeer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  while (peer.getAvailablePacketCount() > 0) {
    const from = peer.getPacketPeer();
    out.push([from, new TextDecoder().decode(peer.getPacket())]);
  }
  return out;
}

describe("WebSocketMultiplayerPeer", () => {
  it("gives each client its id in a 4-byte message; the client then sees peer 1 connected", async () => {
    const { peer: host, url } = await server();
    const joined: number[] = [];
    host.on("peer_connected", (id) => joined.push(id));
    const seen: number[] = [];
    const a = new WebSocketMultiplayerPeer();
    cleanups.push(() => a.close());
    a.on("peer_connected", (id) => seen.push(id));
    a.createClient(url);
    await pollUntil([host, a], () => a.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED && joined.length === 1);
    expect(seen).toEqual([1]);
    expect(a.getUniqueId()).toBe(joined[0]);
    expect(a.getUniqueId()).toBeGreaterThan(1);
    expect(host.getUniqueId()).toBe(1);
    expect(host.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(host.getPeerAddress(a.getUniqueId())).toBe("127.0.0.1");
    expect(host.getPeer(a.getUniqueId())?.getConnectedPort()).toBe(host.getPeerPort(a.getUniqueId()));
  });

  it("sends the id as one binary message of 4 little-endian bytes (Godot 4's wire format)", async () => {
    const { peer: host, url } = await server();
    const joined: number[] = [];
    host.on("peer_connected", (id) => joined.push(id));
    const { WebSocket } = await import("ws");
    const raw = new WebSocket(url);
    cleanups.push(() => raw.terminate());
    const first = new Promise<{ data: Buffer; binary: boolean }>((resolve) =>
      raw.once("message", (data: Buffer, binary: boolean) => resolve({ data, binary })),
    );
    await pollUntil(host, () => joined.length === 1);
    const { data, binary } = await first;
    expect(binary).toBe(true);
    expect(data.length).toBe(4);
    expect(data.readInt32LE(0)).toBe(joined[0]);
  });

  it("sends from the server to one client, to all, and to all but one", async () => {
    const { peer: host, url } = await server();
    const a = await client(url, [host]);
    const b = await client(url, [host, a]);
    const c = await client(url, [host, a, b]);
    await pollUntil(host, () => host.getPeerIds().length === 3);
    const send = (target: number, text: string): void => {
      host.setTargetPeer(target);
      expect(host.putPacket(toUtf8(text))).toBe(GodotError.OK);
    };
    send(a.getUniqueId(), "to a");
    send(0, "to all");
    send(-b.getUniqueId(), "not b");
    const got = new Map<MultiplayerPeer, Array<[number, string]>>([
      [a, []],
      [b, []],
      [c, []],
    ]);
    await pollUntil([host, a, b, c], () => {
      for (const [peer, list] of got) list.push(...drain(peer));
      return (got.get(a)?.length ?? 0) === 3 && (got.get(b)?.length ?? 0) === 1 && (got.get(c)?.length ?? 0) === 2;
    });
    expect(got.get(a)).toEqual([
      [1, "to a"],
      [1, "to all"],
      [1, "not b"],
    ]);
    expect(got.get(b)).toEqual([[1, "to all"]]);
    expect(got.get(c)).toEqual([
      [1, "to all"],
      [1, "not b"],
    ]);
  });

  it("tags packets from clients with their id, channel 0 and RELIABLE; a client always sends to the server", async () => {
    const { peer: host, url } = await server();
    const a = await client(url, [host]);
    a.setTargetPeer(12345);
    a.transferMode = TransferMode.TRANSFER_MODE_UNRELIABLE;
    a.putPacket(toUtf8("hello server"));
    await pollUntil([host, a], () => host.getAvailablePacketCount() === 1);
    expect([host.getPacketPeer(), host.getPacketChannel(), host.getPacketMode()]).toEqual([
      a.getUniqueId(),
      0,
      TransferMode.TRANSFER_MODE_RELIABLE,
    ]);
    expect(new TextDecoder().decode(host.getPacket())).toBe("hello server");
  });

  it("refuses a target that is not connected", async () => {
    const { peer: host } = await server();
    host.setTargetPeer(424242);
    expect(host.putPacket(toUtf8("nobody"))).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("emits peer_disconnected on both ends when a client leaves or is disconnected", async () => {
    const { peer: host, url } = await server();
    const a = await client(url, [host]);
    const b = await client(url, [host, a]);
    const gone: number[] = [];
    host.on("peer_disconnected", (id) => gone.push(id));
    const aId = a.getUniqueId();
    a.close();
    expect(a.getUniqueId()).toBe(0);
    await pollUntil(host, () => gone.length === 1);
    expect(gone).toEqual([aId]);
    const lost: number[] = [];
    b.on("peer_disconnected", (id) => lost.push(id));
    host.disconnectPeer(b.getUniqueId());
    await pollUntil([host, b], () => lost.length === 1 && gone.length === 2);
    expect(lost).toEqual([1]);
    expect(b.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
  });

  it("forgets a peer at once with disconnectPeer(id, true), without peer_disconnected", async () => {
    const { peer: host, url } = await server();
    const a = await client(url, [host]);
    const gone: number[] = [];
    host.on("peer_disconnected", (id) => gone.push(id));
    const id = a.getUniqueId();
    host.disconnectPeer(id, true);
    expect(host.getPeerIds()).toEqual([]);
    await pollUntil([host, a], () => a.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(gone).toEqual([]);
  });

  it("refuses new clients while refuseNewConnections is set", async () => {
    const { peer: host, url } = await server((p) => {
      p.refuseNewConnections = true;
    });
    const a = new WebSocketMultiplayerPeer();
    cleanups.push(() => a.close());
    a.createClient(url);
    await pollUntil([host, a], () => a.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(host.getPeerIds()).toEqual([]);
  });

  it.each([
    ["a 5-byte first message", new Uint8Array([2, 0, 0, 0, 0])],
    ["id 1", new Uint8Array([1, 0, 0, 0])],
    ["id 0", new Uint8Array([0, 0, 0, 0])],
    ["a negative id", new Uint8Array([0xff, 0xff, 0xff, 0xff])],
  ])("closes when the server sends %s instead of a valid id", async (_what, message) => {
    const raw = new RawServer({ port: 0, host: "127.0.0.1" });
    await new Promise<void>((resolve) => raw.once("listening", () => resolve()));
    cleanups.push(() => raw.close());
    raw.on("connection", (ws) => ws.send(message));
    const a = new WebSocketMultiplayerPeer();
    a.createClient(`ws://127.0.0.1:${(raw.address() as AddressInfo).port}/`);
    await pollUntil(a, () => a.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(a.getLastError()?.message).toMatch(/Invalid ID/);
  });

  it("gives up when the server sends no id within handshakeTimeout", async () => {
    const raw = new RawServer({ port: 0, host: "127.0.0.1" });
    await new Promise<void>((resolve) => raw.once("listening", () => resolve()));
    cleanups.push(() => {
      for (const ws of raw.clients) ws.terminate();
      raw.close();
    });
    const a = new WebSocketMultiplayerPeer();
    a.handshakeTimeout = 0.1;
    a.createClient(`ws://127.0.0.1:${(raw.address() as AddressInfo).port}/`);
    await pollUntil(a, () => a.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(a.getLastError()?.code).toBe("ERR_TIMEOUT");
  });

  it("copies its properties into each connection", async () => {
    const { peer: host, url } = await server((p) => {
      p.supportedProtocols = ["ludus"];
      p.inboundBufferSize = 4096;
    });
    const a = new WebSocketMultiplayerPeer();
    cleanups.push(() => a.close());
    a.supportedProtocols = ["ludus"];
    a.createClient(url);
    await pollUntil(
      [host, a],
      () => a.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED && host.getPeerIds().length === 1,
    );
    const serverSide = host.getPeer(a.getUniqueId());
    expect(serverSide?.getSelectedProtocol()).toBe("ludus");
    expect(serverSide?.getInboundBufferSize()).toBe(4096);
    expect([host.handshakeTimeout, host.maxQueuedPackets, host.outboundBufferSize]).toEqual([3, 4096, 65535]);
    expect(host.setHandshakeTimeout(0)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(() => {
      host.handshakeTimeout = Number.NaN;
    }).toThrow(/handshakeTimeout must be a number of seconds > 0, got NaN/);
    expect(host.handshakeTimeout).toBe(3);
  });

  it("refuses createServer and createClient twice, and server TLS options on a client", async () => {
    const { peer: host } = await server();
    expect(host.createServer(0)).toBe(GodotError.ERR_ALREADY_IN_USE);
    expect(host.createClient("ws://127.0.0.1:1/")).toBe(GodotError.ERR_ALREADY_IN_USE);
    expect(new WebSocketMultiplayerPeer().createServer(70000)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("keeps Godot's target constants", () => {
    expect([MultiplayerPeer.TARGET_PEER_BROADCAST, MultiplayerPeer.TARGET_PEER_SERVER]).toEqual([0, 1]);
    expect(new WebSocketMultiplayerPeer().isServerRelaySupported()).toBe(true);
  });
});
