import { type BytesLike, NO_PACKET } from "./bytes.js";
import { ConnectionStatus } from "./connection-status.js";
import { Fifo } from "./fifo.js";
import { needsGdMpApi } from "./gd-mp-api-only.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { decodeWsMpPacket, encodeWsMpPacket, encodeWsMpSys, WsMpType } from "./multiplayer/ws-mp-header.js";
import { OutboundGuard } from "./outbound-guard.js";
import type { PeerOwner, Revealed } from "./peer-owner.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { ServerLimitReason } from "./server-limits.js";
import { TransferMode } from "./transfer-mode.js";
import { generateUniqueId } from "./unique-id.js";
import { type BufferLimits, GODOT3_DEFAULT_LIMITS } from "./websocket-buffers.js";
import { WebSocketPeer } from "./websocket-peer.js";
import { WebSocketServerSettings } from "./websocket-server-settings.js";
import { WebSocketState } from "./websocket-state.js";
import type { AcceptedWebSocket, WebSocketListener } from "./websocket-transport.js";

/** Signals of {@link WebSocketServer} (Godot 3 names and arguments). */
export type WebSocketServerSignals = {
  /** A client finished its handshake; `protocol` is the selected subprotocol. */
  client_connected: [id: number, protocol: string];
  /** A client's connection closed; `wasCleanClose` when a close frame was received. */
  client_disconnected: [id: number, wasCleanClose: boolean];
  /** A client started closing with `code` and `reason`; `client_disconnected` follows. */
  client_close_request: [id: number, code: number, reason: string];
  /** One packet arrived from client `id`: read it with `getPeer(id).getPacket()`. */
  data_received: [id: number];
  /** gd_mp_api: client `id` joined (instead of client_connected). */
  peer_connected: [id: number];
  /** gd_mp_api: client `id` left (instead of client_disconnected). */
  peer_disconnected: [id: number];
  /** gd_mp_api: a packet from peer `peerSource` is ready (`getPacket()`). */
  peer_packet: [peerSource: number];
};

/**
 * Godot 3's WebSocketServer (Node only: browsers cannot accept connections). Each client gets a
 * random id and a WebSocketPeer; `poll()` emits the signals in arrival order across clients.
 */
export class WebSocketServer extends WebSocketServerSettings<WebSocketServerSignals> implements PeerOwner {
  readonly #guard = { polling: false };
  readonly #peers = new Map<number, WebSocketPeer>();
  readonly #ids = new Map<WebSocketPeer, number>();
  readonly #order = new Fifo<WebSocketPeer>();
  /** The peers with a heartbeat interval, which each poll runs `_heartbeat` for. */
  readonly #beating = new Set<WebSocketPeer>();
  /** What the gd_mp_api relay does when a client's outbound buffer is full (outbound-guard.ts). */
  readonly #outbound = new OutboundGuard();
  #listener: WebSocketListener | null = null;
  #listening = false;
  #port = 0;
  #waiters: Array<{ resolve: (port: number) => void; reject: (error: GdnetError) => void }> = [];
  #limits: BufferLimits = GODOT3_DEFAULT_LIMITS;
  #pendingListenError: GdnetError | null = null;
  #multiplayer = false;

  constructor(platform: Platform) {
    super(platform);
  }

