import { asBytes, type BytesLike, NO_PACKET } from "./bytes.js";
import { checkClose, stripTrailingNul } from "./close-code.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { parseHeaderLines } from "./handshake-headers.js";
import { Offer, type Packet, PacketQueue } from "./packet-queue.js";
import type { PeerOwner, Revealed } from "./peer-owner.js";
import { callAfterNextPoll, runPoll } from "./poll-scope.js";
import { PACKET_MARK, StagedLog } from "./staged-log.js";
import { TLSOptions } from "./tls-options.js";
import { TransferMode } from "./transfer-mode.js";
import { isValidUtf8, utf8Length } from "./utf8.js";
import { type BufferLimits, GODOT4_BUFFER_DEFAULTS, godot4Limits, queueLimitsOf } from "./websocket-buffers.js";
import { WebSocketPeerProperties } from "./websocket-peer-properties.js";
import { WebSocketState, WriteMode } from "./websocket-state.js";
import type { AcceptedWebSocket, WebSocketTransport, WebSocketTransportSink } from "./websocket-transport.js";
import { parseWebSocketUrl, type WebSocketUrl } from "./websocket-url.js";

type Control =
  | { readonly type: "open"; readonly protocol: string; readonly host: string; readonly port: number }
  | { readonly type: "close"; readonly code: number; readonly reason: string; readonly clean: boolean }
  | { readonly type: "error"; readonly error: GdnetError }
  | { readonly type: "refuse"; readonly error: GdnetError; readonly reason: string }
  | { readonly type: "pong" };

const PACKET_REVEALED: Revealed = { type: "packet" };

/** Reasons wslay gives the close codes of protocol errors (Godot reports these on the detecting side). */
const CLOSE_REASONS: Record<number, string> = {
  1002: "Protocol error",
  1007: "Invalid frame payload data",
  1009: "Message too big",
};

// The bits of WebSocketPeer's #flags: plain constants, which the minifier inlines.
const LAST_WAS_STRING = 1;
const PAUSED = 2;
const DROPPED_SINCE_POLL = 4;
const LOCAL_CLOSE = 8;
const WAS_OPEN = 16;
const AWAITING_PONG = 32;
/** An accepted connection: host and port come from the transport when asked. */
const LIVE_ADDRESS = 64;
/** A pong is staged and not yet revealed: later pongs before the next poll add nothing. */
const PONG_STAGED = 128;

/**
 * Godot's WebSocketPeer: a client (`connectToUrl`) or one connection of a server. Godot 4's
 * methods and properties, plus Godot 3's (`getWriteMode`/`setWriteMode`, `isConnectedToHost`).
 *
 * Nothing changes between polls: received messages and state changes are staged and become
 * visible in `poll()`, in arrival order.
 */
export class WebSocketPeer extends WebSocketPeerProperties {
  static readonly STATE_CONNECTING = 0;
  static readonly STATE_OPEN = 1;
  static readonly STATE_CLOSING = 2;
  static readonly STATE_CLOSED = 3;
  static readonly WRITE_MODE_TEXT = 0;
  static readonly WRITE_MODE_BINARY = 1;

