import { type BytesLike, NO_PACKET } from "./bytes.js";
import { ConnectionStatus } from "./connection-status.js";
import { needsGdMpApi } from "./gd-mp-api-only.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { decodeWsMpPacket, encodeWsMpPacket, WsMpType } from "./multiplayer/ws-mp-header.js";
import { MultiplayerPeer } from "./multiplayer-peer.js";
import type { PeerOwner, Revealed } from "./peer-owner.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { TLSOptions } from "./tls-options.js";
import { TransferMode } from "./transfer-mode.js";
import { type BufferLimits, GODOT3_DEFAULT_LIMITS, godot3Limits } from "./websocket-buffers.js";
import { WebSocketPeer } from "./websocket-peer.js";
import { WebSocketState } from "./websocket-state.js";
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
  /** gd_mp_api: the server confirmed us (SYS_ADD of peer 1). */
  connection_succeeded: [];
  /** gd_mp_api: the connection failed or, as in Godot 3.2, closed. */
  connection_failed: [];
  /** NetworkedMultiplayerPeer's signal; Godot 3.2's WebSocket client never emits it (it emits connection_failed). */
  server_disconnected: [];
  /** gd_mp_api: a packet from peer `peerSource` is ready (`getPacket()`). */
  peer_packet: [peerSource: number];
  peer_connected: [id: number];
  peer_disconnected: [id: number];
};

/**
 * Godot 3's WebSocketClient. Connect with `connectToUrl`, call `poll()` every frame, and read
 * packets from `getPeer(1)` when `data_received` fires. With `gdMpApi` it is a multiplayer peer
 * speaking Godot 3.2's framing (a 9-byte header on every message, godot-protocols.md 1.4): use it
 * as a MultiplayerAPI's network peer, or read `getPacket()` / `getPacketPeer()` after `peer_packet`.
 *
 * ```ts
 * const client = new WebSocketClient();
 * client.on("data_received", () => console.log(getStringFromUtf8(client.getPeer(1)!.getPacket())));
 * client.connectToUrl("ws://localhost:9080");
 * ```
 */
