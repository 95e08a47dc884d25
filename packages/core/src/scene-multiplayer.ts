import { asBytes, type BytesLike } from "./bytes.js";
import { ConnectionStatus } from "./connection-status.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { CMD_MASK, SceneCommand, SYS_CMD_SIZE, SysCommand } from "./multiplayer/scene-command.js";
import { decodeRawPacket, encodeRawPacket } from "./multiplayer/scene-packets.js";
import { decodeSysPacket, encodeSysPacket } from "./multiplayer/scene-sys.js";
import type { MultiplayerPeer } from "./multiplayer-peer.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import type { RpcHandlers, RpcHost, RpcNode, RpcNodeOptions } from "./rpc-node.js";
import { checkCacheLimits, PATH_CACHE_FULL_CLOSE, SceneCache, type SceneCacheLimits } from "./scene-cache.js";
import { SceneRpc } from "./scene-rpc.js";
import { SignalEmitter } from "./signals.js";
import { TransferMode } from "./transfer-mode.js";

/** Signals of {@link SceneMultiplayer} (Godot's names and arguments). */
export type SceneMultiplayerSignals = {
  peer_connected: [id: number];
  peer_disconnected: [id: number];
  connected_to_server: [];
  connection_failed: [];
  server_disconnected: [];
  /** A `sendBytes` packet arrived. */
  peer_packet: [id: number, packet: Uint8Array];
  /** A peer connected and must authenticate (only with an `authCallback`). */
  peer_authenticating: [id: number];
  /** A peer failed to authenticate in time, or left while authenticating. */
  peer_authentication_failed: [id: number];
};

/** `auth_callback(id, data)`: receives the other side's `sendAuth` data. */
export type AuthCallback = (id: number, data: Uint8Array) => void;

type Pending = { time: number; local: boolean; remote: boolean };

/**
 * Godot 4's SceneMultiplayer (the default MultiplayerAPI) in its wire format (godot-protocols.md
 * section 4): RPCs by method id over a path cache, raw packets (`sendBytes`), server relay with SYS
 * packets, and authentication. Objects are addressed by node path: `registerNode(path, handlers,
 * { rpc: {...} })` stands for a node whose script has `@rpc` functions.
 */
export class SceneMultiplayer extends SignalEmitter<SceneMultiplayerSignals> implements RpcHost {
  readonly #platform: Platform;
  readonly #guard = { polling: false };
  #peer: MultiplayerPeer | null = null;
  #status: ConnectionStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
  readonly #connected = new Set<number>();
  readonly #pending = new Map<number, Pending>();
  readonly #cache = new SceneCache();
  readonly #rpc: SceneRpc;
  #remoteSender = 0;
  #lastError: GdnetError | null = null;
  #authCallback: AuthCallback | null = null;
  #onPeerConnected = (id: number): void => this.#addPeer(id);
  #onPeerDisconnected = (id: number): void => this.#delPeer(id);
  /** Relay client-to-client packets through the server (default true). */
  serverRelay = true;
  /** Seconds a peer has to authenticate; 0 for no limit. Default 3. */
  authTimeout = 3;
  /** Decode full objects in RPC arguments (default false: objects travel as ids only). */
  allowObjectDecoding = false;
  /**
   * What a FLOAT argument of a received RPC becomes (VariantCodecOptions.floats): `"number"`
   * (default) or `"GdFloat"`, which keeps Godot's 2.0 a float when the handler sends it on.
   */
  rpcFloats: "number" | "GdFloat" = "number";
  /**
   * What to do with RPCs and paths for nodes not registered here: "report" (default, as Godot
   * prints an error) or "ignore" (a relay server that has no scene of its own).
   */
  unknownNodes: "report" | "ignore" = "report";

  /**
   * How many node paths, and how many bytes of them, one peer may announce (default 4096 paths
   * and 1 MiB). A peer of ours that goes past them is disconnected with 1008 "Too many node
   * paths"; a peer relayed to us is refused (its further paths are not stored).
   */
  get pathCacheLimits(): SceneCacheLimits {
    return this.#cache.limits;
  }
  set pathCacheLimits(limits: Partial<SceneCacheLimits>) {
    this.#cache.limits = checkCacheLimits(limits);
  }

  constructor(platform: Platform) {
    super();
    this.#platform = platform;
    this.#rpc = new SceneRpc(this, this.#cache);
  }