  /**
   * Starts listening on `port` (0 picks a free one: see `getLocalPort()` / `listening()`).
   * `protocols` (default []) are the subprotocols accepted, with Godot's rules: a client offering
   * none of them, or none when some are listed, is refused. wss when `privateKey` and
   * `sslCertificate` are both set. `gdMpApi` (default false) speaks Godot 3.2's multiplayer
   * framing: clients get ids and each other's joins (SYS_ID/ADD/DEL), and packets are relayed by
   * their header's target (godot-protocols.md 1.4). ERR_UNAVAILABLE in browsers.
   */
  listen(port: number, protocols: readonly string[] = [], gdMpApi = false): GodotError {
    const platformListen = this.platform.webSocket.listen;
    if (!platformListen) {
      return this.fail(
        new GdnetError(
          "ERR_UNAVAILABLE",
          `WebSocketServer cannot run in the ${this.platform.name}: browsers cannot accept connections. Run the server in Node (import { WebSocketServer } from "gdnet" there, or npx gdnet echo) and connect to it with WebSocketClient.`,
        ),
      );
    }
    if (this.#listening)
      return this.fail(new GdnetError("ERR_ALREADY_IN_USE", "listen: the server is already listening; stop() it first."));
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return this.fail(
        new GdnetError("ERR_INVALID_PARAMETER", `listen: port must be an integer from 0 to 65535, got ${String(port)}.`),
      );
    }
    if (!Array.isArray(protocols) || protocols.some((p) => typeof p !== "string" || p === "")) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "listen: protocols must be an array of non-empty strings."));
    }
    const settings = this.listenSettings();
    if (settings instanceof GdnetError) return this.fail(settings);
    this.#limits = this.bufferLimits();
    this.#pendingListenError = null;
    this.#multiplayer = Boolean(gdMpApi);
    this.#listening = true;
    this.#port = 0;
    this.#listener = platformListen.call(
      this.platform.webSocket,
      { ...settings, port, protocols: [...protocols], maxMessageSize: this.#limits.maxMessageSize },
      {
        onListening: (boundPort) => {
          this.#port = boundPort;
          for (const waiter of this.#waiters.splice(0)) waiter.resolve(boundPort);
        },
        onError: (error) => {
          this.#pendingListenError = error;
          for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
          this.wake();
        },
        onConnection: (connection) => this.#accept(connection),
      },
    );
    return GodotError.OK;
  }

  /**
   * Resolves with the bound port once the server listens (rejects with the GdnetError if binding
   * failed). Not part of Godot's API: Godot binds synchronously, Node cannot.
   */
  listening(): Promise<number> {
    if (!this.#listening)
      return Promise.reject(new GdnetError("ERR_UNCONFIGURED", "The server is not listening: call listen() first."));
    if (this.#port !== 0) return Promise.resolve(this.#port);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** The port the server is bound to, 0 until it is (Godot 4's TCPServer.get_local_port). */
  getLocalPort(): number {
    return this.#port;
  }

  isListening(): boolean {
    return this.#listening;
  }

  /** Stops listening and closes every client with 1001 "Going away". No signals follow for them. */
  stop(): void {
    this.#listener?.close();
    this.#listener = null;
    this.#listening = false;
    this.#port = 0;
    for (const peer of [...this.#peers.values(), ...this.#ids.keys()]) {
      peer._own(null);
      peer.close(1001, "Going away");
    }
    this.#peers.clear();
    this.#outbound.clear();
    this.#beating.clear();
    this.#ids.clear();
    this.#order.clear();
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new GdnetError("FAILED", "The server was stopped."));
  }

  /** Accepts new clients and emits the signals for everything that arrived, in arrival order. */
  poll(): void {
    runPoll(this.#guard, () => {
      const listenError = this.#pendingListenError;
      if (listenError) {
        this.#pendingListenError = null;
        this.stop();
        this.fail(listenError);
      }
      for (let peer = this.#order.shift(); peer !== undefined; peer = this.#order.shift()) {
        const id = this.#ids.get(peer);
        const revealed = peer._revealNext();
        if (id !== undefined && revealed !== undefined) this.#emitFor(id, peer, revealed);
      }
      // Only the peers with a heartbeat (heartbeating): the others have nothing to do here.
      for (const peer of this.#beating) peer._heartbeat();
    });
  }

  /**
   * Closes client `id`'s connection with `code` (default 1000) and `reason` (default ""). As a
   * MultiplayerPeer, `disconnectPeer(id, true)` drops it at once (no close frame).
   */
  disconnectPeer(id: number, code: number | boolean = 1000, reason = ""): void {
    const peer = this.getPeer(id);
    if (typeof code === "boolean") peer?.close(code ? -1 : 1000);
    else peer?.close(code, reason);
  }

  /** @internal Closes client `id` with `code` and `reason`. */
  override _closePeer(id: number, code: number, reason: string): void {
    this.#peers.get(id)?.close(code, reason);
  }

  /** MultiplayerPeer: `stop()`. */
  close(): void {
    this.stop();
  }

  /** 1 while listening (the server's id), else 0. */
  getUniqueId(): number {
    return this.#listening ? 1 : 0;
  }

  getConnectionStatus(): ConnectionStatus {
    return this.#listening ? ConnectionStatus.CONNECTION_CONNECTED : ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  /** Godot 3's WebSocket peers relay by header themselves; there is no SceneMultiplayer relay. */
  isServerRelaySupported(): boolean {
    return false;
  }

  /** The WebSocketPeer of client `id`, or null (with an error) when there is none. */
  getPeer(id: number): WebSocketPeer | null {
    const peer = this.#peers.get(id);
    if (!peer) this.fail(new GdnetError("ERR_DOES_NOT_EXIST", `No connected client with id ${id}.`));
    return peer ?? null;
  }

  hasPeer(id: number): boolean {
    return this.#peers.has(id);
  }

  /** The client's IP address. */
  getPeerAddress(id: number): string {
    return this.getPeer(id)?.getConnectedHost() ?? "";
  }

  getPeerPort(id: number): number {
    return this.getPeer(id)?.getConnectedPort() ?? 0;
  }

  /** Ids of the connected clients, in connection order. */
  getPeerIds(): number[] {
    return [...this.#peers.keys()];
  }

  override getTransferMode(): TransferMode {
    return TransferMode.TRANSFER_MODE_RELIABLE;
  }

  // Godot 3 only allows the PacketPeer methods on the server itself in gd_mp_api mode.
  override getAvailablePacketCount(): number {
    return this.#multiplayer ? super.getAvailablePacketCount() : 0;
  }
  override getPacket(): Uint8Array {
    if (this.#multiplayer) return super.getPacket();
    this.setPacketError(GodotError.ERR_UNCONFIGURED);
    this.fail(needsGdMpApi("getPacket", "WebSocketServer"));
    return NO_PACKET;
  }

  override putPacket(data: BytesLike): GodotError {
    if (this.#multiplayer) return super.putPacket(data);
    return this.fail(needsGdMpApi("putPacket", "WebSocketServer"));
  }

  /** The server's own packet: header `SYS_NONE, from 1, to target`, delivered by the relay rules. */
  protected send(bytes: Uint8Array, target: number, mode: TransferMode): GodotError {
    const message = encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 1, to: target, payload: bytes });
    return this.#relay(1, target, message, mode === TransferMode.TRANSFER_MODE_RELIABLE);
  }

  /**
   * gd_mp_api: unreliable packets of the server's own dropped for client `id` because its
   * outbound buffer was full (reliable ones, and everything relayed, close the connection
   * instead: {@link getOutboundOverflowCount}).
   */
  getOutboundDroppedCount(id: number): number {
    return this.#outbound.droppedFor(id);
  }

  /** gd_mp_api: clients disconnected (1008 "Outbound buffer full") because a reliable packet for them did not fit. */
  getOutboundOverflowCount(): number {
    return this.#outbound.closedCount;
  }

  /** A reliable message to client `id`; Godot 3's relay cannot tell the sender's transfer mode, so relaying is reliable. */
  #deliver(id: number, peer: WebSocketPeer, bytes: Uint8Array, reliable = true): GodotError {
    return this.#outbound.send(id, peer, bytes, reliable, this.#report);
  }

  readonly #report = (error: GdnetError): void => {
    this.fail(error);
  };

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

  #accept(connection: AcceptedWebSocket): void {
    if (!this.#listening) {
      connection.transport.terminate();
      return;
    }
    const peer = new WebSocketPeer(this.platform);
    const id = generateUniqueId(this.#peers);
    this.#ids.set(peer, id);
    peer._own(this);
    peer._accept(connection, this.#limits);
  }

  #emitFor(id: number, peer: WebSocketPeer, revealed: Revealed): void {
    switch (revealed.type) {
      case "open":
        if (this.isRefusingNewConnections()) {
          this.#ids.delete(peer);
          peer._own(null);
          peer.close(1013, "Server refuses new connections");
          return;
        }
        if (this.#multiplayer && this.limits.maxPeers > 0 && this.#peers.size >= this.limits.maxPeers) {
          this.#ids.delete(peer);
          peer._own(null);
          peer.close(1013, ServerLimitReason.SESSION_FULL);
          return;
        }
        this.#peers.set(id, peer);
        if (this.#multiplayer) {
          this.#introduce(id, peer);
          this.emitSignal("peer_connected", id);
        } else {
          this.emitSignal("client_connected", id, revealed.protocol);
        }
        return;
      case "packet":
        if (this.#multiplayer) this.#processMultiplayer(id, peer);
        else this.emitSignal("data_received", id);
        return;
      case "close":
        this.#ids.delete(peer);
        this.#peers.delete(id);
        this.#beating.delete(peer);
        if (revealed.remoteRequested) this.emitSignal("client_close_request", id, revealed.code, revealed.reason);
        if (this.#multiplayer) {
          this.#outbound.forget(id);
          const gone = encodeWsMpSys(WsMpType.SYS_DEL, id);
          for (const [other, otherPeer] of this.#peers) this.#deliver(other, otherPeer, gone);
          this.emitSignal("peer_disconnected", id);
        } else {
          this.emitSignal("client_disconnected", id, revealed.clean);
        }
        return;
      case "error":
        return;
    }
  }

  /** `_send_add`: the newcomer gets its id and the server, then everyone learns of everyone. */
  #introduce(id: number, peer: WebSocketPeer): void {
    this.#deliver(id, peer, encodeWsMpSys(WsMpType.SYS_ID, id));
    this.#deliver(id, peer, encodeWsMpSys(WsMpType.SYS_ADD, 1));
    // Godot 3.2's _send_add walks `_peer_map`, a Map<int, Ref<WebSocketPeer>> ordered by id
    // (modules/websocket/websocket_multiplayer_peer.cpp), so the newcomer hears of the clients
    // already there in ascending id order, not in the order they joined.
    const others = [...this.#peers].sort(([a], [b]) => a - b);
    const added = encodeWsMpSys(WsMpType.SYS_ADD, id);
    for (const [other, otherPeer] of others) {
      if (other === id) continue;
      this.#deliver(other, otherPeer, added);
      this.#deliver(id, peer, encodeWsMpSys(WsMpType.SYS_ADD, other));
    }
  }

  /**
   * A client's message (websocket_multiplayer_peer.cpp `_process_multiplayer`, 3.2): only payloads,
   * and only with the sender's own id in `from`; kept here for targets 1, 0 and -N, and relayed
   * unchanged to the other targets.
   */
  #processMultiplayer(id: number, peer: WebSocketPeer): void {
    const bytes = peer.getPacket();
    // Revealed after our own close(): what a client sends once we have disconnected it is not
    // processed or relayed.
    if (peer.getReadyState() !== WebSocketState.STATE_OPEN) return;
    const message = decodeWsMpPacket(bytes);
    if (message instanceof GdnetError) {
      this.fail(message);
      return;
    }
    if (message.type !== WsMpType.SYS_NONE || message.from !== id) {
      this.fail(
        new GdnetError(
          "ERR_UNAUTHORIZED",
          `Dropped a message from client ${id}: ${message.type !== WsMpType.SYS_NONE ? "only the server sends SYS messages" : `it claims to be from ${message.from}`}.`,
        ),
      );
      return;
    }
    const to = message.to;
    // Godot 3.2 keeps "all but N" packets even when N is 1 (it compares with the sender): so do we.
    if (to === 1 || to <= 0) {
      this.receive(message.from, message.payload, peer.wasStringPacket(), 0, TransferMode.TRANSFER_MODE_RELIABLE);
      this.emitSignal("peer_packet", message.from);
    }
    this.#relay(message.from, to, bytes, true);
  }

  /** `_server_relay`: forwards the whole message, header included, by its target. */
  #relay(from: number, to: number, bytes: Uint8Array, reliable: boolean): GodotError {
    if (to === 1) return GodotError.OK;
    if (to > 0) {
      const target = this.#peers.get(to);
      if (to === from || !target) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `No client ${to} to relay to.`));
      return this.#deliver(to, target, bytes, reliable);
    }
    let result: GodotError = GodotError.OK;
    for (const [other, otherPeer] of this.#peers) {
      if (other === from || other === -to) continue;
      const error = this.#deliver(other, otherPeer, bytes, reliable);
      if (error !== GodotError.OK) result = error;
    }
    return result;
  }
}
