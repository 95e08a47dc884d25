import type { Socket } from "node:net";
import { GdnetError, ServerLimitReason, type WebSocketTransport, type WebSocketTransportSink } from "@gdnet/core";
import type { WebSocket } from "ws";
import { fromWsError, plainAddress } from "./ws-errors.js";

const TRANSPORT: unique symbol = Symbol("gdnet.wsTransport");
type TaggedWs = WebSocket & { [TRANSPORT]?: WsTransport };

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
  #early: Array<(sink: WebSocketTransportSink) => void> | null = null;
  #corked = false;
  /** limits.maxMessagesPerSecond (0: none), and the token bucket that enforces it. */
  readonly #rate: number;
  #tokens: number;
  #refilled = 0;

  /** @internal A message from ws (see the shared listeners at the end of this file). */
  _message(data: Buffer, isBinary: boolean): void {
    if (this.#rate > 0 && !this.#take()) return;
    // A plain Uint8Array view over ws's Buffer: no copy, and users get the type they expect.
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const sink = this.#sink;
    if (sink) sink.onMessage(bytes, !isBinary);
    else this.#defer((s) => s.onMessage(bytes, !isBinary));
  }

  /** @internal */
  _pong(): void {
    this.#deliver((s) => s.onPong());
  }

  /** @internal */
  _error(error: Error): void {
    const gdError = fromWsError(error, this.#url);
    this.#deliver((s) => s.onError(gdError));
  }

  /** @internal */
  _close(code: number, reason: Buffer): void {
    // ws reports 1006 when no close frame was received: Godot's "not clean".
    const text = reason.toString("utf8");
    this.#deliver((s) => s.onClose(code, text, code !== 1006));
  }

  static #uncork(transport: WsTransport): void {
    transport.#corked = false;
    transport.#socket?.uncork();
  }

  /** `maxMessagesPerSecond` (default 0: no limit) closes a connection that sends faster with 1008. */
  constructor(ws: WebSocket, url: string, socket: Socket | null, maxMessagesPerSecond = 0) {
    this.#ws = ws;
    this.#url = url;
    this.#socket = socket;
    this.#rate = maxMessagesPerSecond;
    this.#tokens = maxMessagesPerSecond;
    (ws as TaggedWs)[TRANSPORT] = this;
    ws.on("message", onMessage);
    ws.on("error", onError);
    ws.on("close", onClose);
  }

  /** Sets the TCP socket once known (a client learns it on 'upgrade'). */
  setSocket(socket: Socket): void {
    this.#socket = socket;
  }

  attach(sink: WebSocketTransportSink): void {
    this.#sink = sink;
    const early = this.#early;
    this.#early = null;
    for (const deliver of early ?? []) deliver(sink);
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
      process.nextTick(WsTransport.#uncork, this);
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
    // The pong listener goes on with the first ping: most connections never use heartbeats.
    if (this.#ws.listenerCount("pong") === 0) this.#ws.on("pong", onPong);
    this.#ws.ping();
  }

  pause(): void {
    this.#ws.pause();
  }

  resume(): void {
    this.#ws.resume();
  }

  remoteAddress(): string {
    return plainAddress(this.#socket?.remoteAddress);
  }

  remotePort(): number {
    return this.#socket?.remotePort ?? 0;
  }

  setNoDelay(enabled: boolean): void {
    this.#socket?.setNoDelay(enabled);
  }

  /**
   * One message's token: the bucket holds one second's worth and refills continuously. The
   * first message over the rate closes the connection (1008) and reports why; the rest of what
   * the socket already held is dropped, never delivered.
   */
  #take(): boolean {
    if (this.#tokens < 0) return false;
    const now = performance.now();
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#refilled) / 1000) * this.#rate);
    this.#refilled = now;
    if (this.#tokens >= 1) {
      this.#tokens--;
      return true;
    }
    this.#tokens = -1;
    const error = new GdnetError(
      "ERR_BUSY",
      `The client sent more than ${this.#rate} messages per second (limits.maxMessagesPerSecond): closed with 1008.`,
      { closeCode: 1008 },
    );
    this.#deliver((s) => s.onError(error));
    this.#ws.close(1008, ServerLimitReason.RATE_LIMITED);
    return false;
  }

  #deliver(deliver: (sink: WebSocketTransportSink) => void): void {
    if (this.#sink) deliver(this.#sink);
    else this.#defer(deliver);
  }

  /** Keeps an event that came before `attach`. */
  #defer(deliver: (sink: WebSocketTransportSink) => void): void {
    this.#early ??= [];
    this.#early.push(deliver);
  }
}

// The ws listeners are shared functions that find their transport on the socket (ws calls them
// with the socket as `this`): per-connection closures cost memory on a server with thousands of
// idle peers (bench/RESULTS.md, idle memory), and the message path allocates nothing of its own.
function onMessage(this: TaggedWs, data: Buffer, isBinary: boolean): void {
  this[TRANSPORT]?._message(data, isBinary);
}
function onPong(this: TaggedWs): void {
  this[TRANSPORT]?._pong();
}
function onError(this: TaggedWs, error: Error): void {
  this[TRANSPORT]?._error(error);
}
function onClose(this: TaggedWs, code: number, reason: Buffer): void {
  this[TRANSPORT]?._close(code, reason);
}
