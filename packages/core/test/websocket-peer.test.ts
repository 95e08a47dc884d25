// WebSocketPeer's staging and reveal, on the in-memory platform (no sockets): what a transport
// reports between polls, and what one poll makes of it.
import { GdnetError, GodotError, WebSocketPeer, WebSocketServer, WebSocketState } from "@gdnet/core";
import { describe, expect, it, vi } from "vitest";
import { createMemoryPlatform } from "../../../test-support/memory-platform.js";

const STAGED = 100_000;

function openClient() {
  const memory = createMemoryPlatform();
  const peer = new WebSocketPeer(memory.platform);
  expect(peer.connectToUrl("ws://127.0.0.1:9080")).toBe(GodotError.OK);
  const connection = memory.connections[0];
  if (!connection) throw new Error("no connection");
  connection.to.onOpen("", "127.0.0.1", 9080);
  peer.poll();
  expect(peer.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  return { memory, peer, connection };
}

describe("WebSocketPeer staging", () => {
  it("reveals 100,000 staged control events in one poll, iteratively", () => {
    const { memory, peer, connection } = openClient();
    const error = new GdnetError("ERR_INVALID_DATA", "staged by the test");
    for (let i = 0; i < STAGED; i++) connection.to.onError(error);
    connection.to.onMessage(new Uint8Array([7]), false);
    peer.poll();
    expect(memory.printed.length).toBe(STAGED);
    expect(peer.getAvailablePacketCount()).toBe(1);
    expect(Array.from(peer.getPacket())).toEqual([7]);
  });

  it("stages one pong per poll for a heartbeat, however many arrive", () => {
    const { peer, connection } = openClient();
    peer.setHeartbeatInterval(1000);
    peer.poll();
    expect(connection.pings).toBe(1);
    for (let i = 0; i < STAGED; i++) {
      connection.to.onPong();
      if (i % 1000 === 0) connection.to.onMessage(new Uint8Array([i % 256]), false);
    }
    peer.poll();
    // Every packet among the pongs is there, in order, and the connection is still up.
    expect(peer.getAvailablePacketCount()).toBe(STAGED / 1000);
    for (let i = 0; i < STAGED; i += 1000) expect(peer.getPacket()[0]).toBe(i % 256);
    expect(connection.terminated).toBe(false);
    expect(peer.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("ignores pongs nobody asked for (RFC 6455 5.5.3)", () => {
    const { peer, connection, memory } = openClient();
    for (let i = 0; i < STAGED; i++) connection.to.onPong();
    connection.to.onMessage(new Uint8Array([1]), false);
    peer.poll();
    expect(peer.getAvailablePacketCount()).toBe(1);
    expect(memory.printed).toEqual([]);
  });

  it("reveals 100,000 staged control events of one client in one server poll", async () => {
    const memory = createMemoryPlatform();
    const server = new WebSocketServer(memory.platform);
    expect(server.listen(0)).toBe(GodotError.OK);
    await server.listening();
    const connected: number[] = [];
    const received: number[] = [];
    server.on("client_connected", (id) => connected.push(id));
    server.on("data_received", (id) => {
      const packet = server.getPeer(id)?.getPacket();
      if (packet) received.push(packet[0] as number);
    });
    const attacker = memory.accept();
    const honest = memory.accept();
    server.poll();
    expect(connected.length).toBe(2);
    const attackerPeer = server.getPeer(connected[0] as number);
    attackerPeer?.setHeartbeatInterval(1000);
    server.poll();
    expect(attacker.pings).toBe(1);
    const error = new GdnetError("ERR_INVALID_DATA", "staged by the test");
    for (let i = 0; i < STAGED; i++) {
      attacker.to.onPong();
      attacker.to.onError(error);
    }
    honest.to.onMessage(new Uint8Array([42]), false);
    server.poll();
    expect(received).toEqual([42]);
    expect(memory.printed.length).toBe(STAGED);
  });
});

describe("heartbeats on a server", () => {
  it("a poll runs the heartbeat of the peers that have one, not of every idle connection", async () => {
    const memory = createMemoryPlatform();
    const server = new WebSocketServer(memory.platform);
    expect(server.listen(0)).toBe(GodotError.OK);
    await server.listening();
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    const connections = Array.from({ length: 1000 }, () => memory.accept());
    server.poll();
    expect(ids).toHaveLength(1000);
    server.getPeer(ids[0] as number)?.setHeartbeatInterval(1000);
    // _heartbeat is internal (not in the published types).
    const beat = vi.spyOn(WebSocketPeer.prototype as unknown as { _heartbeat(): void }, "_heartbeat");
    try {
      server.poll();
      expect(beat).toHaveBeenCalledTimes(1);
      expect(connections[0]?.pings).toBe(1);
      expect(connections[1]?.pings).toBe(0);
      // Turned off, or gone: walked no more.
      server.getPeer(ids[0] as number)?.setHeartbeatInterval(0);
      server.poll();
      expect(beat).toHaveBeenCalledTimes(1);
    } finally {
      beat.mockRestore();
    }
  });
});
