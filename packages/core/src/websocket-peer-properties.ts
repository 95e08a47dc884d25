import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { PacketPeer } from "./packet-peer.js";
import { checkSeconds } from "./seconds.js";
import type { TLSOptions } from "./tls-options.js";
import { type BufferLimits, GODOT4_BUFFER_DEFAULTS, godot4Limits } from "./websocket-buffers.js";

interface Props {
  supportedProtocols: readonly string[];
  handshakeHeaders: readonly string[];
  inboundBufferSize: number;
  outboundBufferSize: number;
  maxQueuedPackets: number;
  heartbeatInterval: number;
}

const DEFAULTS: Readonly<Props> = Object.freeze({
  supportedProtocols: Object.freeze([]),
  handshakeHeaders: Object.freeze([]),
  inboundBufferSize: GODOT4_BUFFER_DEFAULTS.inboundBufferSize,
  outboundBufferSize: GODOT4_BUFFER_DEFAULTS.outboundBufferSize,
  maxQueuedPackets: GODOT4_BUFFER_DEFAULTS.maxQueuedPackets,
  heartbeatInterval: 0,
});

/** @internal A frozen set of properties that several peers share until one sets its own. */
export type SharedPeerProperties = Readonly<Props>;

/** @internal Freezes `props` for {@link WebSocketPeerProperties._shareProperties}. */
export function sharePeerProperties(props: Props): SharedPeerProperties {
  return Object.freeze({
    ...props,
    supportedProtocols: Object.freeze([...props.supportedProtocols]),
    handshakeHeaders: Object.freeze([...props.handshakeHeaders]),
  });
}

/**
 * Godot 4's WebSocketPeer properties, each as an accessor (which throws a GdnetError for a value
 * Godot would refuse) and as Godot's get/set pair (the setter returns the Error instead).
 * Changes apply from the next connection, as in Godot.
 */
