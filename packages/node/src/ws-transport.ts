import type { Socket } from "node:net";
import type { WebSocketTransport, WebSocketTransportSink } from "@gdnet/core";
import type { WebSocket } from "ws";
import { fromWsError } from "./ws-errors.js";

/** Corked bytes past which a send flushes at once (about a TCP window's worth of small frames). */
const FLUSH_BYTES = 16 * 1024;

/**
 * A `ws` WebSocket as core's WebSocketTransport. Listeners go on at once (ws throws an unhandled
 * 'error' otherwise); events that come before `attach` are kept and replayed to the sink.
 */
export class WsTransport implements WebSocketTransport {
  readonly #ws: WebSocket;
  readonly #url: string;
  #socket: Socket | null;
  #sink: WebSocketTransportSink | null = null;
  #early: Array<(sink: WebSocketTransportSink) => void> = [];
  #corked = false;
  readonly #uncork = (): void => {
    this.#corked = false;
    this.#socket?.uncork();
  };

  constructor(ws: WebSocket, url: string, socket: Socket | null) {
    this.#ws = ws;
    this.#url = url;
    this.#socket = socket;
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      // A plain Uint8Array view over ws's Buffer: no copy, and users get the type they expect.
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      this.#emit((sink) => sink.onMessage(bytes, !isBinary));
    });
    ws.on("pong", () => this.#emit((sink) => sink.onPong()));
    ws.on("error", (error: Error) => {
      const gdError = fromWsError(error, this.#url);
      this.#emit((sink) => sink.onError(gdError));
    });
    ws.on("close", (code: number, reason: Buffer) => {
      // ws reports 1006 when no close frame was received: Godot's "not clean".
      const text = reason.toString("utf8");
      this.#emit((sink) => sink.onClose(code, text, code !== 1006));
    });
  }

  /** Sets the TCP socket once known (a client learns it on 'upgrade'). */
  setSocket(socket: Socket): void {
    this.#socket = socket;
  }

  attach(sink: WebSocketTransportSink): void {
    this.#sink = sink;
    const early = this.#early;
    this.#early = [];
    for (const deliver of early) deliver(sink);
  }

  /**
   * Bytes not yet handed to the kernel. Frames corked in this tick count too, so past
   * FLUSH_BYTES they are flushed first: the outbound limit then measures real back-pressure, not
   * a burst of large packets sent in one poll (Godot 3.2 sends those without complaint).
   */
  get bufferedAmount(): number {
    if (this.#corked && (this.#socket?.writableLength ?? 0) >= FLUSH_BYTES) {
      this.#socket?.uncork();
      this.#socket?.cork();
    }
    return this.#ws.bufferedAmount;
  }

  send(data: Uint8Array | string, binary: boolean, onSent?: () => void): void {
    // Every frame sent in one synchronous run (typically one poll()) leaves in one writev instead
    // of one syscall each: Node's cork-then-uncork-on-nextTick idiom. A relay sending a batch to
    // 50 clients makes 50 syscalls instead of 50 x the batch (see bench/RESULTS.md, fan-out).
    const socket = this.#socket;
    if (!this.#corked && socket && !socket.destroyed) {
      this.#corked = true;
      socket.cork();
      process.nextTick(this.#uncork);
    }
    // The callback also runs when the socket is already closing (with an error): either way the
    // message is no longer waiting in the buffer.
    this.#ws.send(data, { binary }, onSent === undefined ? undefined : () => onSent());
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  ping(): void {
    this.#ws.ping();
  }

  pause(): void {
    this.#ws.pause();
  }

  resume(): void {
    this.#ws.resume();
  }

  setNoDelay(enabled: boolean): void {
    this.#socket?.setNoDelay(enabled);
  }

  #emit(deliver: (sink: WebSocketTransportSink) => void): void {
    if (this.#sink) deliver(this.#sink);
    else this.#early.push(deliver);
  }
}
