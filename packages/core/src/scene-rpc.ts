import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { SceneCommand } from "./multiplayer/scene-command.js";
import { decodeConfirmPath, decodeSimplifyPath, encodeConfirmPath, encodeSimplifyPath } from "./multiplayer/scene-packets.js";
import { decodeRemoteCall, encodeRemoteCall } from "./multiplayer/scene-remote-call.js";
import { RpcMode } from "./rpc-config.js";
import { type RpcHandlers, RpcNode, type RpcNodeOptions } from "./rpc-node.js";
import { CacheAdmission, SceneCache } from "./scene-cache.js";
import type { SceneMultiplayer } from "./scene-multiplayer.js";
import { TransferMode } from "./transfer-mode.js";

/**
 * The RPC half of SceneMultiplayer (modules/multiplayer/scene_rpc_interface.cpp and the path
 * cache's packets): the registered nodes, sending calls with the path cache, and receiving
 * SIMPLIFY_PATH, CONFIRM_PATH and REMOTE_CALL with Godot's permission rules.
 */
/** The names Godot prints for RPC modes. */
const RPC_MODE_NAMES: Readonly<Record<RpcMode, string>> = { 0: "disabled", 1: "any_peer", 2: "authority" };

export class SceneRpc {
  readonly #api: SceneMultiplayer;
  readonly #cache: SceneCache;
  readonly #nodes = new Map<string, RpcNode>();
  #root = "/root";

  constructor(api: SceneMultiplayer, cache: SceneCache) {
    this.#api = api;
    this.#cache = cache;
  }

  get rootPath(): string {
    return this.#root;
  }

