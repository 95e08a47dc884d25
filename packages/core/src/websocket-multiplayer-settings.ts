import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { MultiplayerPeer } from "./multiplayer-peer.js";
import { checkSeconds } from "./seconds.js";
import { checkServerLimits, NO_SERVER_LIMITS, type ServerLimits } from "./server-limits.js";
import { type BufferLimits, GODOT4_BUFFER_DEFAULTS, godot4Limits } from "./websocket-buffers.js";
import type { WebSocketPeer } from "./websocket-peer.js";
import { type SharedPeerProperties, sharePeerProperties } from "./websocket-peer-properties.js";

/** Godot 4's WebSocketMultiplayerPeer `handshake_timeout` default, in seconds. */
export const DEFAULT_MULTIPLAYER_HANDSHAKE_TIMEOUT = 3;

/**
 * The properties of Godot 4's WebSocketMultiplayerPeer, copied into each connection's
 * WebSocketPeer (there is no heartbeat_interval here, as in Godot: set it on `getPeer(id)`).
 * Accessor + get/set pair each, as everywhere in gdnet.
 */
export abstract class WebSocketMultiplayerSettings extends MultiplayerPeer {
  #protocols: string[] = [];
  #headers: string[] = [];
  #inbound: number = GODOT4_BUFFER_DEFAULTS.inboundBufferSize;
  #limits: BufferLimits | null = null;
  #shared: SharedPeerProperties | null = null;
  #outbound: number = GODOT4_BUFFER_DEFAULTS.outboundBufferSize;
  #maxQueued: number = GODOT4_BUFFER_DEFAULTS.maxQueuedPackets;
  #handshakeTimeout = DEFAULT_MULTIPLAYER_HANDSHAKE_TIMEOUT;
  #serverLimits: ServerLimits = NO_SERVER_LIMITS;

  /**
   * Server only: connection count, Origin and message-rate limits (docs/security.md). None by
   * default, as in Godot. Set a partial object (`{ maxConnections: 500 }`); applies at createServer().
   */
  get limits(): ServerLimits {
    return this.#serverLimits;
  }
  set limits(value: Partial<ServerLimits>) {
    this.#serverLimits = checkServerLimits(value);
  }

  /** Subprotocols offered by the client or accepted by the server. Default []. */
  get supportedProtocols(): string[] {
    return this.getSupportedProtocols();
  }
  set supportedProtocols(value: readonly string[]) {
    this.setSupportedProtocols(value);
  }
  getSupportedProtocols(): string[] {
    return [...this.#protocols];
  }
  setSupportedProtocols(protocols: readonly string[]): void {
    this.#protocols = this.#strings(protocols, "supportedProtocols");
    this.#shared = null;
  }

  /** Extra handshake lines (`"Name: value"`). Default []. */
  get handshakeHeaders(): string[] {
    return this.getHandshakeHeaders();
  }
  set handshakeHeaders(value: readonly string[]) {
    this.setHandshakeHeaders(value);
  }
  getHandshakeHeaders(): string[] {
    return [...this.#headers];
  }
  setHandshakeHeaders(headers: readonly string[]): void {
    this.#headers = this.#strings(headers, "handshakeHeaders");
    this.#shared = null;
  }

  /** Default 65535. */
  get inboundBufferSize(): number {
    return this.#inbound;
  }
  set inboundBufferSize(size: number) {
    this.setInboundBufferSize(size);
  }
  getInboundBufferSize(): number {
    return this.#inbound;
  }
  setInboundBufferSize(size: number): void {
    this.#inbound = this.#positive(size, "inboundBufferSize");
    this.#limits = null;
    this.#shared = null;
  }

  /** Default 65535. */
  get outboundBufferSize(): number {
    return this.#outbound;
  }
  set outboundBufferSize(size: number) {
    this.setOutboundBufferSize(size);
  }
  getOutboundBufferSize(): number {
    return this.#outbound;
  }
  setOutboundBufferSize(size: number): void {
    this.#outbound = this.#positive(size, "outboundBufferSize");
    this.#limits = null;
    this.#shared = null;
  }

  /** Default 4096. */
  get maxQueuedPackets(): number {
    return this.#maxQueued;
  }
  set maxQueuedPackets(count: number) {
    this.setMaxQueuedPackets(count);
  }
  getMaxQueuedPackets(): number {
    return this.#maxQueued;
  }
  setMaxQueuedPackets(count: number): void {
    this.#maxQueued = this.#positive(count, "maxQueuedPackets");
    this.#limits = null;
    this.#shared = null;
  }

  /** Seconds a connection has to complete (a client: to receive its id). Default 3; must be > 0. */
  get handshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  set handshakeTimeout(seconds: number) {
    // Like the other properties here (and the server's), a bad value throws rather than going unnoticed.
    if (this.setHandshakeTimeout(seconds) !== GodotError.OK) throw this.getLastError();
  }
  getHandshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  setHandshakeTimeout(seconds: number): GodotError {
    const checked = checkSeconds(seconds, "handshakeTimeout");
    if (checked instanceof GdnetError) return this.fail(checked);
    this.#handshakeTimeout = checked;
    return GodotError.OK;
  }

  /**
   * The limits each connection gets: one object for all of them until a setting changes (it is
   * also the key of their shared queue limits, websocket-buffers.ts queueLimitsOf).
   */
  protected connectionLimits(): BufferLimits {
    this.#limits ??= godot4Limits(this.#inbound, this.#outbound, this.#maxQueued);
    return this.#limits;
  }

  /**
   * Gives a connection's peer these properties, as Godot's `_create_peer` does: one frozen
   * object shared by every connection until a setting changes (or the application sets a
   * property on one peer, which then gets a copy of its own).
   */
  protected configure(peer: WebSocketPeer): void {
    this.#shared ??= sharePeerProperties({
      supportedProtocols: this.#protocols,
      handshakeHeaders: this.#headers,
      inboundBufferSize: this.#inbound,
      outboundBufferSize: this.#outbound,
      maxQueuedPackets: this.#maxQueued,
      heartbeatInterval: 0,
    });
    peer._shareProperties(this.#shared);
  }

  #strings(value: readonly string[], name: string): string[] {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
      throw new GdnetError("ERR_TYPE", `${name} must be an array of strings.`);
    return [...value];
  }

  #positive(value: number, name: string): number {
    if (!Number.isInteger(value) || value < 1)
      throw new GdnetError("ERR_TYPE", `${name} must be a positive integer, got ${String(value)}.`);
    return value;
  }
}
