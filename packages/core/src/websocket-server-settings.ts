import { CryptoKey } from "./crypto-key.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { type HeaderPair, parseHeaderLines } from "./handshake-headers.js";
import { isIpAddress } from "./ip-address.js";
import { MultiplayerPeer } from "./multiplayer-peer.js";
import { checkSeconds } from "./seconds.js";
import { checkServerLimits, NO_SERVER_LIMITS, type ServerLimits } from "./server-limits.js";
import type { SignalMap } from "./signals.js";
import { TLSOptions } from "./tls-options.js";
import { type BufferLimits, GODOT3_DEFAULT_LIMITS, godot3Limits } from "./websocket-buffers.js";
import { X509Certificate } from "./x509-certificate.js";

/** Godot 3.3+'s default handshake timeout, in seconds (3.2 had a fixed 1 s). */
export const DEFAULT_HANDSHAKE_TIMEOUT = 3;

/** What `listen()` needs from the settings, checked. */
export interface ServerListenSettings {
  readonly bindAddress: string;
  readonly extraHeaders: readonly HeaderPair[];
  readonly handshakeTimeoutMs: number;
  readonly tls: TLSOptions | null;
  readonly limits: ServerLimits;
}

/**
 * The properties of Godot 3's WebSocketServer, which apply at `listen()`: bind address,
 * handshake timeout, extra headers, the wss key and certificates, `set_buffers`, and gdnet's
 * server limits. Accessor + get/set pair each, as everywhere in gdnet.
 */
export abstract class WebSocketServerSettings<S extends SignalMap> extends MultiplayerPeer<S> {
  #bindIp = "*";
  #handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  #extraHeaders: string[] = [];
  #privateKey: CryptoKey | null = null;
  #certificate: X509Certificate | null = null;
  #caChain: X509Certificate | null = null;
  #buffers: BufferLimits = GODOT3_DEFAULT_LIMITS;
  #limits: ServerLimits = NO_SERVER_LIMITS;

  abstract isListening(): boolean;

  /** The address to listen on: `"*"` (default, every interface) or an IP. Only while not listening. */
  get bindIp(): string {
    return this.#bindIp;
  }
  set bindIp(ip: string) {
    this.#throwIf(this.setBindIp(ip));
  }
  getBindIp(): string {
    return this.#bindIp;
  }
  setBindIp(ip: string): GodotError {
    if (this.isListening())
      return this.fail(new GdnetError("FAILED", "bindIp can only change while the server is not listening."));
    if (ip !== "*" && !isIpAddress(ip)) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `bindIp must be "*" or an IP address, got "${String(ip)}".`));
    }
    this.#bindIp = ip;
    return GodotError.OK;
  }

  /** Seconds a client has from TCP accept to finish its handshake (TLS included). Default 3. */
  get handshakeTimeout(): number {
    return this.#handshakeTimeout;
  }
  set handshakeTimeout(seconds: number) {
    this.#throwIf(this.setHandshakeTimeout(seconds));
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

  /** Extra `"Name: value"` lines sent in every handshake response. Default []. Applies at listen(). */
  setExtraHeaders(headers: readonly string[]): GodotError {
    const parsed = parseHeaderLines(headers);
    if (parsed instanceof GdnetError) return this.fail(parsed);
    this.#extraHeaders = [...headers];
    return GodotError.OK;
  }
  getExtraHeaders(): string[] {
    return [...this.#extraHeaders];
  }

  /** The private key for wss (with `sslCertificate`). Default null. */
  get privateKey(): CryptoKey | null {
    return this.#privateKey;
  }
  set privateKey(key: CryptoKey | null) {
    if (key !== null && !(key instanceof CryptoKey)) throw new GdnetError("ERR_TYPE", "privateKey must be a CryptoKey or null.");
    this.#privateKey = key;
  }
  getPrivateKey(): CryptoKey | null {
    return this.#privateKey;
  }
  setPrivateKey(key: CryptoKey | null): void {
    this.privateKey = key;
  }

  /** The certificate for wss (with `privateKey`). Default null. */
  get sslCertificate(): X509Certificate | null {
    return this.#certificate;
  }
  set sslCertificate(certificate: X509Certificate | null) {
    this.#certificate = checkCertificate(certificate, "sslCertificate");
  }
  getSslCertificate(): X509Certificate | null {
    return this.#certificate;
  }
  setSslCertificate(certificate: X509Certificate | null): void {
    this.sslCertificate = certificate;
  }

  /** Intermediate certificates sent after `sslCertificate`. Default null. */
  get caChain(): X509Certificate | null {
    return this.#caChain;
  }
  set caChain(certificate: X509Certificate | null) {
    this.#caChain = checkCertificate(certificate, "caChain");
  }
  getCaChain(): X509Certificate | null {
    return this.#caChain;
  }
  setCaChain(certificate: X509Certificate | null): void {
    this.caChain = certificate;
  }

  /**
   * Connection count, Origin and message-rate limits (docs/security.md). None by default, as in
   * Godot. Set a partial object (`{ maxConnections: 500 }`); applies at listen().
   */
  get limits(): ServerLimits {
    return this.#limits;
  }
  set limits(value: Partial<ServerLimits>) {
    this.#limits = checkServerLimits(value);
  }

  /** Godot 3's `set_buffers`, per client (see WebSocketClient.setBuffers). FAILED while listening. */
  setBuffers(
    inputBufferSizeKb: number,
    inputMaxPackets: number,
    outputBufferSizeKb: number,
    outputMaxPackets: number,
  ): GodotError {
    if (this.isListening()) return this.fail(new GdnetError("FAILED", "setBuffers must be called before listen."));
    const limits = godot3Limits(inputBufferSizeKb, inputMaxPackets, outputBufferSizeKb, outputMaxPackets);
    if (limits instanceof GdnetError) return this.fail(limits);
    this.#buffers = limits;
    return GodotError.OK;
  }

  /** Each client's buffer limits (`setBuffers`). */
  protected bufferLimits(): BufferLimits {
    return this.#buffers;
  }

  /** The settings as `listen()` hands them to the platform; a GdnetError for bad extra headers. */
  protected listenSettings(): ServerListenSettings | GdnetError {
    const headers = parseHeaderLines(this.#extraHeaders);
    if (headers instanceof GdnetError) return headers;
    const key = this.#privateKey;
    const certificate = this.#certificate;
    // wss when both are set; the chain goes out after the certificate.
    const chained =
      certificate && this.#caChain
        ? X509Certificate.fromPem(certificate.saveToString() + this.#caChain.saveToString())
        : certificate;
    return {
      bindAddress: this.#bindIp,
      extraHeaders: headers,
      handshakeTimeoutMs: this.#handshakeTimeout * 1000,
      tls: key && chained ? TLSOptions.server(key, chained) : null,
      limits: this.#limits,
    };
  }

  #throwIf(error: GodotError): void {
    if (error !== GodotError.OK) throw this.getLastError();
  }
}

function checkCertificate(certificate: X509Certificate | null, name: string): X509Certificate | null {
  if (certificate !== null && !(certificate instanceof X509Certificate)) {
    throw new GdnetError("ERR_TYPE", `${name} must be an X509Certificate or null.`);
  }
  return certificate;
}
