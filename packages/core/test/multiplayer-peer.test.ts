import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "../src/connection-status.js";
import { GodotError } from "../src/godot-error.js";
import { MultiplayerPeer } from "../src/multiplayer-peer.js";
import type { Platform } from "../src/platform.js";
import type { SignalSource } from "../src/signals.js";
import { WebSocketPeer } from "../src/websocket-peer.js";

// Nothing here opens a connection: the platform only has to exist.
const platform = { name: "test", webSocket: {}, printError: () => {} } as unknown as Platform;

/** The smallest MultiplayerPeer: signals are all these tests use. */
class TestPeer extends MultiplayerPeer<{ custom_signal: [text: string] }> {
  getUniqueId(): number {
    return 1;
  }
  getConnectionStatus(): ConnectionStatus {
    return 0;
  }
  poll(): void {}
  close(): void {}
  disconnectPeer(): void {}
  isServerRelaySupported(): boolean {
    return false;
  }
  protected send(): GodotError {
    return GodotError.OK;
  }
}

describe("MultiplayerPeer signals", () => {
  it("calls on() and connect() handlers with the signal's arguments, and stops after off() and disconnect()", () => {
    const peer = new TestPeer(platform);
    const seen: string[] = [];
    const onHandler = (id: number): void => void seen.push(`on ${id}`);
    const connectHandler = (id: number): void => void seen.push(`connect ${id}`);
    peer.on("peer_connected", onHandler);
    expect(peer.connect("peer_connected", connectHandler)).toBe(GodotError.OK);
    peer.emitSignal("peer_connected", 7);
    peer.off("peer_connected", onHandler);
    peer.disconnect("peer_connected", connectHandler);
    peer.emitSignal("peer_connected", 8);
    expect(seen).toEqual(["on 7", "connect 7"]);
  });

  it("runs a once() handler a single time", () => {
    const peer = new TestPeer(platform);
    const seen: number[] = [];
    peer.once("peer_disconnected", (id) => seen.push(id));
    peer.emitSignal("peer_disconnected", 3);
    peer.emitSignal("peer_disconnected", 4);
    expect(seen).toEqual([3]);
  });

  it("refuses to connect a handler twice, as Godot does, and tells with isConnected()", () => {
    const peer = new TestPeer(platform);
    const handler = (): void => {};
    expect(peer.isConnected("custom_signal", handler)).toBe(false);
    expect(peer.connect("custom_signal", handler)).toBe(GodotError.OK);
    expect(peer.connect("custom_signal", handler)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(peer.isConnected("custom_signal", handler)).toBe(true);
  });

  it("removes every handler of a signal with off(name), and returns itself from on, once and off", () => {
    const peer = new TestPeer(platform);
    const seen: string[] = [];
    const chained = peer
      .on("custom_signal", (text) => seen.push(`a ${text}`))
      .once("custom_signal", (text) => seen.push(`b ${text}`))
      .off("custom_signal");
    expect(chained).toBe(peer);
    peer.emitSignal("custom_signal", "x");
    expect(seen).toEqual([]);
  });

  it("is a SignalSource, while a WebSocketPeer, like Godot's PacketPeer, has no signals", () => {
    const source: SignalSource<{ peer_connected: [id: number] }> = new TestPeer(platform);
    expect(typeof source.on).toBe("function");
    expect("on" in new WebSocketPeer(platform)).toBe(false);
    expect("emitSignal" in new WebSocketPeer(platform)).toBe(false);
  });
});
