import { ConnectionStatus } from "./connection-status.js";
import { Fifo } from "./fifo.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { parseHeaderLines } from "./handshake-headers.js";
import { MultiplayerPeer } from "./multiplayer-peer.js";
import { OutboundGuard } from "./outbound-guard.js";
import type { PeerOwner, Revealed } from "./peer-owner.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { ServerLimitReason } from "./server-limits.js";
import { TLSOptions } from "./tls-options.js";
import { TransferMode } from "./transfer-mode.js";
import { generateUniqueId } from "./unique-id.js";
import { WebSocketMultiplayerSettings } from "./websocket-multiplayer-settings.js";
import { WebSocketPeer } from "./websocket-peer.js";
import { WebSocketState } from "./websocket-state.js";
import type { AcceptedWebSocket, WebSocketListener } from "./websocket-transport.js";

/**
 * Godot 4's WebSocketMultiplayerPeer (godot-protocols.md 2.1): no header on packets; the server
 * sends each new client its id as one 4-byte little-endian binary message, and the client accepts
 * only ids >= 2. Relaying between clients is SceneMultiplayer's job (SYS packets), not this class's.
 * Properties are copied into every connection's WebSocketPeer.
 */
export class WebSocketMultiplayerPeer extends WebSocketMultiplayerSettings implements PeerOwner {
  readonly #guard = { polling: false };
  #mode: "none" | "server" | "client" = "none";
  #id = 0;
  #listener: WebSocketListener | null = null;
  #listenError: GdnetError | null = null;
  #port = 0;
  /** Connected peers by id (on a client: the server as 1). */
  readonly #peers = new Map<number, WebSocketPeer>();
  /** Every connection's id, connected or still waiting to open. */
  readonly #ids = new Map<WebSocketPeer, number>();
  readonly #order = new Fifo<WebSocketPeer>();
  /** The peers with a heartbeat interval, which each poll runs `_heartbeat` for. */
  readonly #beating = new Set<WebSocketPeer>();
  /** Peers whose visible packets did not fit the inbox yet. */
  readonly #backlog = new Set<WebSocketPeer>();
  /** What a server does when a client's outbound buffer is full (outbound-guard.ts). */
  readonly #outbound = new OutboundGuard();
  #deadline = 0;

  constructor(platform: Platform) {
    super(platform);
  }

