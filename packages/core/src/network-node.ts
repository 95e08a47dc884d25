import { GdnetError } from "./gdnet-error.js";
import type { GodotError } from "./godot-error.js";
import { parseRpcMode3, RpcMode3, type RpcMode3Input } from "./rpc-mode3.js";

/** The functions RPCs call on a Godot 3 node, by name; `this` is the NetworkNode. */
export type NetworkHandlers = { readonly [method: string]: (this: NetworkNode, ...args: never[]) => unknown };

/** What MultiplayerAPI gives the nodes it registered. */
export interface NetworkHost {
  getNetworkUniqueId(): number;
  /** @internal */
  _rpcp(node: NetworkNode, peer: number, unreliable: boolean, method: string, args: readonly unknown[]): GodotError;
  /** @internal */
  _rsetp(node: NetworkNode, peer: number, unreliable: boolean, property: string, value: unknown): GodotError;
}

/** Options of `MultiplayerAPI.registerNode` (Godot 3). */
export interface NetworkNodeOptions {
  /** The script's rpc functions and their keyword: `{ move: "puppetsync" }` for `puppetsync func move`. Default {}. */
  rpc?: Readonly<Record<string, RpcMode3Input>>;
  /** The script's rset variables and their keyword: `{ hp: "puppet" }` for `puppet var hp`. Default {}. */
  rset?: Readonly<Record<string, RpcMode3Input>>;
  /** `Node.rpc_config` modes (checked before the script's, as in Godot 3). Default {}. */
  rpcConfig?: Readonly<Record<string, RpcMode3Input>>;
  /** `Node.rset_config` modes. Default {}. */
  rsetConfig?: Readonly<Record<string, RpcMode3Input>>;
  /** The node's variables, which RSET changes. Default {}. */
  properties?: Record<string, unknown>;
  /** The network master (`set_network_master`). Default 1. */
  networkMaster?: number;
}

/**
 * A Godot 3 node as MultiplayerAPI sees it: a path, rpc functions and rset variables with their
 * modes, and a network master. `rpc`, `rpcId`, `rset`... work as the Node methods of Godot 3.2.
 * Godot 3 sends method and property names, so only the modes need to match between the ends.
 */
export class NetworkNode {
  /** The path relative to the multiplayer root (`"Game/Player"`). */
  readonly path: string;
  readonly handlers: NetworkHandlers;
  /** The variables RSET sets. */
  readonly properties: Record<string, unknown>;
  readonly #host: NetworkHost;
  readonly #rpc = new Map<string, RpcMode3>();
  readonly #rset = new Map<string, RpcMode3>();
  readonly #rpcNative = new Map<string, RpcMode3>();
  readonly #rsetNative = new Map<string, RpcMode3>();
  #master: number;

  constructor(host: NetworkHost, path: string, handlers: NetworkHandlers, options: NetworkNodeOptions = {}) {
    this.#host = host;
    this.path = path;
    this.handlers = handlers;
    this.properties = options.properties ?? {};
    for (const [name, mode] of Object.entries(options.rpc ?? {})) this.#rpc.set(name, parseRpcMode3(name, mode));
    for (const [name, mode] of Object.entries(options.rset ?? {})) this.#rset.set(name, parseRpcMode3(name, mode));
    for (const [name, mode] of Object.entries(options.rpcConfig ?? {})) this.#rpcNative.set(name, parseRpcMode3(name, mode));
    for (const [name, mode] of Object.entries(options.rsetConfig ?? {})) this.#rsetNative.set(name, parseRpcMode3(name, mode));
    this.#master = options.networkMaster ?? 1;
  }

  /** `rpc(method, ...)`: to every peer (and here, by mode). */
  rpc(method: string, ...args: unknown[]): GodotError {
    return this.#host._rpcp(this, 0, false, method, args);
  }
  rpcId(peer: number, method: string, ...args: unknown[]): GodotError {
    return this.#host._rpcp(this, peer, false, method, args);
  }
  rpcUnreliable(method: string, ...args: unknown[]): GodotError {
    return this.#host._rpcp(this, 0, true, method, args);
  }
  rpcUnreliableId(peer: number, method: string, ...args: unknown[]): GodotError {
    return this.#host._rpcp(this, peer, true, method, args);
  }
  /** `rset(property, value)`: sets it on every peer (and here, by mode). */
  rset(property: string, value: unknown): GodotError {
    return this.#host._rsetp(this, 0, false, property, value);
  }
  rsetId(peer: number, property: string, value: unknown): GodotError {
    return this.#host._rsetp(this, peer, false, property, value);
  }
  rsetUnreliable(property: string, value: unknown): GodotError {
    return this.#host._rsetp(this, 0, true, property, value);
  }
  rsetUnreliableId(peer: number, property: string, value: unknown): GodotError {
    return this.#host._rsetp(this, peer, true, property, value);
  }

  /** `Node.rpc_config(method, mode)`. */
  rpcConfig(method: string, mode: RpcMode3Input): void {
    this.#rpcNative.set(method, parseRpcMode3(method, mode));
  }
  /** `Node.rset_config(property, mode)`. */
  rsetConfig(property: string, mode: RpcMode3Input): void {
    this.#rsetNative.set(property, parseRpcMode3(property, mode));
  }

  /** `set_network_master(id)`. */
  setNetworkMaster(id: number): void {
    if (!Number.isInteger(id) || id < 1)
      throw new GdnetError("ERR_TYPE", `A network master is a peer id >= 1, got ${String(id)}.`);
    this.#master = id;
  }
  getNetworkMaster(): number {
    return this.#master;
  }
  isNetworkMaster(): boolean {
    return this.#master === this.#host.getNetworkUniqueId();
  }

  /** The rpc mode of `method` (rpc_config first, then the script's; DISABLED when none). */
  rpcModeOf(method: string): RpcMode3 {
    return this.#rpcNative.get(method) ?? this.#rpc.get(method) ?? RpcMode3.RPC_MODE_DISABLED;
  }
  /** The rset mode of `property`. */
  rsetModeOf(property: string): RpcMode3 {
    return this.#rsetNative.get(property) ?? this.#rset.get(property) ?? RpcMode3.RPC_MODE_DISABLED;
  }
}