  /** The absolute path of a node registered at `relative` (`/root/Main/Player`). */
  #absolute(relative: string): string {
    return this.#root === "/" ? `/${relative}` : `${this.#root}/${relative}`;
  }

  setRootPath(path: string): void {
    if (typeof path !== "string" || !path.startsWith("/"))
      throw new GdnetError("ERR_TYPE", `rootPath must be an absolute node path, got "${String(path)}".`);
    this.#root = path.replace(/\/+$/, "") || "/";
  }

  register(path: string, handlers: RpcHandlers, options: RpcNodeOptions): RpcNode {
    const relative = this.#relative(path);
    if (relative === undefined) throw new GdnetError("ERR_TYPE", `"${path}" is not under the multiplayer root ${this.#root}.`);
    const node = new RpcNode(this.#api, relative, handlers, options);
    this.#nodes.set(relative, node);
    return node;
  }

  unregister(path: string): void {
    const relative = this.#relative(path);
    if (relative !== undefined) this.#nodes.delete(relative);
  }

  get(path: string): RpcNode | null {
    const relative = this.#relative(path);
    return relative === undefined ? null : (this.#nodes.get(relative) ?? null);
  }

  /** Godot's `rpcp`: sends the call to `peer` (0, N, -N) and runs it here when call_local says so. */
  call(node: RpcNode, peer: number, method: string, args: readonly unknown[]): GodotError | GdnetError {
    if (this.#nodes.get(node.path) !== node)
      return new GdnetError("ERR_INVALID_PARAMETER", `The node "${node.path}" is not registered here.`);
    const id = node.getMethodTable().idByName.get(method);
    const config = node.configOf(method);
    if (id === undefined || !config) {
      return new GdnetError(
        "ERR_INVALID_PARAMETER",
        `Unable to get the RPC configuration for "${method}" at "${node.path}": configure it in the node's rpc options.`,
      );
    }
    const self = this.#api.getUniqueId();
    // Godot's wording (modules/multiplayer/scene_rpc_interface.cpp rpcp).
    if (peer === self && !config.callLocal)
      return new GdnetError("ERR_INVALID_PARAMETER", `RPC '${method}' on yourself is not allowed by selected mode.`);
    if (peer !== 0 && peer !== self && !this.#api._connectedPeers().has(Math.abs(peer))) {
      // Godot's _send_rpc prints this and sends nothing, and rpc_id() still returns OK.
      this.#api.fail(new GdnetError("ERR_INVALID_PARAMETER", `Attempt to call RPC with unknown peer ID: ${peer}.`));
      return GodotError.OK;
    }
    const local = config.callLocal && (peer === 0 || peer === self || (peer < 0 && peer !== -self));
    if (peer !== self) {
      const error = this.#send(node, peer, id, config.transferMode, config.channel, args);
      if (error instanceof GdnetError) return error;
    }
    let failure: GdnetError | undefined;
    if (local) {
      this.#api._as(self, () => {
        failure = this.#invoke(node, method, args);
      });
    }
    return failure ?? GodotError.OK;
  }

  /** Handles a received REMOTE_CALL, SIMPLIFY_PATH or CONFIRM_PATH; returns the error to report, if any. */
  process(from: number, packet: Uint8Array, command: number): GdnetError | undefined {
    switch (command) {
      case SceneCommand.NETWORK_COMMAND_SIMPLIFY_PATH:
        return this.#simplify(from, packet);
      case SceneCommand.NETWORK_COMMAND_CONFIRM_PATH:
        return this.#confirm(from, packet);
      case SceneCommand.NETWORK_COMMAND_REMOTE_CALL:
        return this.#remoteCall(from, packet);
      default:
        return new GdnetError("ERR_UNAVAILABLE", `Packet type ${command} (replication) is not supported by gdnet; ignored.`);
    }
  }

  #send(
    node: RpcNode,
    to: number,
    methodId: number,
    mode: TransferMode,
    channel: number,
    args: readonly unknown[],
  ): GdnetError | undefined {
    const peers = this.#api._connectedPeers();
    const targets = to > 0 ? [to] : [...peers].filter((id) => to === 0 || id !== -to);
    const { id, toAnnounce, allConfirmed } = this.#cache.prepare(node.path, targets);
    for (const peer of toAnnounce) {
      const simplify = encodeSimplifyPath({ methodsMd5: node.getMethodTable().md5, cacheId: id, path: node.path });
      this.#api._sendCommand(peer, simplify, TransferMode.TRANSFER_MODE_RELIABLE, 0);
      this.#cache.markAnnounced(node.path, peer);
    }
    let cached: Uint8Array;
    let uncached: Uint8Array | undefined;
    try {
      cached = encodeRemoteCall({ nodeId: id, methodId, args, compressNodeId: allConfirmed });
      if (!allConfirmed) uncached = encodeRemoteCall({ nodeId: id, methodId, args, path: node.path });
    } catch (error) {
      return error instanceof GdnetError ? error : new GdnetError("ERR_INVALID_PARAMETER", String(error));
    }
    if (allConfirmed) {
      for (const peer of targets) this.#api._sendCommand(peer, cached, mode, channel);
      return undefined;
    }
    // Not everyone knows the path yet: the ones who confirmed get the id, the others the full path.
    for (const peer of targets) {
      this.#api._sendCommand(peer, this.#cache.isConfirmed(node.path, peer) ? cached : (uncached as Uint8Array), mode, channel);
    }
    return undefined;
  }

  #simplify(from: number, packet: Uint8Array): GdnetError | undefined {
    const simplify = decodeSimplifyPath(packet);
    if (simplify instanceof GdnetError) return simplify;
    const node = this.#nodes.get(simplify.path);
    if (!node)
      return new GdnetError("ERR_DOES_NOT_EXIST", `Peer ${from} announced "${simplify.path}", which is not registered here.`);
    const admission = this.#cache.remember(from, simplify.cacheId, simplify.path);
    if (admission === CacheAdmission.DUPLICATE)
      return new GdnetError("ERR_ALREADY_EXISTS", `Duplicate remote cache id ${simplify.cacheId} from peer ${from}.`);
    if (admission === CacheAdmission.FULL) return SceneCache.limitError(from, this.#cache.limits);
    const valid = node.getMethodTable().md5 === simplify.methodsMd5;
    this.#api._sendCommand(
      from,
      encodeConfirmPath({ validChecksum: valid, cacheId: simplify.cacheId }),
      TransferMode.TRANSFER_MODE_RELIABLE,
      0,
    );
    if (!valid) {
      return new GdnetError(
        "ERR_INVALID_DATA",
        `The rpc node checksum failed for "${simplify.path}": make sure both ends configure the same RPC methods.`,
      );
    }
    return undefined;
  }

  #confirm(from: number, packet: Uint8Array): GdnetError | undefined {
    const confirm = decodeConfirmPath(packet);
    if (confirm instanceof GdnetError) return confirm;
    const path = this.#cache.confirm(from, confirm.cacheId);
    if (path === undefined)
      return new GdnetError(
        "ERR_INVALID_DATA",
        `Peer ${from} confirmed cache id ${confirm.cacheId}, which was never sent to it.`,
      );
    if (!confirm.validChecksum)
      return new GdnetError("ERR_INVALID_DATA", `Peer ${from} reports a different RPC method set for "${path}".`);
    return undefined;
  }

  #remoteCall(from: number, packet: Uint8Array): GdnetError | undefined {
    const call = decodeRemoteCall(packet, { allowObjects: this.#api.allowObjectDecoding, floats: this.#api.rpcFloats });
    if (call instanceof GdnetError) return call;
    const path = call.pathFromPacket ?? this.#cache.lookup(from, call.nodeId);
    const node = path === undefined ? undefined : this.#nodes.get(path);
    if (!node)
      return new GdnetError(
        "ERR_DOES_NOT_EXIST",
        `RPC from ${from} for a node that is not here (${path ?? `cache id ${call.nodeId}`}).`,
      );
    const method = node.methodOf(call.methodId);
    if (!method)
      return new GdnetError(
        "ERR_METHOD_NOT_FOUND",
        `RPC from ${from} with unknown method id ${call.methodId} on "${node.path}".`,
      );
    const { name, config } = method;
    const allowed =
      config.rpcMode === RpcMode.RPC_MODE_ANY_PEER ||
      (config.rpcMode === RpcMode.RPC_MODE_AUTHORITY && from === node.getMultiplayerAuthority());
    if (!allowed) {
      return new GdnetError(
        "ERR_UNAUTHORIZED",
        // Godot's wording (scene_rpc_interface.cpp _process_rpc), with the node's absolute path.
        `RPC '${name}' is not allowed on node ${this.#absolute(node.path)} from: ${from}. Mode is "${RPC_MODE_NAMES[config.rpcMode]}", authority is ${node.getMultiplayerAuthority()}.`,
      );
    }
    let failure: GdnetError | undefined;
    this.#api._as(from, () => {
      failure = this.#invoke(node, name, call.args);
    });
    return failure;
  }

  #invoke(node: RpcNode, method: string, args: readonly unknown[]): GdnetError | undefined {
    const handler = node.handlers[method] as ((...a: readonly unknown[]) => unknown) | undefined;
    if (typeof handler !== "function")
      return new GdnetError("ERR_METHOD_NOT_FOUND", `Node "${node.path}" has no function "${method}".`);
    handler.apply(node, args as unknown[]);
    return undefined;
  }

  #relative(path: string): string | undefined {
    if (typeof path !== "string" || path === "") return undefined;
    if (!path.startsWith("/")) return path.replace(/^\.\//, "");
    if (path === this.#root) return ".";
    const prefix = this.#root === "/" ? "/" : `${this.#root}/`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
  }
}
