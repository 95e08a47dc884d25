// Godot 4's RPC method ids and the RPC checksum of SIMPLIFY_PATH
// (modules/multiplayer/scene_rpc_interface.cpp, `_parse_rpc_config` and `get_rpc_md5`).
// For each of a node's two RPC configurations (native, from `Node.rpc_config`, then the
// script's `@rpc` functions) Godot sorts the method names and numbers them by index; native
// ids get bit 15. Every 4.x release sorts by Unicode code point of the name as a String: 4.0-4.3
// with the default Variant order on String keys, 4.4+ with an explicit String comparison
// (godotengine/godot PRs #96915, #98472). Both lists go into one map in that insertion order,
// which is also the order of the names in the MD5 input.

import { GdnetError } from "../gdnet-error.js";
import { toUtf8 } from "../utf8.js";
import { md5Hex } from "./md5.js";

/** Bit 15 of the id of a method configured with `Node.rpc_config` (native) rather than by the script. */
export const NATIVE_RPC_ID_FLAG = 0x8000;

/** The RPC method names of a node. */
export interface RpcMethodNames {
  /** Names configured with `Node.rpc_config` (any order; sorted here). Default none. */
  readonly native?: readonly string[] | undefined;
  /** Names of the script's `@rpc` functions (any order; sorted here). Default none. */
  readonly script?: readonly string[] | undefined;
}

/** One method of an {@link RpcMethodTable}. */
export interface RpcMethodEntry {
  readonly name: string;
  /** Index in its sorted list, plus {@link NATIVE_RPC_ID_FLAG} for a native name. */
  readonly id: number;
  readonly native: boolean;
}

/** A node's RPC ids, as Godot 4 computes them on both ends of a call. */
export interface RpcMethodTable {
  /** Every method in Godot's insertion order: native names sorted, then script names sorted. */
  readonly entries: readonly RpcMethodEntry[];
  /** The id a call to each name uses; a name configured both ways uses its script id. */
  readonly idByName: ReadonlyMap<string, number>;
  /** The name behind each id (both ids of a name configured both ways). */
  readonly nameById: ReadonlyMap<number, string>;
  /** What Godot hashes: the names of {@link entries} concatenated without separators. */
  readonly md5Input: string;
  /** MD5 of the UTF-8 bytes of {@link md5Input}, lowercase hex (the SIMPLIFY_PATH checksum). */
  readonly md5: string;
}

/**
 * Compares two strings by Unicode code point, as Godot's `String` `<` does (its strings are
 * UTF-32). JS's default `<` compares UTF-16 units, which orders U+E000..U+FFFF after the
 * astral planes; this does not. Returns a negative number, 0, or a positive number.
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

function sortedNames(names: readonly string[] | undefined, what: string): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) throw new GdnetError("ERR_TYPE", `buildRpcMethodTable: ${what} must be an array of strings.`);
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string") throw new GdnetError("ERR_TYPE", `buildRpcMethodTable: ${what} must hold strings only.`);
    if (name === "") throw new GdnetError("ERR_INVALID_PARAMETER", `buildRpcMethodTable: ${what} holds an empty name.`);
    // A configuration is a Dictionary keyed by name: a name cannot be there twice.
    if (seen.has(name)) throw new GdnetError("ERR_INVALID_PARAMETER", `buildRpcMethodTable: ${what} lists "${name}" twice.`);
    seen.add(name);
  }
  // Ids are u16 with bit 15 marking native names, so each list holds at most 2^15 names.
  if (seen.size > NATIVE_RPC_ID_FLAG) {
    throw new GdnetError(
      "ERR_INVALID_PARAMETER",
      `buildRpcMethodTable: ${what} has ${seen.size} names, at most 32768 fit an id.`,
    );
  }
  return [...names].sort(compareCodePoints);
}

/**
 * Builds a node's RPC id table from its native (`rpc_config`) and script (`@rpc`) method
 * names. Throws GdnetError ERR_INVALID_PARAMETER for an empty or repeated name within a list
 * or more than 32768 names in one list; ERR_TYPE for names that are not strings.
 */
export function buildRpcMethodTable(names: RpcMethodNames = {}): RpcMethodTable {
  const native = sortedNames(names.native, "native");
  const script = sortedNames(names.script, "script");
  const entries: RpcMethodEntry[] = [
    ...native.map((name, index) => ({ name, id: NATIVE_RPC_ID_FLAG | index, native: true })),
    ...script.map((name, index) => ({ name, id: index, native: false })),
  ];
  const idByName = new Map<string, number>();
  const nameById = new Map<number, string>();
  for (const entry of entries) {
    // Later (script) entries overwrite earlier (native) ones, as `r_cache.ids[name] = id` does.
    idByName.set(entry.name, entry.id);
    nameById.set(entry.id, entry.name);
  }
  const md5Input = entries.map((entry) => entry.name).join("");
  return { entries, idByName, nameById, md5Input, md5: md5Hex(toUtf8(md5Input)) };
}
