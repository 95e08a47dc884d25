// Godot 4's typed containers: `Array[int]`, `Array[Node]`, `Dictionary[String, int]`. A typed
// container carries its element type on the wire (4.3+ for Array, 4.4+ for Dictionary), and Godot
// refuses an untyped Array where a typed one is expected ("Cannot convert argument 1 from Array to
// Array" when an RPC declares `func f(a: Array[int])`), so gdnet must be able to send the type.
//
// Layout (core/io/marshalls.cpp, `_encode_container_type` / `_decode_container_type`,
// https://github.com/godotengine/godot/blob/master/core/io/marshalls.cpp): the ARRAY header has a
// container type *kind* in bits 16-17; a DICTIONARY header has the key's kind in bits 16-17 and the
// value's in bits 18-19. The type info follows the header, key before value, then the count:
//   kind 0 (none)       nothing: the container is untyped (Variant);
//   kind 1 (builtin)    u32 Variant type;
//   kind 2 (class name) padded string, the element type is OBJECT of that class;
//   kind 3 (script)     padded string, the script's path ("res://enemy.gd"), the element type is OBJECT.

import { GdnetError } from "../gdnet-error.js";
import { VARIANT_MAX_4, VariantType4, variantTypeName4 } from "./variant-type.js";
import type { Variant } from "./variant-value.js";

/** What names a container type: a {@link VariantType4} id, a class name (`"Node"`), or a {@link ContainerType}. */
export type ContainerTypeLike = VariantType4 | string | ContainerType;

/**
 * The element type of a typed Array, or the key or value type of a typed Dictionary: Godot's
 * `ContainerType`, as much of it as travels on the wire. Build one with {@link ContainerType.of}
 * (a Variant type or a class name) or {@link ContainerType.ofScript} (a script path); the
 * containers' constructors call `of` for you.
 */
export class ContainerType {
  /**
   * The Variant type of the elements: `VariantType4.NIL` means any (an untyped slot, Godot's
   * `Variant`), and class- and script-typed containers hold `VariantType4.OBJECT`.
   */
  readonly type: VariantType4;
  /** The class name of a class-typed container (`Array[Node]`), else undefined. */
  readonly className: string | undefined;
  /** The script path of a script-typed container (`Array[Enemy]` sent as `"res://enemy.gd"`), else undefined. */
  readonly script: string | undefined;

  private constructor(type: VariantType4, className: string | undefined, script: string | undefined) {
    this.type = type;
    this.className = className;
    this.script = script;
  }

  /**
   * The container type named by `type`: a Variant type id (`VariantType4.INT` for `Array[int]`;
   * `VariantType4.NIL` is untyped), or a class name (`"Node"` for `Array[Node]`). Throws GdnetError
   * ERR_TYPE for anything else and ERR_INVALID_PARAMETER for a number that is no Godot 4 type id.
   */
  static of(type: ContainerTypeLike): ContainerType {
    if (type instanceof ContainerType) return type;
    if (typeof type === "string") return new ContainerType(VariantType4.OBJECT, type, undefined);
    if (typeof type !== "number") {
      throw new GdnetError(
        "ERR_TYPE",
        `A container type is a VariantType4 id, a class name or a ContainerType, not ${type === null ? "null" : typeof type}.`,
      );
    }
    if (!Number.isInteger(type) || type < 0 || type >= VARIANT_MAX_4) {
      throw new GdnetError("ERR_INVALID_PARAMETER", `${type} is not a Godot 4 Variant type id (0 to ${VARIANT_MAX_4 - 1}).`);
    }
    return new ContainerType(type, undefined, undefined);
  }

  /**
   * The type of a container of objects whose script is at `path` (GDScript's `Array[Enemy]` for
   * `class_name Enemy`). Godot sends the path only when encoding with full objects, and loads the
   * script when decoding with `allow_object_decoding` (it must then exist under `res://`);
   * without it, Godot types the container as EncodedObjectAsID instead.
   */
  static ofScript(path: string): ContainerType {
    return new ContainerType(VariantType4.OBJECT, undefined, path);
  }

