import { GodotError, OutboundGuard, WebSocketPeer, WebSocketState } from "@gdnet/core";
import { describe, expect, it } from "vitest";
import { createMemoryPlatform } from "../../../test-support/memory-platform.js";

function openPeer() {
  const memory = createMemoryPlatform();
  const peer = new WebSocketPeer(memory.platform);
  peer.connectToUrl("ws://127.0.0.1:9080");
  const connection = memory.connections[0];
  if (!connection) throw new Error("no connection");
  connection.to.onOpen("", "127.0.0.1", 9080);
  peer.poll();
  return { peer, connection };
}

describe("OutboundGuard", () => {
  it("sends what fits", () => {
    const { peer, connection } = openPeer();
    const guard = new OutboundGuard();
    expect(guard.send(5, peer, new Uint8Array([1]), true, () => {})).toBe(GodotError.OK);
    expect(connection.sent).toHaveLength(1);
  });

  it("closes the connection with 1008 'Outbound buffer full' when a reliable packet does not fit", () => {
    const { peer, connection } = openPeer();
    const guard = new OutboundGuard();
    const reports: string[] = [];
    connection.bufferedAmount = peer.getOutboundBufferSize();
    expect(guard.send(5, peer, new Uint8Array([1]), true, (error) => reports.push(error.message))).toBe(
      GodotError.ERR_OUT_OF_MEMORY,
    );
    expect(connection.closedWith).toEqual({ code: 1008, reason: "Outbound buffer full" });
    expect(peer.getReadyState()).toBe(WebSocketState.STATE_CLOSING);
    expect(guard.closedCount).toBe(1);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/Peer 5 does not read fast enough/);
    // What follows for the closing connection is not sent and not reported again.
    expect(guard.send(5, peer, new Uint8Array([2]), true, (error) => reports.push(error.message))).toBe(GodotError.FAILED);
    expect(reports).toHaveLength(1);
    expect(connection.sent).toHaveLength(0);
  });

  it("drops and counts an unreliable packet that does not fit, per connection, and keeps the connection", () => {
    const { peer, connection } = openPeer();
    const guard = new OutboundGuard();
    connection.bufferedAmount = peer.getOutboundBufferSize();
    guard.send(5, peer, new Uint8Array([1]), false, () => {});
    guard.send(5, peer, new Uint8Array([1]), false, () => {});
    expect(guard.droppedFor(5)).toBe(2);
    expect(guard.droppedFor(6)).toBe(0);
    expect(connection.closedWith).toBeNull();
    expect(guard.closedCount).toBe(0);
    guard.forget(5);
    expect(guard.droppedFor(5)).toBe(0);
  });
});
