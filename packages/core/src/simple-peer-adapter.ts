import { asBytes, type BytesLike, NO_PACKET } from "./bytes.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { PacketPeer } from "./packet-peer.js";
import { Offer, PacketQueue } from "./packet-queue.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { PACKET_MARK, StagedLog } from "./staged-log.js";
import { TransferMode } from "./transfer-mode.js";
import { decodeUtf8Strict, toUtf8 } from "./utf8.js";
import { ChannelState, DEFAULT_CHANNEL_BUFFER_BYTES, DEFAULT_CHANNEL_MAX_PACKETS } from "./webrtc-data-channel.js";
import { WriteMode } from "./websocket-state.js";

/** The part of a simple-peer instance (9.x) the adapter uses. */
export interface SimplePeerLike {
  readonly connected: boolean;
  readonly destroyed: boolean;
  readonly bufferSize: number;
  on(event: "connect" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "data", listener: (data: Uint8Array | string) => void): unknown;
  send(data: string | Uint8Array): void;
  destroy(error?: Error): void;
}

type Staged = { readonly kind: "state"; readonly state: ChannelState } | { readonly kind: "error"; readonly error: GdnetError };

/**
 * Makes a simple-peer instance a gdnet packet peer: `poll()`, `putPacket`, `getPacket`,
 * `wasStringPacket`, the data channel's ready state, all under the poll contract. Signaling stays
 * simple-peer's (`peer.on("signal")` / `peer.signal()`). Import it from "gdnet/simple-peer": it is
 * not in the main bundle.
 *
 * simple-peer turns every message into bytes before its "data" event, so to tell text from binary
 * the adapter also reads the messages where simple-peer receives them (`_onChannelMessage`, the
 * private method every 9.x release has, simple-peer index.js); without it all packets read as binary.
 */
export class SimplePeerAdapter extends PacketPeer {
  readonly peer: SimplePeerLike;
  readonly #queue = new PacketQueue({ maxPackets: DEFAULT_CHANNEL_MAX_PACKETS, maxBytes: DEFAULT_CHANNEL_BUFFER_BYTES });
  readonly #log = new StagedLog<Staged>();
  readonly #guard = { polling: false };
  #state: ChannelState = ChannelState.STATE_CONNECTING;
  #writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY;
  #lastWasString = false;

  constructor(peer: SimplePeerLike, platform: Platform) {
    super(platform);
    this.peer = peer;
    const internal = peer as unknown as { _onChannelMessage?: (event: { data: unknown }) => void };
    const original = internal._onChannelMessage;
    if (typeof original === "function") {
      internal._onChannelMessage = (event) => {
        this.#stage(event.data);
        original.call(peer, event);
      };
    } else {
      peer.on("data", (data) => this.#stage(data instanceof Uint8Array ? data : toUtf8(String(data))));
    }
    peer.on("connect", () => this.#push({ kind: "state", state: ChannelState.STATE_OPEN }));
    peer.on("close", () => this.#push({ kind: "state", state: ChannelState.STATE_CLOSED }));
    peer.on("error", (error) =>
      this.#push({
        kind: "error",
        error: new GdnetError("ERR_CONNECTION_ERROR", `simple-peer: ${error.message}`, { cause: error }),
      }),
    );
    if (peer.connected) this.#state = ChannelState.STATE_OPEN;
    if (peer.destroyed) this.#state = ChannelState.STATE_CLOSED;
  }

  /** Makes what arrived since the last poll visible, in arrival order. */
  poll(): void {
    runPoll(this.#guard, () => {
      for (let item = this.#log.shift(); item !== undefined; item = this.#log.shift()) {
        if (item === PACKET_MARK) this.#queue.revealOne();
        else if (item.kind === "state") this.#state = item.state;
        else this.fail(item.error);
      }
    });
  }

  /** CONNECTING until simple-peer's "connect", OPEN, then CLOSED after "close". */
  getReadyState(): ChannelState {
    return this.#state;
  }

  getAvailablePacketCount(): number {
    return this.#queue.visibleCount;
  }

  getPacket(): Uint8Array {
    const packet = this.#queue.shift();
    if (!packet) {
      this.setPacketError(GodotError.ERR_UNAVAILABLE);
      return NO_PACKET;
    }
    this.setPacketError(GodotError.OK);
    this.#lastWasString = packet.isString;
    return packet.data;
  }

  wasStringPacket(): boolean {
    return this.#lastWasString;
  }

  /** Sends `data` as a string (WRITE_MODE_TEXT) or binary message (default). ERR_UNCONFIGURED until connected. */
  putPacket(data: BytesLike): GodotError {
    const bytes = asBytes(data, "putPacket");
    if (!this.peer.connected || this.peer.destroyed) {
      return this.fail(
        new GdnetError("ERR_UNCONFIGURED", "The simple-peer connection is not open: wait for getReadyState() to be STATE_OPEN."),
      );
    }
    let payload: string | Uint8Array = bytes;
    if (this.#writeMode === WriteMode.WRITE_MODE_TEXT) {
      const text = decodeUtf8Strict(bytes);
      if (text === undefined)
        return this.fail(new GdnetError("ERR_INVALID_DATA", "WRITE_MODE_TEXT sends strings: these bytes are not UTF-8."));
      payload = text;
    }
    try {
      this.peer.send(payload);
    } catch (cause) {
      return this.fail(new GdnetError("ERR_OUT_OF_MEMORY", `simple-peer could not send: ${String(cause)}`, { cause }));
    }
    return GodotError.OK;
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

  /** Bytes simple-peer has not sent yet. */
  getBufferedAmount(): number {
    return this.peer.bufferSize;
  }

  /** Destroys the simple-peer connection. */
  close(): void {
    this.peer.destroy();
  }

  #stage(data: unknown): void {
    let bytes: Uint8Array;
    const isString = typeof data === "string";
    if (isString) bytes = toUtf8(data);
    else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else return;
    const offer = this.#queue.offer(
      { data: bytes, isString, from: 0, channel: 0, mode: TransferMode.TRANSFER_MODE_RELIABLE },
      false,
    );
    if (offer === Offer.DROPPED)
      this.#push({ kind: "error", error: new GdnetError("ERR_OUT_OF_MEMORY", "Inbound queue full: packet dropped.") });
    else {
      this.#log.pushPacket();
      this.wake();
    }
  }

  #push(item: Staged): void {
    this.#log.push(item);
    this.wake();
  }
}