  /** The path of the multiplayer root (default "/root"); node paths travel relative to it. */
  get rootPath(): string {
    return this.#rpc.rootPath;
  }
  set rootPath(path: string) {
    this.#rpc.setRootPath(path);
  }

  /** The transport (a WebSocketMultiplayerPeer, a WebRTCMultiplayerPeer...), or null. */
  get multiplayerPeer(): MultiplayerPeer | null {
    return this.#peer;
  }
  set multiplayerPeer(peer: MultiplayerPeer | null) {
    this.setMultiplayerPeer(peer);
  }
  getMultiplayerPeer(): MultiplayerPeer | null {
    return this.#peer;
  }
  setMultiplayerPeer(peer: MultiplayerPeer | null): void {
    if (this.#peer) {
      this.#peer.off("peer_connected", this.#onPeerConnected);
      this.#peer.off("peer_disconnected", this.#onPeerDisconnected);
    }
    this.clear();
    this.#peer = peer;
    this.#status = ConnectionStatus.CONNECTION_DISCONNECTED;
    if (peer) {
      peer.on("peer_connected", this.#onPeerConnected);
      peer.on("peer_disconnected", this.#onPeerDisconnected);
    }
  }
  hasMultiplayerPeer(): boolean {
    return this.#peer !== null;
  }

  /** Called with each authentication message of a connecting peer; setting it turns authentication on. Default null. */
  get authCallback(): AuthCallback | null {
    return this.#authCallback;
  }
  set authCallback(callback: AuthCallback | null) {
    this.#authCallback = callback;
  }

  /** Registers the node at `path` (absolute under `rootPath`, or relative to it) with its RPC functions. */
  registerNode(path: string, handlers: RpcHandlers = {}, options: RpcNodeOptions = {}): RpcNode {
    return this.#rpc.register(path, handlers, options);
  }

  unregisterNode(path: string): void {
    this.#rpc.unregister(path);
  }

  getNode(path: string): RpcNode | null {
    return this.#rpc.get(path);
  }

  /** Godot's `MultiplayerAPI.rpc(peer, object, method, arguments)`, with the node given by path. */
  rpc(peer: number, path: string, method: string, args: readonly unknown[] = []): GodotError {
    const node = this.#rpc.get(path);
    if (!node) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `No node registered at "${path}".`));
    return this._rpcp(node, peer, method, args);
  }

  getUniqueId(): number {
    // Godot's get_unique_id() asks the peer (scene_multiplayer.cpp): a status this object
    // caches would still say CONNECTING inside the connected_to_server the peer's poll emits.
    return this.#peer?.getUniqueId() ?? 0;
  }

  isServer(): boolean {
    return this.getUniqueId() === 1;
  }

  /** The peer whose RPC or packet is being handled (inside a handler), else 0. */
  getRemoteSenderId(): number {
    return this.#remoteSender;
  }

  /** The admitted peers (authenticating ones are not). */
  getPeers(): number[] {
    return [...this.#connected];
  }

  getAuthenticatingPeers(): number[] {
    return [...this.#pending.keys()];
  }

  getLastError(): GdnetError | null {
    return this.#lastError;
  }

  /** Sends `bytes` as a RAW packet to `id` (default 0: everyone; -N everyone but N): the receiver gets `peer_packet`. */
  sendBytes(bytes: BytesLike, id = 0, mode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE, channel = 0): GodotError {
    const data = asBytes(bytes, "sendBytes");
    if (data.length === 0) return this.fail(new GdnetError("ERR_INVALID_DATA", "Trying to send an empty raw packet."));
    if (!this.#ready()) return this.fail(new GdnetError("ERR_UNCONFIGURED", "sendBytes needs a connected multiplayer peer."));
    return this._sendCommand(id, encodeRawPacket(data), mode, channel);
  }

  /** Sends authentication `data` (not empty) to the authenticating peer `id`. */
  sendAuth(id: number, data: BytesLike): GodotError {
    const bytes = asBytes(data, "sendAuth");
    const pending = this.#pending.get(id);
    if (!this.#ready()) return this.fail(new GdnetError("ERR_UNCONFIGURED", "sendAuth needs a connected multiplayer peer."));
    if (!pending) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `Peer ${id} is not authenticating.`));
    if (bytes.length === 0)
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "sendAuth needs data (an empty message means 'done')."));
    if (pending.local || pending.remote) {
      return this.fail(
        new GdnetError(
          "ERR_FILE_CANT_WRITE",
          "The authentication session was already marked as completed: no more data can be sent.",
        ),
      );
    }
    return this.#direct(id, encodeSysPacket({ command: SysCommand.SYS_COMMAND_AUTH, payload: bytes }));
  }

