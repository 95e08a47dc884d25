import { GdnetError } from "./gdnet-error.js";
import type { GodotError } from "./godot-error.js";
import { buildRpcMethodTable, type RpcMethodTable } from "./multiplayer/rpc-method-ids.js";
import { parseRpcConfig, type RpcConfig, type RpcConfigInput } from "./rpc-config.js";

/** The functions of a node that RPCs call, by method name; `this` is the RpcNode. */
export type RpcHandlers = { readonly [method: string]: (this: RpcNode, ...args: never[]) => unknown };

/** What SceneMultiplayer gives the nodes it registered. */
export interface RpcHost {
  getUniqueId(): number;
  /** @internal */
  _rpcp(node: RpcNode, peer: number, method: string, args: readonly unknown[]): GodotError;
}

/** Options of `SceneMultiplayer.registerNode`. */
export interface RpcNodeOptions {
  /** The script's `@rpc` methods: name -> `@rpc` arguments (e.g. `["any_peer", "call_local", "unreliable"]`) or an object. Default {}. */
  rpc?: Readonly<Record<string, RpcConfigInput>>;
  /** `Node.rpc_config` entries (native config: ids with bit 15). Default {}. */
  rpcConfig?: Readonly<Record<string, RpcConfigInput>>;
  /** The node's multiplayer authority. Default 1 (the server). */
  authority?: number;
}

/**
 * A node of the scene tree as the multiplayer API sees it: a path, RPC-callable functions with
 * their `@rpc` configuration, and a multiplayer authority. `rpc`/`rpcId` work as Node.rpc /
 * Node.rpc_id. Method ids and the SIMPLIFY_PATH checksum come from the configured names, exactly
 * as Godot computes them, so both ends must configure the same names.
 */
export class RpcNode {
  /** The path relative to the multiplayer root (`"Game/Player"`). */
  readonly path: string;
  readonly handlers: RpcHandlers;
  readonly #host: RpcHost;
  readonly #script = new Map<string, RpcConfig>();
  readonly #native = new Map<string, RpcConfig>();
  #table: RpcMethodTable | null = null;
  #authority: number;

  constructor(host: RpcHost, path: string, handlers: RpcHandlers, options: RpcNodeOptions = {}) {
    this.#host = host;
    this.path = path;
    this.handlers = handlers;
    for (const [name, config] of Object.entries(options.rpc ?? {})) this.#script.set(name, parseRpcConfig(name, config));
    for (const [name, config] of Object.entries(options.rpcConfig ?? {})) this.#native.set(name, parseRpcConfig(name, config));
    this.#authority = options.authority ?? 1;
  }

  /** Godot's `Node.rpc(method, ...args)`: calls `method` on every peer (and here too with call_local). */
  rpc(method: string, ...args: unknown[]): GodotError {
    return this.#host._rpcp(this, 0, method, args);
  }

  /** Godot's `Node.rpc_id(peer, method, ...args)`: 1 the server, N that peer, -N all but N. */
  rpcId(peer: number, method: string, ...args: unknown[]): GodotError {
    return this.#host._rpcp(this, peer, method, args);
  }

  /** Godot's `Node.rpc_config(method, config)`: a native config (null removes it). Changes the method ids. */
  rpcConfig(method: string, config: RpcConfigInput | null): void {
    if (config === null) this.#native.delete(method);
    else this.#native.set(method, parseRpcConfig(method, config));
    this.#table = null;
  }

  /** Godot's `set_multiplayer_authority(id)`. */
  setMultiplayerAuthority(id: number): void {
    if (!Number.isInteger(id) || id < 1)
      throw new GdnetError("ERR_TYPE", `A multiplayer authority is a peer id >= 1, got ${String(id)}.`);
    this.#authority = id;
  }

  getMultiplayerAuthority(): number {
    return this.#authority;
  }

  isMultiplayerAuthority(): boolean {
    return this.#authority === this.#host.getUniqueId();
  }

  /** The RPC id table (ids, names, checksum). */
  getMethodTable(): RpcMethodTable {
    this.#table ??= buildRpcMethodTable({ native: [...this.#native.keys()], script: [...this.#script.keys()] });
    return this.#table;
  }

  /** The configuration a call by `name` uses (the script's wins over a native one), or undefined. */
  configOf(name: string): RpcConfig | undefined {
    return this.#script.get(name) ?? this.#native.get(name);
  }

  /** The name and configuration behind `id`, or undefined. */
  methodOf(id: number): { name: string; config: RpcConfig } | undefined {
    const name = this.getMethodTable().nameById.get(id);
    if (name === undefined) return undefined;
    const config = id & 0x8000 ? this.#native.get(name) : this.#script.get(name);
    return config ? { name, config } : undefined;
  }
}
