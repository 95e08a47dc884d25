import { asBytes, type BytesLike } from "./bytes.js";
import { ConnectionStatus } from "./connection-status.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import {
  decodeMpApiConfirmPath,
  decodeMpApiRawPacket,
  decodeMpApiSimplifyPath,
  encodeMpApiConfirmPath,
  encodeMpApiRawPacket,
  encodeMpApiSimplifyPath,
  MpApiCommand,
} from "./multiplayer/mp-api-packets.js";
import {
  decodeMpApiRemoteCall,
  decodeMpApiRemoteSet,
  encodeMpApiRemoteCall,
  encodeMpApiRemoteSet,
} from "./multiplayer/mp-api-remote-call.js";
import type { MultiplayerPeer } from "./multiplayer-peer.js";
import { type NetworkHandlers, type NetworkHost, NetworkNode, type NetworkNodeOptions } from "./network-node.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { callLocal3, canCallMode3, type RpcMode3 } from "./rpc-mode3.js";
import { CacheAdmission, checkCacheLimits, PATH_CACHE_FULL_CLOSE, SceneCache, type SceneCacheLimits } from "./scene-cache.js";
import { SignalEmitter, type SignalMap, type SignalSource } from "./signals.js";
import { TransferMode } from "./transfer-mode.js";

/** Signals of {@link MultiplayerAPI} (Godot 3 names and arguments). */
export type MultiplayerAPISignals = {
  network_peer_connected: [id: number];
  network_peer_disconnected: [id: number];
  /** A `sendBytes` packet arrived. */
  network_peer_packet: [id: number, packet: Uint8Array];
  connected_to_server: [];
  connection_failed: [];
  server_disconnected: [];
};

type Listener = (...args: unknown[]) => void;

/**
 * Godot 3's MultiplayerAPI (core/io/multiplayer_api.cpp, 3.2) in its wire format
 * (godot-protocols.md section 3): RPC and RSET by method and property name, the six modes, a
 * network master per node, the path cache, and raw packets. Its network peer is typically a
 * `WebSocketClient` or `WebSocketServer` in gd_mp_api mode.
 */
export class MultiplayerAPI extends SignalEmitter<MultiplayerAPISignals> implements NetworkHost {
  static readonly RPC_MODE_DISABLED = 0;
  static readonly RPC_MODE_REMOTE = 1;
  static readonly RPC_MODE_MASTER = 2;
  static readonly RPC_MODE_PUPPET = 3;
  static readonly RPC_MODE_REMOTESYNC = 4;
  static readonly RPC_MODE_MASTERSYNC = 5;
  static readonly RPC_MODE_PUPPETSYNC = 6;

