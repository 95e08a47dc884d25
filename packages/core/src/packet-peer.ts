import type { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import type { Platform } from "./platform.js";

/**
 * Godot's PacketPeer: the base of every object you put packets into and get packets out of.
 * Failed calls return a Godot `Error` number; the explanation is kept in `getLastError()` and
 * printed by the platform, as Godot prints its errors.
 *
 * Like Godot's, a PacketPeer has no signals of its own (WebSocketPeer and WebRTCDataChannel have
 * none); MultiplayerPeer adds them. A WebSocket-only bundle then carries no signal code.
 */
export abstract class PacketPeer {
  protected readonly platform: Platform;
  #lastError: GdnetError | null = null;
  #packetError: GodotError = GodotError.OK;
  #wake: (() => void) | null = null;

  constructor(platform: Platform) {
    this.platform = platform;
  }

  /** Packets `getPacket()` can return now. */
  abstract getAvailablePacketCount(): number;
  /** Takes the next packet; an empty array (and `getPacketError()` = ERR_UNAVAILABLE) when there is none. */
  abstract getPacket(): Uint8Array;
  /** Sends one packet. */
  abstract putPacket(data: Uint8Array | ArrayBuffer | ArrayBufferView): GodotError;

  /** Godot's `get_packet_error`: the result of the last `getPacket()`. */
  getPacketError(): GodotError {
    return this.#packetError;
  }

  /** The explanation of the last failed call on this object, or null. */
  getLastError(): GdnetError | null {
    return this.#lastError;
  }

  /**
   * Registers `handler` to be called, outside poll, whenever something arrives that the next
   * `poll()` would process. `autoPoll` uses it to poll on activity instead of on a timer; user
   * code normally has no need for it. null removes it.
   */
  setWakeHandler(handler: (() => void) | null): void {
    this.#wake = handler;
  }

  /** Tells the wake handler that a poll has work to do. */
  protected wake(): void {
    this.#wake?.();
  }

  protected setPacketError(error: GodotError): void {
    this.#packetError = error;
  }

  /** Records and prints `error`, and returns its Godot number for the caller to return. */
  protected fail(error: GdnetError): GodotError {
    this.#lastError = error;
    this.platform.printError(error, this);
    return error.error;
  }

  /** Records `error` without printing it (it was printed where it happened). */
  protected recordError(error: GdnetError): GodotError {
    this.#lastError = error;
    return error.error;
  }
}
