import { NO_PACKET } from "./bytes.js";
import { ConnectionStatus } from "./connection-status.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { PacketPeer } from "./packet-peer.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { TLSOptions } from "./tls-options.js";
import { TransferMode } from "./transfer-mode.js";
import { type BufferLimits, GODOT3_DEFAULT_LIMITS, godot3Limits } from "./websocket-buffers.js";
import { type PeerOwner, type Revealed, WebSocketPeer, WebSocketState } from "./websocket-peer.js";
import { X509Certificate } from "./x509-certificate.js";

/** Signals of {@link WebSocketClient} (Godot 3 names and arguments). */
export type WebSocketClientSignals = {
  /** The handshake finished; `protocol` is the selected subprotocol ("" for none). */
  connection_established: [protocol: string];
  /** The connection attempt failed (refused, handshake rejected, TLS not trusted...). */
  connection_error: [];
  /** An established connection closed; `wasCleanClose` when a close frame was received. */
  connection_closed: [wasCleanClose: boolean];
  /** One packet arrived: read it with `getPeer(1).getPacket()`. */
  data_received: [];
  /** The server started closing with `code` and `reason`; `connection_closed` follows. */
  server_close_request: [code: number, reason: string];
};

/**
 * Godot 3's WebSocketClient. Connect with `connectToUrl`, call `poll()` every frame, and read
 * packets from `getPeer(1)` when `data_received` fires.
 *
 * ```ts
 * const client = new WebSocketClient();
 * client.on("data_received", () => console.log(getStringFromUtf8(client.getPeer(1)!.getPacket())));
 * client.connectToUrl("ws://localhost:9080");
 * ```
 */
export class WebSocketClient extends PacketPeer<WebSocketClientSignals> implements PeerOwner {
  readonly #peer: WebSocketPeer;
  readonly #guard = { polling: false };
  #verifySsl = true;
  #trustedCertificate: X509Certificate | null = null;
  #limits: BufferLimits = GODOT3_DEFAULT_LIMITS;

  constructor(platform: Platform) {
    super(platform);
    this.#peer = new WebSocketPeer(platform);
    this.#peer._own(this);
  }