  readonly #platform: Platform;
  readonly #guard = { polling: false };
  readonly #nodes = new Map<string, NetworkNode>();
  readonly #connected = new Set<number>();
  readonly #cache = new SceneCache();
  #peer: MultiplayerPeer | null = null;
  #listeners: Array<[string, Listener]> = [];
  #sender = 0;
  #root = "/root";
  #lastError: GdnetError | null = null;
  /** Decode full objects in RPC/RSET values (default false). */
  allowObjectDecoding = false;
  /**
   * What a FLOAT argument of a received RPC becomes (VariantCodecOptions.floats): `"number"`
   * (default) or `"GdFloat"`, which keeps Godot's 2.0 a float when the handler sends it on.
   */
  rpcFloats: "number" | "GdFloat" = "number";
  /** RPCs and RSETs for nodes not registered here: "report" (default, as Godot prints) or "ignore" (a relay with no scene). */
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
  }

  /** The network peer (`network_peer`), or null. */
  get networkPeer(): MultiplayerPeer | null {
    return this.#peer;
  }
  set networkPeer(peer: MultiplayerPeer | null) {
    this.setNetworkPeer(peer);
  }
  getNetworkPeer(): MultiplayerPeer | null {
    return this.#peer;
  }
  setNetworkPeer(peer: MultiplayerPeer | null): void {
    const old = this.#peer as SignalSource<SignalMap> | null;
    for (const [name, listener] of this.#listeners) old?.off(name, listener);
    this.#listeners = [];
    this.clear();
    this.#peer = peer;
    if (!peer) return;
    const emitter = peer as unknown as SignalSource<SignalMap>;
    const hook = (name: string, listener: Listener): void => {
      emitter.on(name, listener);
      this.#listeners.push([name, listener]);
    };
    hook("peer_connected", (id) => this.#addPeer(id as number));
    hook("peer_disconnected", (id) => this.#delPeer(id as number));
    hook("connection_succeeded", () => this.emitSignal("connected_to_server"));
    hook("connection_failed", () => this.emitSignal("connection_failed"));
    hook("server_disconnected", () => this.emitSignal("server_disconnected"));
  }
  hasNetworkPeer(): boolean {
    return this.#peer !== null;
  }

  /** The path of the root node (default "/root"); node paths travel relative to it. */
  get rootPath(): string {
    return this.#root;
  }
  set rootPath(path: string) {
    if (typeof path !== "string" || !path.startsWith("/"))
      throw new GdnetError("ERR_TYPE", `rootPath must be an absolute node path, got "${String(path)}".`);
    this.#root = path.replace(/\/+$/, "") || "/";
  }

  /** `refuse_new_network_connections`, on the network peer. */
  get refuseNewNetworkConnections(): boolean {
    return this.#peer?.isRefusingNewConnections() ?? false;
  }
  set refuseNewNetworkConnections(refuse: boolean) {
    this.#peer?.setRefuseNewConnections(refuse);
  }

  /** Registers the node at `path` (absolute under `rootPath`, or relative to it) with its rpc functions and rset variables. */
  registerNode(path: string, handlers: NetworkHandlers = {}, options: NetworkNodeOptions = {}): NetworkNode {
    const relative = this.#relative(path);
    if (relative === undefined) throw new GdnetError("ERR_TYPE", `"${path}" is not under the multiplayer root ${this.#root}.`);
    const node = new NetworkNode(this, relative, handlers, options);
    this.#nodes.set(relative, node);
    return node;
  }

  unregisterNode(path: string): void {
    const relative = this.#relative(path);
    if (relative !== undefined) this.#nodes.delete(relative);
  }

  getNode(path: string): NetworkNode | null {
    const relative = this.#relative(path);
    return relative === undefined ? null : (this.#nodes.get(relative) ?? null);
  }

  getNetworkUniqueId(): number {
    return this.#peer?.getUniqueId() ?? 0;
  }

  isNetworkServer(): boolean {
    return this.getNetworkUniqueId() === 1;
  }

  /** The peer whose RPC, RSET or packet is being handled, else 0. */
  getRpcSenderId(): number {
    return this.#sender;
  }

  /** The connected peers' ids, ascending (Godot 3 keeps them in a `Set<int>`, which is sorted). */
  getNetworkConnectedPeers(): number[] {
    return [...this.#connected].sort((a, b) => a - b);
  }

  getLastError(): GdnetError | null {
    return this.#lastError;
  }

  /** `send_bytes(bytes, id = 0, mode = RELIABLE)`: the receiver gets `network_peer_packet`. */
  sendBytes(bytes: BytesLike, id = 0, mode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE): GodotError {
    const data = asBytes(bytes, "sendBytes");
    if (data.length === 0) return this.#fail(new GdnetError("ERR_INVALID_DATA", "Trying to send an empty raw packet."));
    const peer = this.#ready();
    if (!peer) return this.#fail(new GdnetError("ERR_UNCONFIGURED", "sendBytes needs a connected network peer."));
    peer.setTransferMode(mode);
    peer.setTargetPeer(id);
    return peer.putPacket(encodeMpApiRawPacket(data));
  }

  /** Forgets peers and paths. */
  clear(): void {
    this.#connected.clear();
    this.#cache.clear();
    this.#sender = 0;
  }

  /** Polls the network peer and processes its packets. */
  poll(): void {
    runPoll(this.#guard, () => {
      const peer = this.#peer;
      if (!peer || peer.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED) return;
      peer.poll();
      while (this.#peer === peer && peer.getAvailablePacketCount() > 0) {
        const from = peer.getPacketPeer();
        const packet = peer.getPacket();
        this.#as(from, () => this.#process(from, packet));
      }
    });
  }

  /** See PacketPeer.setWakeHandler (for `autoPoll`). */
  setWakeHandler(handler: (() => void) | null): void {
    this.#peer?.setWakeHandler(handler);
  }

  /** @internal Godot 3's `rpcp`. */
  _rpcp(node: NetworkNode, peer: number, unreliable: boolean, method: string, args: readonly unknown[]): GodotError {
    return this.#call(
      node,
      peer,
      unreliable,
      node.rpcModeOf(method),
      method,
      () => this.#invoke(node, method, args),
      (id, path) => encodeMpApiRemoteCall({ nodeId: id, path, method, args }),
    );
  }

  /** @internal Godot 3's `rsetp`. */
  _rsetp(node: NetworkNode, peer: number, unreliable: boolean, property: string, value: unknown): GodotError {
    return this.#call(
      node,
      peer,
      unreliable,
      node.rsetModeOf(property),
      property,
      () => this.#set(node, property, value),
      (id, path) => encodeMpApiRemoteSet({ nodeId: id, path, property, value }),
    );
  }

  #call(
    node: NetworkNode,
    peer: number,
    unreliable: boolean,
    mode: RpcMode3,
    name: string,
    runLocally: () => void,
    encode: (id: number, path: string | undefined) => Uint8Array,
  ): GodotError {
    const network = this.#ready();
    if (!network)
      return this.#fail(
        new GdnetError("ERR_CONNECTION_ERROR", "Trying to call an RPC via a network peer which is not connected."),
      );
    if (this.#nodes.get(node.path) !== node)
      return this.#fail(new GdnetError("ERR_INVALID_PARAMETER", `The node "${node.path}" is not registered here.`));
    const self = network.getUniqueId();
    let skip = peer === self;
    let local = false;
    if (peer === 0 || peer === self || (peer < 0 && peer !== -self)) {
      const decision = callLocal3(mode, node.isNetworkMaster());
      local = decision.local;
      skip ||= decision.skipSend;
    }
    if (!skip) {
      const error = this.#send(network, node, peer, unreliable, encode);
      if (error) return this.#fail(error);
    }
    if (local) this.#as(self, runLocally);
    if (skip && !local)
      return this.#fail(new GdnetError("ERR_INVALID_PARAMETER", `RPC "${name}" on yourself is not allowed by its mode.`));
    return GodotError.OK;
  }

  /** `_send_rpc`: the path cache, then one packet for all if every target knows the path, else one per target. */
  #send(
    network: MultiplayerPeer,
    node: NetworkNode,
    to: number,
    unreliable: boolean,
    encode: (id: number, path: string | undefined) => Uint8Array,
  ): GdnetError | undefined {
    if (to !== 0 && !this.#connected.has(Math.abs(to)))
      return new GdnetError("ERR_INVALID_PARAMETER", `Attempt to remote call unexisting ID: ${to}.`);
    const targets = [...this.#connected].filter((id) => (to > 0 ? id === to : to === 0 || id !== -to));
    const { id, toAnnounce, allConfirmed } = this.#cache.prepare(node.path, targets);
    network.setTransferMode(TransferMode.TRANSFER_MODE_RELIABLE);
    for (const peer of toAnnounce) {
      network.setTargetPeer(peer);
      network.putPacket(encodeMpApiSimplifyPath({ cacheId: id, path: node.path }));
      this.#cache.markAnnounced(node.path, peer);
    }
    let cached: Uint8Array;
    let uncached: Uint8Array | undefined;
    try {
      cached = encode(id, undefined);
      if (!allConfirmed) uncached = encode(id, node.path);
    } catch (error) {
      return error instanceof GdnetError ? error : new GdnetError("ERR_INVALID_PARAMETER", String(error));
    }
    network.setTransferMode(unreliable ? TransferMode.TRANSFER_MODE_UNRELIABLE : TransferMode.TRANSFER_MODE_RELIABLE);
    if (allConfirmed) {
      network.setTargetPeer(to);
      network.putPacket(cached);
      return undefined;
    }
    for (const peer of targets) {
      network.setTargetPeer(peer);
      network.putPacket(this.#cache.isConfirmed(node.path, peer) ? cached : (uncached as Uint8Array));
    }
    return undefined;
  }

  #process(from: number, packet: Uint8Array): void {
    switch (packet[0]) {
      case MpApiCommand.NETWORK_COMMAND_SIMPLIFY_PATH: {
        const simplify = decodeMpApiSimplifyPath(packet);
        if (simplify instanceof GdnetError) return void this.#fail(simplify);
        // Godot 3 confirms whether or not it has the node (multiplayer_api.cpp _process_simplify_path).
        // A server that ignores unknown nodes confirms without storing: an RPC for that id
        // finds no node either way, and a stored path would be memory any client could grow.
        const stores = this.unknownNodes === "report" || this.#nodes.has(simplify.path);
        if (stores && this.#cache.replace(from, simplify.cacheId, simplify.path) === CacheAdmission.FULL) {
          this.#fail(SceneCache.limitError(from, this.#cache.limits));
          // Our own connection is closed; a client relayed to us is the server's to disconnect.
          if (this.isNetworkServer() || from === 1)
            this.#peer?._closePeer(from, PATH_CACHE_FULL_CLOSE.code, PATH_CACHE_FULL_CLOSE.reason);
          return;
        }
        const network = this.#peer as MultiplayerPeer;
        network.setTransferMode(TransferMode.TRANSFER_MODE_RELIABLE);
        network.setTargetPeer(from);
        network.putPacket(encodeMpApiConfirmPath(simplify.path));
        return;
      }
      case MpApiCommand.NETWORK_COMMAND_CONFIRM_PATH: {
        const path = decodeMpApiConfirmPath(packet);
        if (path instanceof GdnetError) return void this.#fail(path);
        if (!this.#cache.confirmPath(from, path))
          this.#fail(new GdnetError("ERR_INVALID_DATA", `Peer ${from} confirmed "${path}", which was never sent to it.`));
        return;
      }
      case MpApiCommand.NETWORK_COMMAND_REMOTE_CALL:
      case MpApiCommand.NETWORK_COMMAND_REMOTE_SET:
        this.#remote(from, packet);
        return;
      case MpApiCommand.NETWORK_COMMAND_RAW: {
        const raw = decodeMpApiRawPacket(packet);
        if (raw instanceof GdnetError) return void this.#fail(raw);
        this.emitSignal("network_peer_packet", from, raw);
        return;
      }
      default:
        this.#fail(new GdnetError("ERR_INVALID_DATA", `Unknown MultiplayerAPI command ${String(packet[0])} from ${from}.`));
    }
  }

  #remote(from: number, packet: Uint8Array): void {
    const set = packet[0] === MpApiCommand.NETWORK_COMMAND_REMOTE_SET;
    const options = { allowObjects: this.allowObjectDecoding, floats: this.rpcFloats };
    const decoded = set ? decodeMpApiRemoteSet(packet, options) : decodeMpApiRemoteCall(packet, options);
    if (decoded instanceof GdnetError) return void this.#fail(decoded);
    const path = decoded.pathFromPacket ?? this.#cache.lookup(from, decoded.nodeId);
    const node = path === undefined ? undefined : this.#nodes.get(path);
    if (!node) {
      if (this.unknownNodes === "report")
        this.#fail(
          new GdnetError(
            "ERR_DOES_NOT_EXIST",
            `Invalid packet received from ${from}: node ${path ?? `#${decoded.nodeId}`} was not found.`,
          ),
        );
      return;
    }
    const name = "property" in decoded ? decoded.property : decoded.method;
    const mode = set ? node.rsetModeOf(name) : node.rpcModeOf(name);
    if (!canCallMode3(mode, node.isNetworkMaster(), from, node.getNetworkMaster())) {
      const what = set ? "RSET" : "RPC";
      // Word for word Godot 3.2's error (core/io/multiplayer_api.cpp _process_rpc / _process_rset),
      // which names the node by its absolute path (`p_node->get_path()`).
      return void this.#fail(
        new GdnetError(
          "ERR_UNAUTHORIZED",
          `${what} '${name}' is not allowed on node ${this.#absolute(node.path)} from: ${from}. Mode is ${mode}, master is ${node.getNetworkMaster()}.`,
        ),
      );
    }
    if ("property" in decoded) this.#set(node, name, decoded.value);
    else this.#invoke(node, name, decoded.args);
  }

  #invoke(node: NetworkNode, method: string, args: readonly unknown[]): void {
    const handler = node.handlers[method] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof handler !== "function")
      return void this.#fail(new GdnetError("ERR_METHOD_NOT_FOUND", `Node "${node.path}" has no function "${method}".`));
    handler.apply(node, args as unknown[]);
  }

  #set(node: NetworkNode, property: string, value: unknown): void {
    node.properties[property] = value;
  }

  #addPeer(id: number): void {
    this.#connected.add(id);
    this.emitSignal("network_peer_connected", id);
  }

  #delPeer(id: number): void {
    this.#connected.delete(id);
    this.#cache.forgetPeer(id);
    this.emitSignal("network_peer_disconnected", id);
  }

  #ready(): MultiplayerPeer | null {
    const peer = this.#peer;
    return peer && peer.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED ? peer : null;
  }

  #as(sender: number, fn: () => void): void {
    const previous = this.#sender;
    this.#sender = sender;
    try {
      fn();
    } finally {
      this.#sender = previous;
    }
  }

  /** The absolute path of a node registered at `relative` (`/root/Game/Player`). */
  #absolute(relative: string): string {
    return this.#root === "/" ? `/${relative}` : `${this.#root}/${relative}`;
  }

  #relative(path: string): string | undefined {
    if (typeof path !== "string" || path === "") return undefined;
    if (!path.startsWith("/")) return path.replace(/^\.\//, "");
    const prefix = this.#root === "/" ? "/" : `${this.#root}/`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
  }

  #fail(error: GdnetError): GodotError {
    this.#lastError = error;
    this.#platform.printError(error, this);
    return error.error;
  }
}
