import { asBytes, type BytesLike, NO_PACKET } from "./bytes.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { PacketPeer } from "./packet-peer.js";
import { Offer, PacketQueue } from "./packet-queue.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import type { RtcDataChannelLike } from "./rtc-transport.js";
import { PACKET_MARK, StagedLog } from "./staged-log.js";
import { TransferMode } from "./transfer-mode.js";
import { decodeUtf8Strict, toUtf8 } from "./utf8.js";
import { WriteMode } from "./websocket-state.js";

/** `WebRTCDataChannel.ChannelState` (Godot 3 and 4). */
export const ChannelState = {
  STATE_CONNECTING: 0,
  STATE_OPEN: 1,
  STATE_CLOSING: 2,
  STATE_CLOSED: 3,
} as const;
export type ChannelState = (typeof ChannelState)[keyof typeof ChannelState];

const STATES: Record<string, ChannelState> = {
  connecting: ChannelState.STATE_CONNECTING,
  open: ChannelState.STATE_OPEN,
  closing: ChannelState.STATE_CLOSING,
  closed: ChannelState.STATE_CLOSED,
};

/** What Godot's getters return for an option that was not given (the class reference says 65535). */
const UNSET = 65535;

/**
 * Godot's project setting network/limits/webrtc/max_channel_in_buffer_kb defaults to 64: the
 * bytes a channel's inbound queue holds. The packet count has no Godot setting; 4096 matches
 * WebSocket's `max_queued_packets`.
 */
export const DEFAULT_CHANNEL_BUFFER_BYTES: number = 64 * 1024;
export const DEFAULT_CHANNEL_MAX_PACKETS: number = 4096;

const NOT_USABLE =
  "This WebRTCDataChannel is not attached to a connection: create channels with WebRTCPeerConnection.createDataChannel(label, options), or take the one data_channel_received gives you.";

/**
 * Godot's WebRTCDataChannel, over a browser or node-datachannel RTCDataChannel.
 *
 * A usable channel comes from `WebRTCPeerConnection.createDataChannel()` or from its
 * `data_channel_received` signal. `new WebRTCDataChannel()` (the cheatsheet's
 * `WebRTCDataChannel.new()`) gives a detached channel: it stays CLOSED and its calls return
 * ERR_UNCONFIGURED with that explanation, instead of crashing.
 *
 * Received messages are staged and become visible in `poll()` (the peer connection's poll polls
 * its channels). A data channel cannot stop reading, so a full inbound queue drops the packet,
 * counts it (`getDroppedPacketCount()`) and reports it, as Godot does ("Buffer full! Dropping data.").
 */
export class WebRTCDataChannel extends PacketPeer {
  static readonly STATE_CONNECTING = 0;
  static readonly STATE_OPEN = 1;
  static readonly STATE_CLOSING = 2;
  static readonly STATE_CLOSED = 3;
  static readonly WRITE_MODE_TEXT = 0;
  static readonly WRITE_MODE_BINARY = 1;

  #channel: RtcDataChannelLike | null = null;
  #state: ChannelState = ChannelState.STATE_CLOSED;
  readonly #queue = new PacketQueue({ maxPackets: DEFAULT_CHANNEL_MAX_PACKETS, maxBytes: DEFAULT_CHANNEL_BUFFER_BYTES });
  readonly #log = new StagedLog<GdnetError>();
  readonly #guard = { polling: false };
  #writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY;
  #lastWasString = false;
  #droppedSinceRead = false;

  constructor(platform: Platform) {
    super(platform);
  }

  /** @internal Wraps `channel`; its messages are staged from now on. */
  _attach(channel: RtcDataChannelLike): void {
    this.#channel = channel;
    this.#state = STATES[channel.readyState] ?? ChannelState.STATE_CONNECTING;
    channel.binaryType = "arraybuffer";
    channel.onmessage = (event) => this.#stage(event.data);
    channel.onopen = () => this.wake();
    channel.onclose = () => this.wake();
    channel.onerror = (event) => {
      const message = (event as { error?: { message?: string } }).error?.message ?? "data channel error";
      this.#log.push(new GdnetError("ERR_CONNECTION_ERROR", `Data channel "${channel.label}": ${message}.`));
      this.wake();
    };
  }

