import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import type { WebSocketPeer } from "./websocket-peer.js";
import { WebSocketState, type WriteMode } from "./websocket-state.js";

/** The close a connection gets when a reliable packet for it does not fit its outbound buffer. */
export const OUTBOUND_FULL_CLOSE = { code: 1008, reason: "Outbound buffer full" } as const;

/**
 * What a host (a server forwarding for its clients) does when a connection's outbound buffer is
 * full. Godot's servers drop the packet and go on (wslay's queue refuses it and the error is
 * ignored), which leaves a hole in a reliable stream the receiver never hears of. Here a reliable
 * packet that cannot be queued closes that connection instead (1008 "Outbound buffer full", after
 * everything already queued), so a stream is only ever cut at its end; an unreliable packet is
 * dropped and counted. Every host that sends for others (Godot 4 and Godot 3 multiplayer hosts,
 * the echo and signaling servers) sends through one of these.
 */
export class OutboundGuard {
  readonly #dropped = new Map<number, number>();
  #closed = 0;

  /**
   * Sends `data` to connection `id` (text frames for a string, else `writeMode`, default the
   * peer's). A connection that is not open gets nothing, quietly: it is closing, and its packets
   * can no longer be delivered anyway. `report` receives the error of a connection closed here.
   */
  send(
    id: number,
    peer: WebSocketPeer,
    data: Uint8Array | string,
    reliable: boolean,
    report: (error: GdnetError) => void,
    writeMode: WriteMode = peer.getWriteMode(),
  ): GodotError {
    if (peer.getReadyState() !== WebSocketState.STATE_OPEN) return GodotError.FAILED;
    const error = typeof data === "string" ? peer.sendText(data) : peer.send(data, writeMode);
    if (error !== GodotError.ERR_OUT_OF_MEMORY) return error;
    if (!reliable) {
      this.#dropped.set(id, (this.#dropped.get(id) ?? 0) + 1);
      return error;
    }
    this.#closed++;
    peer.close(OUTBOUND_FULL_CLOSE.code, OUTBOUND_FULL_CLOSE.reason);
    report(
      new GdnetError(
        "ERR_OUT_OF_MEMORY",
        `Peer ${id} does not read fast enough: a reliable packet did not fit its outbound buffer (${peer.getCurrentOutboundBufferedAmount()} bytes waiting), so it is disconnected with 1008 "Outbound buffer full" rather than miss the packet.`,
        { closeCode: OUTBOUND_FULL_CLOSE.code },
      ),
    );
    return error;
  }

  /** Unreliable packets dropped for connection `id` because its outbound buffer was full. */
  droppedFor(id: number): number {
    return this.#dropped.get(id) ?? 0;
  }

  /** Connections closed because a reliable packet for them did not fit. */
  get closedCount(): number {
    return this.#closed;
  }

  /** Connection `id` is gone: its count goes with it. */
  forget(id: number): void {
    this.#dropped.delete(id);
  }

  clear(): void {
    this.#dropped.clear();
  }
}