  #state: WebSocketState = WebSocketState.STATE_CLOSED;
  #transport: WebSocketTransport | null = null;
  #generation = 0;
  // NO_QUEUE until the first message: idle peers (most of a busy server's) carry no queue.
  #queue: PacketQueue = NO_QUEUE;
  #log = new StagedLog<Control>();
  #limits: BufferLimits = godot4Limits(
    GODOT4_BUFFER_DEFAULTS.inboundBufferSize,
    GODOT4_BUFFER_DEFAULTS.outboundBufferSize,
    GODOT4_BUFFER_DEFAULTS.maxQueuedPackets,
  );
  #limitsOverride: BufferLimits | null = null;
  #owner: PeerOwner | null = null;
  #guard: { polling: boolean } | null = null;
  #writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY;
  #closeCode = -1;
  #closeReason = "";
  #requestedUrl = "";
  #url: WebSocketUrl | null = null;
  #protocol = "";
  #host = "";
  #port = 0;
  #pendingSends = 0;
  // Made on the first send that has to wait, and per peer, not per connection: a late callback
  // of an older connection at worst frees one count early (#reset zeroes it anyway).
  #onSent: (() => void) | null = null;
  #protocolError: GdnetError | null = null;
  /** performance.now() of the last heartbeat ping; -1 for none yet (a small int, not a boxed -Infinity). */
  #lastPing = -1;
  // The booleans in one small integer (the bits above): a server keeps one peer per client, and
  // every field costs each of them (bench/RESULTS.md, idle memory).
  #flags = 0;
  #is(flag: number): boolean {
    return (this.#flags & flag) !== 0;
  }
  #set(flag: number, on: boolean): void {
    this.#flags = on ? this.#flags | flag : this.#flags & ~flag;
  }

  // --- connection ---

  /**
   * Starts connecting to `url` (`ws://`, `wss://`, or no scheme for ws). Returns OK when the
   * attempt has started; the outcome shows in `getReadyState()` after later polls.
   * `tlsOptions` default null: `TLSOptions.client()`, verification on.
   */
  connectToUrl(url: string, tlsOptions: TLSOptions | null = null): GodotError {
    if (this.#state !== WebSocketState.STATE_CLOSED) {
      return this.fail(
        new GdnetError("ERR_ALREADY_IN_USE", "connectToUrl: this peer is connecting or connected; close() it first."),
      );
    }
    if (tlsOptions !== null && !(tlsOptions instanceof TLSOptions)) {
      throw new GdnetError("ERR_TYPE", "connectToUrl: tlsOptions must be a TLSOptions (TLSOptions.client()) or null.");
    }
    if (tlsOptions?.isServer()) {
      return this.fail(
        new GdnetError(
          "ERR_INVALID_PARAMETER",
          "connectToUrl needs client TLS options (TLSOptions.client()), not TLSOptions.server().",
        ),
      );
    }
    const parsed = parseWebSocketUrl(url);
    if (parsed instanceof GdnetError) return this.fail(parsed);
    const headers = parseHeaderLines(this.getHandshakeHeaders());
    if (headers instanceof GdnetError) return this.fail(headers);
    const unavailable = this.checkClientSupport(headers.length > 0, tlsOptions);
    if (unavailable) return this.fail(unavailable);
    this.#reset(this.#limitsOverride ?? this.propertyLimits());
    this.#url = parsed;
    this.#requestedUrl = url;
    const sink = this.#newConnection();
    try {
      this.#transport = this.platform.webSocket.connect(
        {
          url: parsed.href,
          protocols: this.getSupportedProtocols(),
          headers,
          tls: parsed.secure ? tlsOptions : null,
          maxMessageSize: this.#limits.maxMessageSize,
        },
        sink,
      );
    } catch (cause) {
      return this.fail(
        new GdnetError("ERR_CANT_CONNECT", `connectToUrl: could not start connecting to ${url}: ${String(cause)}`, { cause }),
      );
    }
    this.#state = WebSocketState.STATE_CONNECTING;
    return GodotError.OK;
  }

  /**
   * Processes what arrived since the last poll: state changes, received packets, heartbeat.
   * A poll() from inside a poll of the same peer does nothing.
   */
  poll(): void {
    if (this.#owner) {
      this.#owner.poll();
      return;
    }
    this.#guard ??= { polling: false };
    runPoll(this.#guard, () => {
      while (this._revealNext() !== undefined) {
        // A standalone peer has no signals: revealing is all there is to do.
      }
      this._heartbeat();
    });
  }

  /**
   * Closes the connection: sends a close frame with `code` (default 1000) and `reason` (default "")
   * and moves to STATE_CLOSING until the other side answers. A negative code drops the connection
   * at once without a close frame (Godot's forced close). Returns ERR_INVALID_PARAMETER for a code
   * or reason that may not be sent.
   */
  close(code = 1000, reason = ""): GodotError {
    const transport = this.#transport;
    if (this.#state === WebSocketState.STATE_CLOSED || transport === null) return GodotError.OK;
    if (code < 0 || this.#state === WebSocketState.STATE_CONNECTING) {
      this.#generation++;
      transport.terminate();
      this.#finishClose(-1, "");
      // Godot clears the inbound buffer on a forced close (wsl_peer.cpp close()).
      this.#queue.clear();
      this.#log.clear();
      return GodotError.OK;
    }
    if (this.#state === WebSocketState.STATE_CLOSING) return GodotError.OK;
    const invalid = checkClose(code, reason, this.platform.webSocket.capabilities.applicationCloseCodesOnly);
    if (invalid) return this.fail(invalid);
    this.#set(LOCAL_CLOSE, true);
    this.#state = WebSocketState.STATE_CLOSING;
    transport.close(code, reason);
    return GodotError.OK;
  }

  getReadyState(): WebSocketState {
    return this.#state;
  }

  /** The close code the other side sent, or -1 when the connection did not close cleanly. */
  getCloseCode(): number {
    return this.#closeCode;
  }

  /** The close reason the other side sent ("" when none, or not clean). */
  getCloseReason(): string {
    return this.#closeReason;
  }

  /** The remote IP address (Node); in browsers, which do not expose it, the URL's host. */
  getConnectedHost(): string {
    if (this.#is(LIVE_ADDRESS)) return this.#transport?.remoteAddress?.() ?? "";
    return this.#host;
  }

  /** The remote port (Node); in browsers, the URL's port. */
  getConnectedPort(): number {
    if (this.#is(LIVE_ADDRESS)) return this.#transport?.remotePort?.() ?? 0;
    return this.#port;
  }

  getSelectedProtocol(): string {
    return this.#protocol;
  }

  /** The URL given to `connectToUrl`, or for a server's peer `ws(s)://` + Host + path. */
  getRequestedUrl(): string {
    return this.#requestedUrl;
  }

  /** Godot 3's `is_connected_to_host`: the connection is open. */
  isConnectedToHost(): boolean {
    return this.#state === WebSocketState.STATE_OPEN;
  }

  /** Turns Nagle's algorithm off (true, the default Godot and gdnet use) or on. ERR_UNAVAILABLE in browsers. */
  setNoDelay(enabled: boolean): GodotError {
    const transport = this.#transport;
    if (!this.platform.webSocket.capabilities.noDelay || !transport?.setNoDelay) {
      if (!this.platform.webSocket.capabilities.noDelay) {
        return this.fail(
          new GdnetError(
            "ERR_UNAVAILABLE",
            `setNoDelay is not available in the ${this.platform.name}: the browser manages the socket (it already sends without delay).`,
          ),
        );
      }
      return this.fail(new GdnetError("FAILED", "setNoDelay: the peer is not connected."));
    }
    transport.setNoDelay(enabled);
    return GodotError.OK;
  }

  /** Bytes accepted by send() and not yet written to the network. */
  getCurrentOutboundBufferedAmount(): number {
    return this.#transport?.bufferedAmount ?? 0;
  }

  // --- packets ---

  getAvailablePacketCount(): number {
    return this.#queue.visibleCount;
  }

  getPacket(): Uint8Array {
    const packet = this.#queue.shift();
    if (packet === undefined) {
      this.setPacketError(GodotError.ERR_UNAVAILABLE);
      return NO_PACKET;
    }
    this.setPacketError(GodotError.OK);
    this.#set(LAST_WAS_STRING, packet.isString);
    if (this.#is(PAUSED) && !this.#queue.isFull()) {
      this.#set(PAUSED, false);
      this.#transport?.resume?.();
    }
    return packet.data;
  }

  /** True when the last packet from `getPacket()` came as a text frame. */
  wasStringPacket(): boolean {
    return this.#is(LAST_WAS_STRING);
  }

  /** Sends `data` in the peer's write mode (BINARY unless `setWriteMode` changed it; Godot 4 always sends binary here). */
  putPacket(data: BytesLike): GodotError {
    return this.send(data, this.#writeMode);
  }

  /**
   * Sends one message as a binary frame, or as a text frame with WRITE_MODE_TEXT (the bytes must
   * then be valid UTF-8). ERR_OUT_OF_MEMORY, and nothing sent, when it would pass the outbound
   * limits; FAILED when the connection is not open.
   */
  send(data: BytesLike, writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY): GodotError {
    const bytes = asBytes(data, "send");
    const binary = writeMode !== WriteMode.WRITE_MODE_TEXT;
    if (!binary && !isValidUtf8(bytes)) {
      return this.fail(
        new GdnetError(
          "ERR_INVALID_DATA",
          "Text frames must carry valid UTF-8 (RFC 6455 8.1); send these bytes in WRITE_MODE_BINARY.",
        ),
      );
    }
    return this.#send(bytes, bytes.length, binary);
  }

  /** Sends `text` as a text frame. */
  sendText(text: string): GodotError {
    if (typeof text !== "string") throw new GdnetError("ERR_TYPE", "sendText expects a string.");
    return this.#send(text, utf8Length(text), false);
  }

  /** Godot 3: the mode putPacket sends in (default WRITE_MODE_BINARY). */
  getWriteMode(): WriteMode {
    return this.#writeMode;
  }

  setWriteMode(mode: WriteMode): void {
    if (mode !== WriteMode.WRITE_MODE_TEXT && mode !== WriteMode.WRITE_MODE_BINARY) {
      throw new GdnetError("ERR_TYPE", `setWriteMode expects WRITE_MODE_TEXT (0) or WRITE_MODE_BINARY (1), got ${String(mode)}.`);
    }
    this.#writeMode = mode;
  }

  /** Packets dropped because the inbound queue was full on a platform that cannot pause reading. */
  getDroppedPacketCount(): number {
    return this.#queue.droppedCount;
  }

  // --- used by the objects that own peers (not part of Godot's API) ---

  /** @internal Hands this peer's polling to `owner`. */
  _own(owner: PeerOwner | null): void {
    const beating = this.getHeartbeatInterval() > 0;
    if (beating) this.#owner?.heartbeating(this, false);
    this.#owner = owner;
    if (beating) owner?.heartbeating(this, true);
  }

  protected override heartbeatChanged(on: boolean): void {
    this.#owner?.heartbeating(this, on);
  }

  /** @internal Godot 3's setBuffers limits, used instead of the Godot 4 properties. */
  _setLimits(limits: BufferLimits | null): void {
    this.#limitsOverride = limits;
  }

  /** @internal Becomes the server side of an accepted connection; it opens at the owner's next poll. */
  _accept(connection: AcceptedWebSocket, limits: BufferLimits): void {
    this.#reset(limits);
    this.#requestedUrl = connection.requestedUrl;
    this.#transport = connection.transport;
    this.#state = WebSocketState.STATE_CONNECTING;
    const sink = this.#newConnection();
    // The address is read from the transport when asked (getConnectedHost): a server keeps
    // thousands of connections whose address nobody asks for.
    this.#set(LIVE_ADDRESS, true);
    sink.onOpen(connection.protocol, "", 0);
    connection.attach(sink);
  }

  /**
   * @internal Applies the next staged item; undefined when nothing is staged. A loop, not
   * recursion, over the items that make nothing visible (pongs): a poll may have any number of
   * them to skip, and one stack frame each overflowed the stack of a server sent 9,000 pongs.
   */
  _revealNext(): Revealed | undefined {
    for (let item = this.#log.shift(); item !== undefined; item = this.#log.shift()) {
      if (item === PACKET_MARK) {
        this.#queue.revealOne();
        return PACKET_REVEALED;
      }
      if (item.type === "pong") {
        this.#set(AWAITING_PONG | PONG_STAGED, false);
        continue;
      }
      return this.#revealControl(item);
    }
    return undefined;
  }

  #revealControl(item: Exclude<Control, { type: "pong" }>): Revealed {
    switch (item.type) {
      case "open":
        this.#state = WebSocketState.STATE_OPEN;
        this.#set(WAS_OPEN, true);
        this.#protocol = item.protocol;
        this.#host = this.platform.webSocket.capabilities.remoteAddress ? item.host : (this.#url?.host ?? item.host);
        this.#port = this.platform.webSocket.capabilities.remoteAddress ? item.port : (this.#url?.port ?? item.port);
        return { type: "open", protocol: item.protocol };
      case "close": {
        const remoteRequested = item.clean && !this.#is(LOCAL_CLOSE);
        const protocolError = this.#protocolError;
        if (item.clean) this.#finishClose(item.code, stripTrailingNul(item.reason));
        // The side that found a protocol error (1009 message too big, 1007 bad UTF-8...) closed
        // with that code; Godot reports it as the close code there, and so do we.
        else if (protocolError?.closeCode !== undefined)
          this.#finishClose(protocolError.closeCode, CLOSE_REASONS[protocolError.closeCode] ?? "");
        else this.#finishClose(-1, "");
        return {
          type: "close",
          code: this.#closeCode,
          reason: this.#closeReason,
          clean: item.clean,
          wasOpen: this.#is(WAS_OPEN),
          remoteRequested,
        };
      }
      case "error":
        if (item.error.closeCode !== undefined) this.#protocolError = item.error;
        this.fail(item.error);
        return item;
      case "refuse":
        this.fail(item.error);
        this.#closeLater(item.error.closeCode ?? 1008, item.reason);
        return { type: "error", error: item.error };
    }
  }

  /**
   * Closes this connection after the next poll: what it sent before was revealed in this poll
   * or earlier, so by then it has been handled and answered, and the close goes after the
   * answers. A wake makes sure that poll comes.
   */
  #closeLater(code: number, reason: string): void {
    const connection = this.#generation;
    callAfterNextPoll(() => {
      if (this.#generation === connection && this.#state === WebSocketState.STATE_OPEN) this.close(code, reason);
    });
    this.#notify();
  }

  /** @internal Godot 4.4's heartbeat: ping every interval; drop the connection if the last ping got no pong. */
  _heartbeat(): void {
    const intervalMs = this.getHeartbeatInterval() * 1000;
    const transport = this.#transport;
    if (intervalMs <= 0 || this.#state !== WebSocketState.STATE_OPEN || !transport?.ping) return;
    const now = performance.now();
    if (this.#lastPing >= 0 && now - this.#lastPing < intervalMs) return;
    if (this.#is(AWAITING_PONG)) {
      this.fail(
        new GdnetError("ERR_TIMEOUT", `No pong within the heartbeat interval (${intervalMs / 1000} s): connection dropped.`),
      );
      this.#set(LOCAL_CLOSE, true);
      transport.terminate();
      return;
    }
    this.#set(AWAITING_PONG, true);
    this.#lastPing = now;
    transport.ping();
  }

  #send(data: Uint8Array | string, size: number, binary: boolean): GodotError {
    const transport = this.#transport;
    if (this.#state !== WebSocketState.STATE_OPEN || transport === null) {
      return this.fail(
        new GdnetError("FAILED", "Cannot send: the WebSocket is not open (poll() until getReadyState() is STATE_OPEN)."),
      );
    }
    const buffered = transport.bufferedAmount;
    if (buffered === 0) this.#pendingSends = 0;
    if (this.#pendingSends >= this.#limits.outboundPackets || buffered + size > this.#limits.outboundBytes) {
      return this.fail(
        new GdnetError(
          "ERR_OUT_OF_MEMORY",
          `Outbound buffer full: ${buffered} bytes in ${this.#pendingSends} messages queued, limits ${this.#limits.outboundBytes} bytes / ${this.#limits.outboundPackets} messages; a ${size}-byte message does not fit (raise outboundBufferSize or setBuffers).`,
        ),
      );
    }
    if (buffered === 0) {
      // Nothing waits: the message leaves at once (or is the first of this tick's batch), so it
      // needs no completion count; if it does stay buffered, the next send counts from there.
      transport.send(data, binary);
      return GodotError.OK;
    }
    this.#pendingSends++;
    this.#onSent ??= () => {
      if (this.#pendingSends > 0) this.#pendingSends--;
    };
    transport.send(data, binary, this.#onSent);
    return GodotError.OK;
  }

  #reset(limits: BufferLimits): void {
    this.#limits = limits;
    this.#queue = NO_QUEUE;
    this.#log.clear();
    this.#closeCode = -1;
    this.#closeReason = "";
    this.#protocol = "";
    this.#host = "";
    this.#port = 0;
    this.#url = null;
    this.#flags = 0;
    this.#pendingSends = 0;
    this.#protocolError = null;
    this.#lastPing = -1;
  }

  #finishClose(code: number, reason: string): void {
    this.#state = WebSocketState.STATE_CLOSED;
    this.#closeCode = code;
    this.#closeReason = reason;
    this.#transport = null;
    this.#set(PAUSED, false);
  }

  /**
   * What a transport reports to, for one connection: events of older connections are ignored by
   * generation. A class rather than a bag of closures: a server holds thousands of these.
   */
  static readonly #Sink = class ConnectionSink implements WebSocketTransportSink {
    readonly #peer: WebSocketPeer;
    readonly #connection: number;

    constructor(peer: WebSocketPeer, generation: number) {
      this.#peer = peer;
      this.#connection = generation;
    }

    #stage(control: Control): void {
      const peer = this.#peer;
      if (peer.#generation !== this.#connection) return;
      peer.#log.push(control);
      peer.#notify();
    }

    onOpen(protocol: string, host: string, port: number): void {
      this.#stage({ type: "open", protocol, host, port });
    }

    onMessage(data: Uint8Array, isText: boolean): void {
      if (this.#peer.#generation === this.#connection) this.#peer.#stageMessage(data, isText);
    }

    onPong(): void {
      // Only the pong a heartbeat waits for is worth staging, and once per poll: unsolicited
      // pongs are allowed and mean nothing (RFC 6455 5.5.3), and a flood of them must not grow
      // the log.
      const peer = this.#peer;
      if (peer.#generation !== this.#connection) return;
      if ((peer.#flags & (AWAITING_PONG | PONG_STAGED)) !== AWAITING_PONG) return;
      peer.#set(PONG_STAGED, true);
      this.#stage({ type: "pong" });
    }

    onError(error: GdnetError): void {
      this.#stage({ type: "error", error });
    }

    onRefuse(error: GdnetError, reason: string): void {
      this.#stage({ type: "refuse", error, reason });
    }

    onClose(code: number, reason: string, clean: boolean): void {
      this.#stage({ type: "close", code, reason, clean });
      if (this.#peer.#generation === this.#connection) this.#peer.#generation++;
    }
  };

  #newConnection(): WebSocketTransportSink {
    return new WebSocketPeer.#Sink(this, ++this.#generation);
  }

  #stageMessage(data: Uint8Array, isText: boolean): void {
    const transport = this.#transport;
    if (data.length > this.#limits.maxMessageSize) {
      // Platforms that cannot refuse big messages themselves (browsers) get the same outcome as
      // Godot's wslay: close with 1009.
      this.#log.push({
        type: "error",
        error: new GdnetError(
          "ERR_OUT_OF_MEMORY",
          `Message of ${data.length} bytes is larger than the inbound limit of ${this.#limits.maxMessageSize} bytes: closing with 1009.`,
          { closeCode: 1009 },
        ),
      });
      this.#notify();
      this.#set(LOCAL_CLOSE, true);
      transport?.close(1009, "Message too big");
      return;
    }
    const canPause = this.platform.webSocket.capabilities.backpressure && transport?.pause !== undefined;
    const packet: Packet = { data, isString: isText, from: 1, channel: 0, mode: TransferMode.TRANSFER_MODE_RELIABLE };
    if (this.#queue === NO_QUEUE) this.#queue = new PacketQueue(queueLimitsOf(this.#limits));
    const offer = this.#queue.offer(packet, canPause);
    if (offer === Offer.DROPPED) {
      if (!this.#is(DROPPED_SINCE_POLL)) {
        this.#set(DROPPED_SINCE_POLL, true);
        this.#log.push({
          type: "error",
          error: new GdnetError(
            "ERR_OUT_OF_MEMORY",
            `Inbound queue full (${this.#queue.size} packets, ${this.#queue.bytes} bytes): dropping packets until getPacket() makes room.`,
          ),
        });
        this.#notify();
      }
      return;
    }
    this.#set(DROPPED_SINCE_POLL, false);
    if (offer === Offer.QUEUED_FULL && canPause && !this.#is(PAUSED)) {
      this.#set(PAUSED, true);
      transport?.pause?.();
    }
    this.#log.pushPacket();
    this.#notify();
  }

  #notify(): void {
    if (this.#owner) this.#owner.staged(this);
    else this.wake();
  }
}

/** The shared stand-in for a queue that has not received anything yet; nothing is ever offered to it. */
const NO_QUEUE = new PacketQueue({ maxPackets: 0, maxBytes: 0 });