  /** Makes staged packets visible and updates the ready state. */
  poll(): void {
    runPoll(this.#guard, () => this._reveal());
  }

  /** @internal The poll work, also run by the owning peer connection's poll. */
  _reveal(): void {
    for (let item = this.#log.shift(); item !== undefined; item = this.#log.shift()) {
      if (item === PACKET_MARK) this.#queue.revealOne();
      else this.fail(item);
    }
    if (!this.#channel) return;
    const next = STATES[this.#channel.readyState] ?? this.#state;
    // node-datachannel's polyfill defers its close() and keeps saying "open" meanwhile: never step
    // back from the STATE_CLOSING that close() set.
    if (this.#state !== ChannelState.STATE_CLOSING || next === ChannelState.STATE_CLOSED) this.#state = next;
  }

  getReadyState(): ChannelState {
    return this.#state;
  }

  /** Closes the channel (STATE_CLOSING, then STATE_CLOSED). */
  close(): void {
    if (!this.#channel || this.#state === ChannelState.STATE_CLOSED) return;
    this.#state = ChannelState.STATE_CLOSING;
    this.#channel.close();
  }

  getAvailablePacketCount(): number {
    return this.#queue.visibleCount;
  }

  getPacket(): Uint8Array {
    const packet = this.#queue.shift();
    if (!packet) {
      this.setPacketError(this.#channel ? GodotError.ERR_UNAVAILABLE : GodotError.ERR_UNCONFIGURED);
      return NO_PACKET;
    }
    this.setPacketError(GodotError.OK);
    this.#lastWasString = packet.isString;
    this.#droppedSinceRead = false;
    return packet.data;
  }

  /** True when the last packet from `getPacket()` was sent as a string. */
  wasStringPacket(): boolean {
    return this.#lastWasString;
  }

  /**
   * Sends `data` as a string message (WRITE_MODE_TEXT: it must be UTF-8) or a binary one
   * (WRITE_MODE_BINARY, the default). ERR_UNCONFIGURED when the channel is not open;
   * ERR_OUT_OF_MEMORY when the browser's send buffer is full.
   */
  putPacket(data: BytesLike): GodotError {
    const bytes = asBytes(data, "putPacket");
    const channel = this.#channel;
    if (!channel) return this.fail(new GdnetError("ERR_UNCONFIGURED", NOT_USABLE));
    // After close(), node-datachannel's channel still reads "open" for a moment: trust close() first.
    const ready = this.#state === ChannelState.STATE_CLOSING ? "closing" : channel.readyState;
    if (ready !== "open") {
      return this.fail(
        new GdnetError("ERR_UNCONFIGURED", `Data channel "${channel.label}" is not open (${ready}): wait for STATE_OPEN.`),
      );
    }
    let payload: string | Uint8Array<ArrayBuffer>;
    if (this.#writeMode === WriteMode.WRITE_MODE_TEXT) {
      const text = decodeUtf8Strict(bytes);
      if (text === undefined)
        return this.fail(new GdnetError("ERR_INVALID_DATA", "WRITE_MODE_TEXT sends strings: these bytes are not UTF-8."));
      payload = text;
    } else {
      // RTCDataChannel.send() rejects views of a SharedArrayBuffer; copy only in that case.
      payload = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
    }
    try {
      channel.send(payload);
    } catch (cause) {
      const name = (cause as { name?: string }).name;
      if (name === "TypeError") {
        return this.fail(
          new GdnetError("ERR_INVALID_PARAMETER", `A ${bytes.length}-byte message is larger than this connection allows.`, {
            cause,
          }),
        );
      }
      return this.fail(
        new GdnetError("ERR_OUT_OF_MEMORY", `Data channel "${channel.label}" could not queue the message: ${String(cause)}`, {
          cause,
        }),
      );
    }
    return GodotError.OK;
  }

  /** The write mode of `putPacket` (default WRITE_MODE_BINARY). */
  get writeMode(): WriteMode {
    return this.#writeMode;
  }
  set writeMode(mode: WriteMode) {
    this.setWriteMode(mode);
  }
  getWriteMode(): WriteMode {
    return this.#writeMode;
  }
  setWriteMode(mode: WriteMode): void {
    if (mode !== WriteMode.WRITE_MODE_TEXT && mode !== WriteMode.WRITE_MODE_BINARY) {
      throw new GdnetError("ERR_TYPE", `setWriteMode expects WRITE_MODE_TEXT (0) or WRITE_MODE_BINARY (1), got ${String(mode)}.`);
    }
    this.#writeMode = mode;
  }

  getLabel(): string {
    return this.#channel?.label ?? "";
  }

  /** The channel's id; 65535 until negotiation assigns one (Godot's value for "unset"). */
  getId(): number {
    return this.#channel?.id ?? UNSET;
  }

  isNegotiated(): boolean {
    return this.#channel?.negotiated ?? false;
  }

  isOrdered(): boolean {
    return this.#channel?.ordered ?? true;
  }

  /** Milliseconds a message may be retransmitted; 65535 when not set. */
  getMaxPacketLifeTime(): number {
    return this.#channel?.maxPacketLifeTime ?? UNSET;
  }

  /** Retransmissions allowed; 65535 when not set. */
  getMaxRetransmits(): number {
    return this.#channel?.maxRetransmits ?? UNSET;
  }

  getProtocol(): string {
    return this.#channel?.protocol ?? "";
  }

  /** Bytes queued by `putPacket` and not yet sent (Godot 4). */
  getBufferedAmount(): number {
    return this.#channel?.bufferedAmount ?? 0;
  }

  /** Packets dropped because the inbound queue was full. */
  getDroppedPacketCount(): number {
    return this.#queue.droppedCount;
  }

  /** Inbound queue limits (not Godot API: Godot sets them with a project setting). Defaults 64 KiB, 4096 packets. */
  setInboundLimits(maxBytes: number, maxPackets: number): GodotError {
    if (!Number.isInteger(maxBytes) || maxBytes < 1 || !Number.isInteger(maxPackets) || maxPackets < 1) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "setInboundLimits needs two positive integers."));
    }
    this.#queue.limits = { maxBytes, maxPackets };
    return GodotError.OK;
  }

  #stage(data: unknown): void {
    let bytes: Uint8Array;
    let isString = false;
    if (typeof data === "string") {
      bytes = toUtf8(data);
      isString = true;
    } else if (data instanceof ArrayBuffer) {
      bytes = new Uint8Array(data);
    } else if (ArrayBuffer.isView(data)) {
      bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } else {
      return;
    }
    const offer = this.#queue.offer(
      { data: bytes, isString, from: 0, channel: 0, mode: TransferMode.TRANSFER_MODE_RELIABLE },
      false,
    );
    if (offer === Offer.DROPPED) {
      if (!this.#droppedSinceRead) {
        this.#droppedSinceRead = true;
        this.#log.push(
          new GdnetError(
            "ERR_OUT_OF_MEMORY",
            `Data channel "${this.getLabel()}" inbound queue full: dropping packets until getPacket() makes room.`,
          ),
        );
      }
    } else {
      this.#log.pushPacket();
    }
    this.wake();
  }
}