export class WebSocketClient extends MultiplayerPeer<WebSocketClientSignals> implements PeerOwner {
  readonly #peer: WebSocketPeer;
  readonly #guard = { polling: false };
  #verifySsl = true;
  #trustedCertificate: X509Certificate | null = null;
  #limits: BufferLimits = GODOT3_DEFAULT_LIMITS;
  #multiplayer = false;
  #id = 0;
  readonly #peers = new Set<number>();

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
    if (this.#peer.setSupportedProtocols(protocols) !== GodotError.OK) return this.#peerFailure();
    if (this.#peer.setHandshakeHeaders(customHeaders) !== GodotError.OK) return this.#peerFailure();
    this.#peer._setLimits(this.#limits);
    const tls = this.#verifySsl ? TLSOptions.client(this.#trustedCertificate) : TLSOptions.clientUnsafe(this.#trustedCertificate);
    const error = this.#peer.connectToUrl(url, tls);
    if (error !== GodotError.OK) return this.#peerFailure();
    this.#multiplayer = Boolean(gdMpApi);
    this.#id = 0;
    this.#peers.clear();
    this.inbox.clear();
    return GodotError.OK;
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

  /** MultiplayerPeer: a client can only drop the server (peer 1): that is `disconnectFromHost()`. */
  disconnectPeer(id: number, force = false): void {
    if (id === 1) this.disconnectFromHost(force ? -1 : 1000);
  }

  /** @internal Closes the connection to the server (id 1) with `code` and `reason`. */
  override _closePeer(id: number, code: number, reason: string): void {
    if (id === 1) this.disconnectFromHost(code, reason);
  }

  /** MultiplayerPeer: `disconnectFromHost()`. */
  close(): void {
    this.disconnectFromHost();
  }

  /** gd_mp_api: the id the server gave us (SYS_ID), 0 before. */
  getUniqueId(): number {
    return this.#id;
  }

  /** Godot 3's WebSocket peers relay by header themselves; there is no SceneMultiplayer relay. */
  isServerRelaySupported(): boolean {
    return false;
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

  /**
   * DISCONNECTED, CONNECTING while the handshake runs, CONNECTED once it is done and until the
   * connection is closed, the closing handshake after `disconnectFromHost()` included.
   */
  getConnectionStatus(): ConnectionStatus {
    switch (this.#peer.getReadyState()) {
      case WebSocketState.STATE_CONNECTING:
        return ConnectionStatus.CONNECTION_CONNECTING;
      // Godot 3.2's WSLClient::get_connection_status is CONNECTED while its peer has a context
      // (modules/websocket/wsl_client.cpp, wsl_peer.cpp is_connected_to_host), and the peer keeps
      // it through the closing handshake. So MultiplayerAPI::poll (core/io/multiplayer_api.cpp)
      // goes on polling a client that disconnect_from_host() is closing, and the close ends with
      // connection_failed. Reporting DISCONNECTED here stopped MultiplayerAPI from polling, and
      // the close (and its connection_failed) was never processed.
      case WebSocketState.STATE_OPEN:
      case WebSocketState.STATE_CLOSING:
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
  override getTransferMode(): TransferMode {
    return TransferMode.TRANSFER_MODE_RELIABLE;
  }

  // Godot 3 only allows the PacketPeer methods on the client itself in gd_mp_api mode.
  override getAvailablePacketCount(): number {
    return this.#multiplayer ? super.getAvailablePacketCount() : 0;
  }
  override getPacket(): Uint8Array {
    if (this.#multiplayer) return super.getPacket();
    this.setPacketError(GodotError.ERR_UNCONFIGURED);
    this.fail(needsGdMpApi("getPacket", "WebSocketClient"));
    return NO_PACKET;
  }

  override putPacket(data: BytesLike): GodotError {
    if (this.#multiplayer) return super.putPacket(data);
    return this.fail(needsGdMpApi("putPacket", "WebSocketClient"));
  }

  protected send(bytes: Uint8Array, target: number): GodotError {
    // Everything goes to the server, which relays by the header's target (websocket_multiplayer_peer.cpp put_packet).
    const message = encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: Math.max(this.#id, 1), to: target, payload: bytes });
    const error = this.#peer.putPacket(message);
    return error === GodotError.OK ? error : this.#peerFailure();
  }

  /** @internal */
  heartbeating(): void {
    // One connection: its heartbeat runs on every poll anyway.
  }

  /** @internal */
  staged(): void {
    this.wake();
  }

  #emitFor(revealed: Revealed): void {
    switch (revealed.type) {
      case "open":
        // In gd_mp_api mode, success waits for the server's SYS_ADD(1).
        if (!this.#multiplayer) this.emitSignal("connection_established", revealed.protocol);
        return;
      case "packet":
        if (this.#multiplayer) this.#processMultiplayer();
        else this.emitSignal("data_received");
        return;
      case "close":
        if (this.#multiplayer) {
          // Godot 3.2 reports errors and disconnects alike as connection_failed (websocket_client.cpp).
          if (revealed.remoteRequested) this.emitSignal("server_close_request", revealed.code, revealed.reason);
          this.#id = 0;
          this.#peers.clear();
          this.emitSignal("connection_failed");
          return;
        }
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

  /** A gd_mp_api message from the server: SYS_ID / SYS_ADD / SYS_DEL, or a payload from `from`. */
  #processMultiplayer(): void {
    const message = decodeWsMpPacket(this.#peer.getPacket());
    if (message instanceof GdnetError) {
      this.fail(message);
      return;
    }
    switch (message.type) {
      case WsMpType.SYS_NONE:
        // The client trusts the server's `from`: the server checked it against the connection.
        this.receive(message.from, message.payload, this.#peer.wasStringPacket(), 0, TransferMode.TRANSFER_MODE_RELIABLE);
        this.emitSignal("peer_packet", message.from);
        return;
      case WsMpType.SYS_ID:
        this.#id = message.peerId;
        return;
      case WsMpType.SYS_ADD:
        this.#peers.add(message.peerId);
        this.emitSignal("peer_connected", message.peerId);
        if (message.peerId === 1) this.emitSignal("connection_succeeded");
        return;
      case WsMpType.SYS_DEL:
        this.#peers.delete(message.peerId);
        this.emitSignal("peer_disconnected", message.peerId);
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
