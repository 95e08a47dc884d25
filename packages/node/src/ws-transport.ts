import type { Socket } from "node:net";
import {
  GdnetError,
  MessageRateLimiter,
  type MessageRateOptions,
  RateVerdict,
  ServerLimitReason,
  type WebSocketTransport,
  type WebSocketTransportSink,
} from "@gdnet/core";
import type { WebSocket } from "ws";
import { fromWsError, plainAddress } from "./ws-errors.js";

const TRANSPORT: unique symbol = Symbol("gdnet.wsTransport");
type TaggedWs = WebSocket & { [TRANSPORT]?: WsTransport };

/** Corked bytes past which a send flushes at once (about a TCP window's worth of small frames). */
const FLUSH_BYTES = 16 * 1024;

const BINARY = Object.freeze({ binary: true });
const TEXT = Object.freeze({ binary: false });

// Why reading is paused (#held bits): the socket reads again only when no reason is left.
const QUEUE_FULL = 1;
const RATE = 2;
const REFUSED = 4;
/** Not a reason to pause: every message is dropped (a connection the rate limit refused, before and after its close starts). */
const DISCARD = 8;
const PAUSING = QUEUE_FULL | RATE | REFUSED;
/** #admit's word for a message that comes after the refusal. */
const DROP: unique symbol = Symbol("drop");

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
  /** The message rate limit (limits.maxMessagesPerSecond), or null for none. */
  readonly #rate: MessageRateLimiter | null;
  #held = 0;
  #resumeTimer: ReturnType<typeof setTimeout> | null = null;

  /** @internal A message from ws (see the shared listeners at the end of this file). */
  _message(data: Buffer, isBinary: boolean): void {
    const refusal = this.#rate === null ? null : this.#admit(this.#rate);
    if (refusal === DROP) return;
    // A plain Uint8Array view over ws's Buffer: no copy, and users get the type they expect.
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const sink = this.#sink;
    if (sink) sink.onMessage(bytes, !isBinary);
    else this.#defer((s) => s.onMessage(bytes, !isBinary));
    // The message that tipped it over is delivered first, then the refusal.
    if (refusal !== null) this.#deliver((s) => s.onRefuse(refusal, ServerLimitReason.RATE_LIMITED));
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
    if (this.#resumeTimer !== null) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = null;
    // ws reports 1006 when no close frame was received: Godot's "not clean".
    const text = reason.toString("utf8");
    this.#deliver((s) => s.onClose(code, text, code !== 1006));
  }

  static #uncork(transport: WsTransport): void {
    transport.#corked = false;
    transport.#socket?.uncork();
  }

  /** `rate` (default null: no limit) slows down, and at length refuses, a connection that sends too fast. */
  constructor(ws: WebSocket, url: string, socket: Socket | null, rate: MessageRateOptions | null = null) {
    this.#ws = ws;
    this.#url = url;
    this.#socket = socket;
    this.#rate = rate === null ? null : new MessageRateLimiter(rate, performance.now());
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
    // Shared option objects and the callback as it is: a relay announcing a join sends once per
    // player, and two allocations per send showed in its profile.
    this.#ws.send(data, binary ? BINARY : TEXT, onSent);
  }

  close(code: number, reason: string): void {
    // A refused connection reads again, dropping everything, so that ws sees the other side's
    // close frame instead of waiting out its close timeout.
    if ((this.#held & REFUSED) !== 0) this.#hold(PAUSING, false);
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
    this.#hold(QUEUE_FULL, true);
  }

  resume(): void {
    this.#hold(QUEUE_FULL, false);
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
   * The rate limit's word on one message (message-rate-limiter.ts). It is delivered whatever the
   * verdict: ws parsed it already, and a reliable stream has no holes. Over the rate, reading
   * stops until the bucket refills; held back too long, the connection is refused: reading
   * stops for good, messages ws still had are dropped, and the peer closes it with 1008 once
   * what came before has been processed.
   */
  #admit(rate: MessageRateLimiter): GdnetError | typeof DROP | null {
    if ((this.#held & DISCARD) !== 0) return DROP;
    const now = performance.now();
    const verdict = rate.arrive(now);
    if (verdict === RateVerdict.PAUSE) {
      this.#hold(RATE, true);
      this.#resumeTimer ??= setTimeout(WsTransport.#resumeRate, rate.resumeDelayMs(now), this);
      return null;
    }
    if (verdict === RateVerdict.REFUSE) {
      this.#hold(REFUSED | DISCARD, true);
      return WsTransport.#refusal(rate);
    }
    return null;
  }

  /** Refused while paused (by the resume timer): nothing more is read, the peer closes. */
  #refuse(rate: MessageRateLimiter): void {
    this.#hold(REFUSED | DISCARD, true);
    const error = WsTransport.#refusal(rate);
    this.#deliver((s) => s.onRefuse(error, ServerLimitReason.RATE_LIMITED));
  }

  static #refusal(rate: MessageRateLimiter): GdnetError {
    return new GdnetError(
      "ERR_BUSY",
      `The client was held back by the message rate limit (${rate.rate} messages/s) for more than half of limits.sustainedRateSeconds: closing with 1008 once what it sent has been processed.`,
      { closeCode: 1008 },
    );
  }

  static #resumeRate(transport: WsTransport): void {
    transport.#resumeTimer = null;
    const rate = transport.#rate;
    if (rate === null || (transport.#held & DISCARD) !== 0) return;
    const now = performance.now();
    const verdict = rate.resume(now);
    if (verdict === RateVerdict.DELIVER) transport.#hold(RATE, false);
    else if (verdict === RateVerdict.PAUSE)
      transport.#resumeTimer = setTimeout(WsTransport.#resumeRate, rate.resumeDelayMs(now), transport);
    else transport.#refuse(rate);
  }

  /** Sets or clears one reason to stop reading; ws pauses while any is set. */
  #hold(reason: number, on: boolean): void {
    const before = this.#held & PAUSING;
    this.#held = on ? this.#held | reason : this.#held & ~reason;
    const after = this.#held & PAUSING;
    if (before === 0 && after !== 0) this.#ws.pause();
    else if (before !== 0 && after === 0) this.#ws.resume();
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