  /**
   * Listens on `port` (0: a free one, see `getLocalPort()`), on `bindAddress` (default "*": every
   * interface). `tlsServerOptions` (default null) makes it wss and must be `TLSOptions.server(...)`.
   */
  createServer(port: number, bindAddress = "*", tlsServerOptions: TLSOptions | null = null): GodotError {
    const listen = this.platform.webSocket.listen;
    if (!listen) {
      return this.fail(
        new GdnetError(
          "ERR_UNAVAILABLE",
          `A WebSocket server cannot run in the ${this.platform.name}: run it in Node (npx gdnet relay) and createClient() to it.`,
        ),
      );
    }
    if (this.#mode !== "none")
      return this.fail(new GdnetError("ERR_ALREADY_IN_USE", "Already a server or a client: close() first."));
    if (tlsServerOptions !== null && !(tlsServerOptions instanceof TLSOptions && tlsServerOptions.isServer())) {
      return this.fail(
        new GdnetError("ERR_INVALID_PARAMETER", "createServer needs TLSOptions.server(key, certificate) or null."),
      );
    }
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return this.fail(
        new GdnetError("ERR_INVALID_PARAMETER", `createServer: port must be an integer from 0 to 65535, got ${String(port)}.`),
      );
    }
    const headers = parseHeaderLines(this.getHandshakeHeaders());
    if (headers instanceof GdnetError) return this.fail(headers);
    const limits = this.connectionLimits();
    this.#mode = "server";
    this.#id = 1;
    this.#listenError = null;
    try {
      this.#listener = listen.call(
        this.platform.webSocket,
        {
          port,
          bindAddress,
          protocols: this.getSupportedProtocols(),
          extraHeaders: headers,
          handshakeTimeoutMs: this.getHandshakeTimeout() * 1000,
          tls: tlsServerOptions,
          maxMessageSize: limits.maxMessageSize,
          limits: this.limits,
        },
        {
          onListening: (bound) => {
            this.#port = bound;
            this.wake();
          },
          onError: (error) => {
            this.#listenError = error;
            this.wake();
          },
          onConnection: (connection) => this.#accept(connection),
        },
      );
    } catch (cause) {
      this.#mode = "none";
      this.#id = 0;
      return this.fail(new GdnetError("ERR_CANT_CREATE", `createServer failed: ${String(cause)}`, { cause }));
    }
    return GodotError.OK;
  }

  /** Connects to a server at `url`; the server's 4-byte id message completes it. `tlsClientOptions` default null (verify). */
  createClient(url: string, tlsClientOptions: TLSOptions | null = null): GodotError {
    if (this.#mode !== "none")
      return this.fail(new GdnetError("ERR_ALREADY_IN_USE", "Already a server or a client: close() first."));
    if (tlsClientOptions?.isServer())
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "createClient needs client TLS options."));
    const peer = this.#newPeer();
    const error = peer.connectToUrl(url, tlsClientOptions);
    if (error !== GodotError.OK) {
      const cause = peer.getLastError();
      if (cause) this.recordError(cause);
      return error;
    }
    this.#mode = "client";
    this.#ids.set(peer, 1);
    this.#deadline = performance.now() + this.getHandshakeTimeout() * 1000;
    return GodotError.OK;
  }

  /** The bound port of a server (0 before it is bound). */
  getLocalPort(): number {
    return this.#port;
  }

  getUniqueId(): number {
    return this.#id;
  }

  getConnectionStatus(): ConnectionStatus {
    if (this.#mode === "server") return ConnectionStatus.CONNECTION_CONNECTED;
    if (this.#mode === "client")
      return this.#id === 0 ? ConnectionStatus.CONNECTION_CONNECTING : ConnectionStatus.CONNECTION_CONNECTED;
    return ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  isServerRelaySupported(): boolean {
    return true;
  }

  /** The WebSocketPeer of peer `id` (a client has only 1), or null. */
  getPeer(id: number): WebSocketPeer | null {
    return this.#peers.get(id) ?? null;
  }

  getPeerAddress(id: number): string {
    return this.#peers.get(id)?.getConnectedHost() ?? "";
  }

  getPeerPort(id: number): number {
    return this.#peers.get(id)?.getConnectedPort() ?? 0;
  }

  /** Ids of the connected peers. */
  getPeerIds(): number[] {
    return [...this.#peers.keys()];
  }

  poll(): void {
    runPoll(this.#guard, () => {
      if (this.#listenError) {
        const error = this.#listenError;
        this.close();
        this.fail(error);
        return;
      }
      // No copy: #drain only deletes the peer it is given, which a Set iteration allows.
      for (const peer of this.#backlog) this.#drain(peer);
      for (let peer = this.#order.shift(); peer !== undefined; peer = this.#order.shift()) {
        const revealed = peer._revealNext();
        if (revealed) this.#handle(peer, revealed);
      }
      // Only the peers with a heartbeat (heartbeating): the others have nothing to do here.
      for (const peer of this.#beating) peer._heartbeat();
      if (this.#mode === "client" && this.#id === 0 && performance.now() > this.#deadline) {
        this.fail(
          new GdnetError("ERR_TIMEOUT", `No id from the server within the handshake timeout (${this.getHandshakeTimeout()} s).`),
        );
        this.close();
      }
    });
  }

  /** Closes peer `id`; `force` (default false) also forgets it at once, without peer_disconnected. */
  disconnectPeer(id: number, force = false): void {
    const peer = this.#peers.get(id);
    if (!peer) {
      this.fail(new GdnetError("ERR_DOES_NOT_EXIST", `No peer with id ${id}.`));
      return;
    }
    peer.close();
    if (force) {
      this.#forget(peer);
      if (this.#mode === "client") this.#reset();
    }
  }

  /** @internal Closes peer `id` with `code` and `reason`. */
  override _closePeer(id: number, code: number, reason: string): void {
    this.#peers.get(id)?.close(code, reason);
  }

  /** Closes every connection (and the server) and goes back to DISCONNECTED. */
  close(): void {
    this.#listener?.close();
    this.#listener = null;
    for (const peer of this.#ids.keys()) {
      peer._own(null);
      peer.close(1001, "Going away");
    }
    this.#reset();
  }

  /** @internal */
  heartbeating(peer: WebSocketPeer, on: boolean): void {
    if (on) this.#beating.add(peer);
    else this.#beating.delete(peer);
  }

  /** @internal */
  staged(peer: WebSocketPeer): void {
    this.#order.push(peer);
    this.wake();
  }

  protected send(bytes: Uint8Array, target: number, mode: TransferMode, _channel: number): GodotError {
    if (this.#mode === "client") {
      // A client sends everything to the server, whatever the target (Godot does the same); a
      // full buffer is the caller's ERR_OUT_OF_MEMORY to handle.
      const server = this.#peers.get(1);
      if (!server) return this.fail(new GdnetError("ERR_UNCONFIGURED", "Not connected to the server."));
      const error = server.putPacket(bytes);
      if (error !== GodotError.OK) {
        const cause = server.getLastError();
        if (cause) this.recordError(cause);
      }
      return error;
    }
    const reliable = mode === TransferMode.TRANSFER_MODE_RELIABLE;
    if (target > 0) {
      const peer = this.#peers.get(target);
      if (!peer) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `No peer with id ${target}.`));
      return this.#sendTo(target, peer, bytes, reliable);
    }
    let result: GodotError = GodotError.OK;
    for (const [id, peer] of this.#peers) {
      if (!MultiplayerPeer.targets(target, id)) continue;
      const error = this.#sendTo(id, peer, bytes, reliable);
      if (error !== GodotError.OK) result = error;
    }
    return result;
  }

  /**
   * Unreliable packets dropped for peer `id` because its outbound buffer was full (a server's
   * count; reliable ones close the connection instead, see {@link getOutboundOverflowCount}).
   */
  getOutboundDroppedCount(id: number): number {
    return this.#outbound.droppedFor(id);
  }

  /** Clients this server disconnected (1008 "Outbound buffer full") because a reliable packet for them did not fit. */
  getOutboundOverflowCount(): number {
    return this.#outbound.closedCount;
  }

  #sendTo(id: number, peer: WebSocketPeer, bytes: Uint8Array, reliable: boolean): GodotError {
    return this.#outbound.send(id, peer, bytes, reliable, this.#report);
  }

  readonly #report = (error: GdnetError): void => {
    this.fail(error);
  };

  #accept(connection: AcceptedWebSocket): void {
    if (this.#mode !== "server" || this.isRefusingNewConnections()) {
      // Godot leaves such connections in the OS backlog; Node has no way to, so they are closed.
      connection.transport.terminate();
      return;
    }
    const peer = this.#newPeer();
    this.#ids.set(peer, generateUniqueId(this.#peers));
    peer._accept(connection, this.connectionLimits());
  }

  #newPeer(): WebSocketPeer {
    const peer = new WebSocketPeer(this.platform);
    this.configure(peer);
    peer._own(this);
    return peer;
  }

  #handle(peer: WebSocketPeer, revealed: Revealed): void {
    const id = this.#ids.get(peer);
    if (id === undefined) return;
    if (revealed.type === "open" && this.#mode === "server") {
      if (this.isRefusingNewConnections()) {
        this.#forget(peer);
        peer.close(-1);
        return;
      }
      const { maxPeers } = this.limits;
      if (maxPeers > 0 && this.#peers.size >= maxPeers) {
        this.#forget(peer);
        peer.close(1013, ServerLimitReason.SESSION_FULL);
        return;
      }
      const message = new Uint8Array(4);
      new DataView(message.buffer).setInt32(0, id, true);
      peer.putPacket(message);
      this.#peers.set(id, peer);
      this.emitSignal("peer_connected", id);
    } else if (revealed.type === "packet") {
      if (this.#mode === "client" && this.#id === 0) this.#readId(peer);
      else this.#drain(peer);
    } else if (revealed.type === "close") {
      const wasConnected = this.#peers.get(id) === peer;
      this.#forget(peer);
      if (this.#mode === "client") this.#reset();
      if (wasConnected) this.emitSignal("peer_disconnected", id);
    }
  }

  /** A client's first message must be its id: 4 bytes, >= 2 (websocket_multiplayer_peer.cpp). */
  #readId(peer: WebSocketPeer): void {
    const message = peer.getPacket();
    const id = message.length === 4 ? new DataView(message.buffer, message.byteOffset, 4).getInt32(0, true) : 0;
    if (id < 2) {
      this.fail(new GdnetError("ERR_INVALID_DATA", "Invalid ID received from server."));
      peer.close(1002, "Invalid ID");
      this.#reset();
      return;
    }
    this.#id = id;
    this.#peers.set(1, peer);
    this.emitSignal("peer_connected", 1);
  }

  /** Moves a connection's visible packets into the inbox, as far as it has room. */
  #drain(peer: WebSocketPeer): void {
    const from = this.#ids.get(peer) ?? 0;
    if (peer.getReadyState() !== WebSocketState.STATE_OPEN) {
      // Revealed after our own close() (an open connection reveals its data before its close):
      // what a peer sends once we have disconnected it, for breaking a rule or otherwise, is
      // not processed or relayed.
      while (peer.getAvailablePacketCount() > 0) peer.getPacket();
      this.#backlog.delete(peer);
      return;
    }
    while (peer.getAvailablePacketCount() > 0) {
      if (this.inbox.isFull()) {
        // The rest waits in the connection's own queue, whose limit pauses its socket meanwhile.
        this.#backlog.add(peer);
        return;
      }
      const data = peer.getPacket();
      this.receive(from, data, peer.wasStringPacket(), 0, TransferMode.TRANSFER_MODE_RELIABLE);
    }
    this.#backlog.delete(peer);
  }

  #forget(peer: WebSocketPeer): void {
    const id = this.#ids.get(peer);
    this.#ids.delete(peer);
    this.#backlog.delete(peer);
    if (id !== undefined && this.#peers.get(id) === peer) {
      this.#peers.delete(id);
      this.#outbound.forget(id);
    }
    peer._own(null);
  }

  #reset(): void {
    this.#mode = "none";
    this.#id = 0;
    this.#peers.clear();
    this.#ids.clear();
    this.#backlog.clear();
    this.#order.clear();
    this.#outbound.clear();
    this.#beating.clear();
    this.#port = 0;
  }
}