export abstract class WebSocketPeerProperties extends PacketPeer {
  // The defaults (or a server's settings) are shared until a property is set: a server's
  // accepted peers never set any, and six fields each would cost every one of them
  // (bench/RESULTS.md, idle memory). A frozen object is a shared one: copied on first write.
  #props: Props = DEFAULTS;
  #own(): Props {
    if (Object.isFrozen(this.#props)) this.#props = { ...this.#props };
    return this.#props;
  }

  /** @internal Takes `props` (shared, never written) as this peer's properties. */
  _shareProperties(props: SharedPeerProperties): void {
    this.#props = props;
    this.heartbeatChanged(props.heartbeatInterval > 0);
  }

  /** Subprotocols offered by a client, or accepted by a server. Default []. */
  get supportedProtocols(): string[] {
    return this.getSupportedProtocols();
  }
  set supportedProtocols(value: readonly string[]) {
    this.#throwIf(this.setSupportedProtocols(value));
  }
  getSupportedProtocols(): string[] {
    return [...this.#props.supportedProtocols];
  }
  setSupportedProtocols(protocols: readonly string[]): GodotError {
    if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== "string" || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p))) {
      return this.fail(
        new GdnetError(
          "ERR_INVALID_PARAMETER",
          "supportedProtocols must be an array of subprotocol tokens (letters, digits, and !#$%&'*+-.^_`|~).",
        ),
      );
    }
    this.#own().supportedProtocols = [...protocols];
    return GodotError.OK;
  }

  /** Extra `"Name: value"` lines of the handshake (a client's request, a server's response). Default []. */
  get handshakeHeaders(): string[] {
    return this.getHandshakeHeaders();
  }
  set handshakeHeaders(value: readonly string[]) {
    this.#throwIf(this.setHandshakeHeaders(value));
  }
  getHandshakeHeaders(): string[] {
    return [...this.#props.handshakeHeaders];
  }
  setHandshakeHeaders(headers: readonly string[]): GodotError {
    if (!Array.isArray(headers) || headers.some((h) => typeof h !== "string")) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", 'handshakeHeaders must be an array of "Name: value" strings.'));
    }
    this.#own().handshakeHeaders = [...headers];
    return GodotError.OK;
  }

  /** Largest inbound message, and the inbound queue's size, in bytes. Default 65535. */
  get inboundBufferSize(): number {
    return this.#props.inboundBufferSize;
  }
  set inboundBufferSize(value: number) {
    this.#throwIf(this.setInboundBufferSize(value));
  }
  getInboundBufferSize(): number {
    return this.#props.inboundBufferSize;
  }
  setInboundBufferSize(size: number): GodotError {
    return this.#setPositive("inboundBufferSize", size);
  }

  /** Most bytes waiting to be sent. Default 65535. */
  get outboundBufferSize(): number {
    return this.#props.outboundBufferSize;
  }
  set outboundBufferSize(value: number) {
    this.#throwIf(this.setOutboundBufferSize(value));
  }
  getOutboundBufferSize(): number {
    return this.#props.outboundBufferSize;
  }
  setOutboundBufferSize(size: number): GodotError {
    return this.#setPositive("outboundBufferSize", size);
  }

  /** Most packets queued each way. Default 4096 (Godot 4.5; 2048 before 4.4). */
  get maxQueuedPackets(): number {
    return this.#props.maxQueuedPackets;
  }
  set maxQueuedPackets(value: number) {
    this.#throwIf(this.setMaxQueuedPackets(value));
  }
  getMaxQueuedPackets(): number {
    return this.#props.maxQueuedPackets;
  }
  setMaxQueuedPackets(count: number): GodotError {
    return this.#setPositive("maxQueuedPackets", count);
  }

  /**
   * Seconds between pings (Godot 4.4+); 0, the default, sends none. A ping that gets no pong by
   * the next one drops the connection. ERR_UNAVAILABLE in browsers, which cannot send pings.
   */
  get heartbeatInterval(): number {
    return this.#props.heartbeatInterval;
  }
  set heartbeatInterval(value: number) {
    this.#throwIf(this.setHeartbeatInterval(value));
  }
  getHeartbeatInterval(): number {
    return this.#props.heartbeatInterval;
  }
  setHeartbeatInterval(seconds: number): GodotError {
    const checked = checkSeconds(seconds, "heartbeatInterval", true);
    if (checked instanceof GdnetError) return this.fail(checked);
    if (checked > 0 && !this.platform.webSocket.capabilities.heartbeat) {
      return this.fail(
        new GdnetError(
          "ERR_UNAVAILABLE",
          `heartbeatInterval is not available in the ${this.platform.name}: the browser WebSocket API cannot send pings. Send your own keep-alive packet, or let the server ping (browsers answer pings).`,
        ),
      );
    }
    this.#own().heartbeatInterval = checked;
    this.heartbeatChanged(checked > 0);
    return GodotError.OK;
  }

  /** The heartbeat was set (`on`: to a positive interval). */
  protected heartbeatChanged(_on: boolean): void {}

  /** The limits a new connection gets from these properties. */
  protected propertyLimits(): BufferLimits {
    return godot4Limits(this.#props.inboundBufferSize, this.#props.outboundBufferSize, this.#props.maxQueuedPackets);
  }

  /** ERR_UNAVAILABLE, with what to do instead, for client features the platform lacks. */
  protected checkClientSupport(hasHeaders: boolean, tls: TLSOptions | null): GdnetError | undefined {
    const capabilities = this.platform.webSocket.capabilities;
    if (hasHeaders && !capabilities.handshakeHeaders) {
      return new GdnetError(
        "ERR_UNAVAILABLE",
        `Custom handshake headers cannot be sent from the ${this.platform.name}: its WebSocket API has no way to set them. Pass the data in the URL query string or in the first message instead.`,
      );
    }
    const custom =
      tls !== null && (tls.isUnsafeClient() || tls.getTrustedCaChain() !== null || tls.getCommonNameOverride() !== "");
    if (custom && !capabilities.customTls) {
      return new GdnetError(
        "ERR_UNAVAILABLE",
        `The ${this.platform.name} verifies TLS itself against its own trusted roots: a trusted certificate, clientUnsafe and commonNameOverride cannot be used. Use TLSOptions.client() with a certificate the browser trusts (install your CA in the OS/browser for development).`,
      );
    }
    return undefined;
  }

  #setPositive(name: "inboundBufferSize" | "outboundBufferSize" | "maxQueuedPackets", value: number): GodotError {
    if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `${name} must be a positive integer, got ${String(value)}.`));
    }
    this.#own()[name] = value;
    return GodotError.OK;
  }

  #throwIf(error: GodotError): void {
    if (error !== GodotError.OK) throw this.getLastError();
  }
}