  /** Marks authentication with `id` as done on this side (sends `07 00`); the peer is admitted once both sides are. */
  completeAuth(id: number): GodotError {
    const pending = this.#pending.get(id);
    if (!this.#ready()) return this.fail(new GdnetError("ERR_UNCONFIGURED", "completeAuth needs a connected multiplayer peer."));
    if (!pending) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `Peer ${id} is not authenticating.`));
    if (pending.local)
      return this.fail(new GdnetError("ERR_FILE_CANT_WRITE", "The authentication session was already marked as completed."));
    pending.local = true;
    // Sent to `id` itself (Godot before 4.1.4/4.2.2 sent it to the last target: PR #86257).
    const error = this.#direct(id, encodeSysPacket({ command: SysCommand.SYS_COMMAND_AUTH, payload: new Uint8Array(0) }));
    if (pending.remote) {
      this.#pending.delete(id);
      this.#admitPeer(id);
    }
    return error;
  }

  /** Disconnects peer `id` through the multiplayer peer. */
  disconnectPeer(id: number): void {
    this.#peer?.disconnectPeer(id);
  }

  /** Forgets peers, paths and authentication state (also done when the connection ends). */
  clear(): void {
    this.#connected.clear();
    this.#pending.clear();
    this.#cache.clear();
    this.#remoteSender = 0;
  }

  /** Polls the multiplayer peer and processes every packet: RPCs, paths, raw packets, relay, authentication. */
  poll(): void {
    runPoll(this.#guard, () => {
      const peer = this.#peer;
      this.#updateStatus();
      if (!peer || this.#status === ConnectionStatus.CONNECTION_DISCONNECTED) return;
      peer.poll();
      this.#updateStatus();
      if (this.#status !== ConnectionStatus.CONNECTION_CONNECTED) return;
      this.#expireAuth();
      while (this.#peer === peer && peer.getAvailablePacketCount() > 0) {
        const from = peer.getPacketPeer();
        const channel = peer.getPacketChannel();
        const mode = peer.getPacketMode();
        const packet = peer.getPacket();
        this.#receive(from, packet, mode, channel);
      }
    });
  }

  /** See PacketPeer.setWakeHandler: forwarded to the multiplayer peer, for `autoPoll`. */
  setWakeHandler(handler: (() => void) | null): void {
    this.#peer?.setWakeHandler(handler);
  }

  /** @internal RPC entry point of RpcNode. */
  _rpcp(node: RpcNode, peer: number, method: string, args: readonly unknown[]): GodotError {
    if (!this.#ready())
      return this.fail(
        new GdnetError("ERR_CONNECTION_ERROR", "Trying to call an RPC via a multiplayer peer which is not connected."),
      );
    const result = this.#rpc.call(node, peer, method, args);
    return result instanceof GdnetError ? this.fail(result) : result;
  }

  /** @internal Godot's `send_command`: to one peer (relayed through the server if needed), or to 0 / -N. */
  _sendCommand(to: number, packet: Uint8Array, mode: TransferMode, channel: number): GodotError {
    const peer = this.#peer;
    if (!peer) return GodotError.ERR_UNCONFIGURED;
    peer.setTransferMode(mode);
    peer.setTransferChannel(channel);
    if (this.serverRelay && peer.getUniqueId() !== 1 && to !== 1 && peer.isServerRelaySupported()) {
      peer.setTargetPeer(1);
      return peer.putPacket(encodeSysPacket({ command: SysCommand.SYS_COMMAND_RELAY, peerId: to, packet }));
    }
    if (to > 0) {
      if (!this.#connected.has(to)) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `Peer ${to} is not connected.`));
      peer.setTargetPeer(to);
      return peer.putPacket(packet);
    }
    for (const id of this.#connected) {
      if (to !== 0 && id === -to) continue;
      peer.setTargetPeer(id);
      peer.putPacket(packet);
    }
    return GodotError.OK;
  }

  /** @internal The admitted peers, for RPC targets. */
  _connectedPeers(): ReadonlySet<number> {
    return this.#connected;
  }

  /** @internal Runs `fn` as if sent by `sender` (what getRemoteSenderId() answers inside it). */
  _as(sender: number, fn: () => void): void {
    const previous = this.#remoteSender;
    this.#remoteSender = sender;
    try {
      fn();
    } finally {
      this.#remoteSender = previous;
    }
  }

  /** @internal Records and prints an error (as Godot's ERR_FAIL prints). */
  fail(error: GdnetError): GodotError {
    this.#lastError = error;
    this.#platform.printError(error, this);
    return error.error;
  }

  #ready(): boolean {
    return this.#peer !== null && this.#peer.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED;
  }

  /** Reliable, channel 0, straight to `id` (never relayed): AUTH packets, and the relay's own SYS packets. */
  #direct(id: number, packet: Uint8Array): GodotError {
    const peer = this.#peer as MultiplayerPeer;
    peer.setTransferMode(TransferMode.TRANSFER_MODE_RELIABLE);
    peer.setTransferChannel(0);
    peer.setTargetPeer(id);
    return peer.putPacket(packet);
  }

  #updateStatus(): void {
    const status = this.#peer?.getConnectionStatus() ?? ConnectionStatus.CONNECTION_DISCONNECTED;
    if (status === this.#status) return;
    const previous = this.#status;
    this.#status = status;
    if (status === ConnectionStatus.CONNECTION_DISCONNECTED) {
      this.clear();
      this.emitSignal(previous === ConnectionStatus.CONNECTION_CONNECTING ? "connection_failed" : "server_disconnected");
    }
  }

  #expireAuth(): void {
    if (this.authTimeout <= 0 || this.#pending.size === 0) return;
    const now = performance.now();
    // No copy: deleting the entry being visited is safe in a Map iteration.
    for (const [id, pending] of this.#pending) {
      if (now - pending.time < this.authTimeout * 1000) continue;
      this.#pending.delete(id);
      this.#peer?.disconnectPeer(id);
      this.emitSignal("peer_authentication_failed", id);
    }
  }

  #addPeer(id: number): void {
    if (this.#authCallback) {
      this.#pending.set(id, { time: performance.now(), local: false, remote: false });
      this.emitSignal("peer_authenticating", id);
    } else {
      this.#admitPeer(id);
    }
  }

  #admitPeer(id: number): void {
    // Admissions come from inside the peer's poll: take its status now, so that handlers of the
    // signals below (connected_to_server first of all) can call RPCs and see their id.
    this.#updateStatus();
    const peer = this.#peer;
    if (peer && this.serverRelay && peer.getUniqueId() === 1 && peer.isServerRelaySupported()) {
      // Introduce the newcomer and everyone already here to each other (scene_multiplayer.cpp _admit_peer).
      // The newcomer's announcement has the same bytes for everyone: encoded once.
      const added = encodeSysPacket({ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: id });
      for (const other of this.#connected) {
        this.#direct(other, added);
        this.#direct(id, encodeSysPacket({ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: other }));
      }
    }
    this.#connected.add(id);
    if (id === 1) this.emitSignal("connected_to_server");
    this.emitSignal("peer_connected", id);
  }

  #delPeer(id: number): void {
    if (this.#pending.delete(id)) {
      this.emitSignal("peer_authentication_failed", id);
      return;
    }
    if (!this.#connected.has(id)) return;
    const peer = this.#peer;
    if (peer && this.serverRelay && peer.getUniqueId() === 1 && peer.isServerRelaySupported()) {
      const gone = encodeSysPacket({ command: SysCommand.SYS_COMMAND_DEL_PEER, peerId: id });
      for (const other of this.#connected) if (other !== id) this.#direct(other, gone);
    }
    this.#cache.forgetPeer(id);
    this.#connected.delete(id);
    this.emitSignal("peer_disconnected", id);
  }

  #receive(from: number, packet: Uint8Array, mode: TransferMode, channel: number): void {
    const pending = this.#pending.get(from);
    if (pending) {
      // While authenticating, only AUTH packets count (the 4.1.4+/4.2.2+ rules, PR #86260).
      if (
        packet.length < 2 ||
        ((packet[0] as number) & CMD_MASK) !== SceneCommand.NETWORK_COMMAND_SYS ||
        packet[1] !== SysCommand.SYS_COMMAND_AUTH
      ) {
        this.fail(new GdnetError("ERR_UNAUTHORIZED", `Dropped a packet from peer ${from}: it has not finished authenticating.`));
        return;
      }
      if (packet.length > 2) {
        this.#authCallback?.(from, packet.slice(2));
      } else {
        pending.remote = true;
        if (pending.local) {
          this.#pending.delete(from);
          this.#admitPeer(from);
        }
      }
      return;
    }
    if (!this.#connected.has(from)) return;
    const command = (packet[0] ?? 0) & CMD_MASK;
    if (command === SceneCommand.NETWORK_COMMAND_SYS) {
      // A late "auth done" from an admitted peer is fine (exactly 2 bytes).
      if (packet.length === 2 && packet[1] === SysCommand.SYS_COMMAND_AUTH) return;
      this.#processSys(from, packet, mode, channel);
    } else {
      this.#process(from, packet);
    }
  }

  #process(from: number, packet: Uint8Array): void {
    const command = (packet[0] ?? 0) & CMD_MASK;
    if (command === SceneCommand.NETWORK_COMMAND_RAW) {
      const raw = decodeRawPacket(packet);
      if (raw instanceof GdnetError) this.fail(raw);
      else this._as(from, () => this.emitSignal("peer_packet", from, raw));
      return;
    }
    const error = this.#rpc.process(from, packet, command);
    if (error && !(this.unknownNodes === "ignore" && error.code === "ERR_DOES_NOT_EXIST")) this.fail(error);
    if (error?.closeCode === PATH_CACHE_FULL_CLOSE.code) this.#refuse(from);
  }

  /**
   * A peer past the path cache's limits is disconnected where it is our own connection (every
   * peer of a server, the server of a client); a peer relayed to a client is only refused, its
   * paths no longer stored (the server is the one to disconnect it).
   */
  #refuse(from: number): void {
    const peer = this.#peer;
    if (!peer) return;
    const relayedToUs = this.serverRelay && peer.isServerRelaySupported() && peer.getUniqueId() !== 1 && from !== 1;
    if (relayedToUs) return;
    peer._closePeer(from, PATH_CACHE_FULL_CLOSE.code, PATH_CACHE_FULL_CLOSE.reason);
  }

  #processSys(from: number, packet: Uint8Array, mode: TransferMode, channel: number): void {
    const peer = this.#peer as MultiplayerPeer;
    const sys = decodeSysPacket(packet);
    if (sys instanceof GdnetError || packet.length < SYS_CMD_SIZE) {
      this.fail(sys instanceof GdnetError ? sys : new GdnetError("ERR_INVALID_DATA", "SYS packet too short."));
      return;
    }
    const relaying = this.serverRelay && peer.isServerRelaySupported();
    const isServer = peer.getUniqueId() === 1;
    if (sys.command === SysCommand.SYS_COMMAND_ADD_PEER || sys.command === SysCommand.SYS_COMMAND_DEL_PEER) {
      if (!relaying || isServer || from !== 1) {
        this.fail(
          new GdnetError(
            "ERR_UNAUTHORIZED",
            `Dropped a peer announcement from ${from}: only the server of a relayed session sends them.`,
          ),
        );
        return;
      }
      if (sys.command === SysCommand.SYS_COMMAND_ADD_PEER) this.#admitPeer(sys.peerId);
      else this.#delPeer(sys.peerId);
      return;
    }
    if (sys.command !== SysCommand.SYS_COMMAND_RELAY || !relaying) {
      this.fail(new GdnetError("ERR_INVALID_DATA", `Unexpected SYS packet from ${from}.`));
      return;
    }
    let target = sys.peerId;
    if (!isServer) {
      if (from !== 1) {
        this.fail(new GdnetError("ERR_UNAUTHORIZED", `Dropped a relayed packet from ${from}: only the server relays.`));
        return;
      }
      this._as(target, () => this.#process(target, sys.packet));
      return;
    }
    // Server (4.3+ rules, PR #95194): forward with the source written in, to one target or to all
    // but the source and the excluded peer; process it here too for 0 and for -N other than -1.
    if (target > 0 && !this.#connected.has(target)) return;
    const forward = encodeSysPacket({ command: SysCommand.SYS_COMMAND_RELAY, peerId: from, packet: sys.packet });
    peer.setTransferMode(mode);
    peer.setTransferChannel(channel);
    let process = false;
    if (target > 0) {
      peer.setTargetPeer(target);
      peer.putPacket(forward);
    } else {
      for (const id of this.#connected) {
        if (id === from || (target < 0 && id === -target)) continue;
        peer.setTargetPeer(id);
        peer.putPacket(forward);
      }
      if (target === 0 || target < -1) {
        process = true;
        target = from;
      }
    }
    if (process) this._as(target, () => this.#process(target, sys.packet));
  }
}