  /**
   * Connects to `url`. `protocols` (default []) are the subprotocols to offer; `customHeaders`
   * (default []) are extra `"Name: value"` handshake lines (Node only). `gdMpApi` (default false)
   * turns on Godot 3's multiplayer framing.
   */
  connectToUrl(
    url: string,
    protocols: readonly string[] = [],
    gdMpApi = false,
    customHeaders: readonly string[] = [],
  ): GodotError {
    if (gdMpApi) {
      return this.fail(
        new GdnetError(
          "ERR_UNAVAILABLE",
          "gd_mp_api = true (Godot 3 multiplayer framing) is not available yet in this version of gdnet.",
        ),
      );
    }
    if (this.#peer.setSupportedProtocols(protocols) !== GodotError.OK) return this.#peerFailure();
    if (this.#peer.setHandshakeHeaders(customHeaders) !== GodotError.OK) return this.#peerFailure();
    this.#peer._setLimits(this.#limits);
    const tls = this.#verifySsl ? TLSOptions.client(this.#trustedCertificate) : TLSOptions.clientUnsafe(this.#trustedCertificate);
    const error = this.#peer.connectToUrl(url, tls);
    return error === GodotError.OK ? error : this.#peerFailure();
  }

  /** Processes the connection and emits this client's signals. */
  poll(): void {
    runPoll(this.#guard, () => {
      for (let revealed = this.#peer._revealNext(); revealed !== undefined; revealed = this.#peer._revealNext()) {
        this.#emitFor(revealed);
      }
      this.#peer._heartbeat();
    });
  }

  /** Closes the connection with `code` (default 1000) and `reason` (default ""). */
  disconnectFromHost(code = 1000, reason = ""): void {
    if (this.#peer.close(code, reason) !== GodotError.OK) this.#peerFailure();
  }

  /** The connection's WebSocketPeer; on a client only id 1 (the server) exists. */
  getPeer(peerId: number): WebSocketPeer | null {
    if (peerId !== 1) {
      this.fail(new GdnetError("ERR_INVALID_PARAMETER", `A WebSocketClient only has peer 1 (the server), not ${peerId}.`));
      return null;
    }
    return this.#peer;
  }

  getConnectedHost(): string {
    return this.#peer.getConnectedHost();
  }

  getConnectedPort(): number {
    return this.#peer.getConnectedPort();
  }

  /** DISCONNECTED, CONNECTING while the handshake runs, CONNECTED once it is done. */
  getConnectionStatus(): ConnectionStatus {
    switch (this.#peer.getReadyState()) {
      case WebSocketState.STATE_CONNECTING:
        return ConnectionStatus.CONNECTION_CONNECTING;
      case WebSocketState.STATE_OPEN:
        return ConnectionStatus.CONNECTION_CONNECTED;
      default:
        return ConnectionStatus.CONNECTION_DISCONNECTED;
    }
  }

  /** Verify the server's certificate on wss:// (default true). */
  get verifySsl(): boolean {
    return this.#verifySsl;
  }
  set verifySsl(enabled: boolean) {
    this.setVerifySslEnabled(enabled);
  }
  isVerifySslEnabled(): boolean {
    return this.#verifySsl;
  }
  setVerifySslEnabled(enabled: boolean): void {
    this.#verifySsl = Boolean(enabled);
  }

  /** When set, the only certificate (chain) trusted on wss:// (default null: the platform's roots). */
  get trustedSslCertificate(): X509Certificate | null {
    return this.#trustedCertificate;
  }
  set trustedSslCertificate(certificate: X509Certificate | null) {
    this.setTrustedSslCertificate(certificate);
  }
  getTrustedSslCertificate(): X509Certificate | null {
    return this.#trustedCertificate;
  }
  setTrustedSslCertificate(certificate: X509Certificate | null): void {
    if (certificate !== null && !(certificate instanceof X509Certificate)) {
      throw new GdnetError("ERR_TYPE", "trustedSslCertificate must be an X509Certificate or null.");
    }
    this.#trustedCertificate = certificate;
  }

  /**
   * Godot 3's `set_buffers(input_buffer_size_kb, input_max_packets, output_buffer_size_kb,
   * output_max_packets)`, rounded up to powers of two as Godot does. Defaults 64, 1024, 64, 1024.
   * FAILED once connecting or connected.
   */
  setBuffers(
    inputBufferSizeKb: number,
    inputMaxPackets: number,
    outputBufferSizeKb: number,
    outputMaxPackets: number,
  ): GodotError {
    if (this.#peer.getReadyState() !== WebSocketState.STATE_CLOSED) {
      return this.fail(new GdnetError("FAILED", "setBuffers must be called before connectToUrl."));
    }
    const limits = godot3Limits(inputBufferSizeKb, inputMaxPackets, outputBufferSizeKb, outputMaxPackets);
    if (limits instanceof GdnetError) return this.fail(limits);
    this.#limits = limits;
    return GodotError.OK;
  }

  /** The largest packet the output buffer takes (Godot: output buffer size minus the 9-byte multiplayer header). */
  getMaxPacketSize(): number {
    return this.#limits.outboundBytes + 1 - 9;
  }

  /** Always RELIABLE: WebSocket runs over TCP (Godot's setter is ignored, and so is ours). */
  getTransferMode(): TransferMode {
    return TransferMode.TRANSFER_MODE_RELIABLE;
  }

  // Godot 3 only allows the PacketPeer methods on the client itself in gd_mp_api mode.
  getAvailablePacketCount(): number {
    return 0;
  }
  getPacket(): Uint8Array {
    this.setPacketError(GodotError.ERR_UNCONFIGURED);
    this.fail(
      new GdnetError(
        "ERR_UNCONFIGURED",
        "getPacket on a WebSocketClient needs gd_mp_api = true; otherwise read packets with getPeer(1).getPacket().",
      ),
    );
    return NO_PACKET;
  }
  putPacket(): GodotError {
    return this.fail(
      new GdnetError(
        "ERR_UNCONFIGURED",
        "putPacket on a WebSocketClient needs gd_mp_api = true; otherwise send with getPeer(1).putPacket().",
      ),
    );
  }

  /** @internal */
  staged(): void {
    this.wake();
  }

  #emitFor(revealed: Revealed): void {
    switch (revealed.type) {
      case "open":
        this.emitSignal("connection_established", revealed.protocol);
        return;
      case "packet":
        this.emitSignal("data_received");
        return;
      case "close":
        if (!revealed.wasOpen) {
          this.emitSignal("connection_error");
          return;
        }
        if (revealed.remoteRequested) this.emitSignal("server_close_request", revealed.code, revealed.reason);
        this.emitSignal("connection_closed", revealed.clean);
        return;
      case "error":
        this.recordError(revealed.error);
        return;
    }
  }

  /** Reports the peer's last error as this client's. */
  #peerFailure(): GodotError {
    const error = this.#peer.getLastError();
    if (error) this.recordError(error);
    return error?.error ?? GodotError.FAILED;
  }
}