  /** The container type kind of the wire format: 0 none, 1 builtin, 2 class name, 3 script. */
  get kind(): 0 | 1 | 2 | 3 {
    if (this.script !== undefined) return 3;
    if (this.className !== undefined) return 2;
    return this.type === VariantType4.NIL ? 0 : 1;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof ContainerType &&
      other.type === this.type &&
      other.className === this.className &&
      other.script === this.script
    );
  }

  /** `"INT"`, `"Node"`, `"res://enemy.gd"`, or `"Variant"` when untyped: the type as messages show it. */
  toString(): string {
    return this.script ?? this.className ?? (this.type === VariantType4.NIL ? "Variant" : String(variantTypeName4(this.type)));
  }
}

/**
 * Godot 4's typed Array (`Array[int]`, `Array[Node]`): an `Array` that also knows its element
 * type, which is sent with it (Godot 4.3+ reads it; 4.0-4.2 do not know the layout, so send
 * them plain arrays). `new TypedArray(VariantType4.INT, [1, 2, 3])`.
 *
 * Elements are encoded as the element type says, and one that cannot be fails to encode with
 * ERR_INVALID_PARAMETER, as Godot would refuse it: in a FLOAT array every number (integral ones
 * too) and bigint is sent as FLOAT; in an INT array a number must be integral (-0 is 0); a String
 * or StringName array takes either and sends its own type; an Object-typed array takes `null`,
 * `ObjectId` and `GodotObject`; any other type takes only values of that type. The check happens
 * when encoding, so the array can be filled like any other.
 *
 * Decoding turns every typed Array Godot sends into a TypedArray, so it goes back with the same
 * bytes. `map`, `filter`, `slice`, `concat` and the like return plain arrays
 * (`Symbol.species` is `Array`): wrap their result again to keep the type.
 *
 * A class name or script path is sent as given, whatever `allowObjects` says. Godot differs in
 * one way: without full objects its encoder names every Object type "EncodedObjectAsID" (which
 * then decodes to a TypedArray of that class name), and its decoder reads any class or script
 * as EncodedObjectAsID unless `allow_object_decoding` is on.
 */
export class TypedArray<T = Variant> extends Array<T> {
  readonly #elementType: ContainerType;

  /** An array of `elementType` (see {@link ContainerType.of}) holding `values` (default none). */
  constructor(elementType: ContainerTypeLike, values: Iterable<T> = []) {
    super();
    this.#elementType = ContainerType.of(elementType);
    for (const value of values) this.push(value);
  }

  /** Derived arrays (`map`, `filter`, `slice`, ...) are plain arrays: they have no element type. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** The element type sent with the array. */
  get elementType(): ContainerType {
    return this.#elementType;
  }
}

/**
 * Godot 4.4+'s typed Dictionary (`Dictionary[String, int]`): a `Map` that also knows its key and
 * value types, which are sent with it. Either may be `VariantType4.NIL` (untyped), as in
 * `Dictionary[String, Variant]`. `new TypedDictionary(VariantType4.STRING, VariantType4.INT, [["hp", 10]])`.
 * Keys and values are checked and encoded like the elements of a {@link TypedArray}. Decoding
 * turns every typed Dictionary Godot sends into a TypedDictionary.
 */
export class TypedDictionary<K = Variant, V = Variant> extends Map<K, V> {
  readonly #keyType: ContainerType;
  readonly #valueType: ContainerType;

  /** A dictionary of `keyType` to `valueType` (see {@link ContainerType.of}) holding `entries` (default none). */
  constructor(keyType: ContainerTypeLike, valueType: ContainerTypeLike, entries: Iterable<readonly [K, V]> = []) {
    super();
    this.#keyType = ContainerType.of(keyType);
    this.#valueType = ContainerType.of(valueType);
    for (const [key, value] of entries) this.set(key, value);
  }

  /** The key type sent with the dictionary. */
  get keyType(): ContainerType {
    return this.#keyType;
  }

  /** The value type sent with the dictionary. */
  get valueType(): ContainerType {
    return this.#valueType;
  }
}
