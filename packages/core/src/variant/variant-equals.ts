import { GdFloat } from "./gd-float.js";
import { sameReal } from "./numbers.js";
import { TypedArray, TypedDictionary } from "./typed-containers.js";

/**
 * Deep equality of Variant values as Godot compares them: value classes by component (NaN equals
 * NaN so that decoded values equal what was sent), arrays and typed arrays element by element,
 * dictionaries (Maps) by content regardless of order, and an int equal to the same int whether
 * it is a number or a bigint. A GdFloat equals the number it wraps (both are sent as the same
 * FLOAT). Typed containers equal only containers of the same types (a TypedArray of NIL elements
 * counts as untyped): Godot's `==` ignores the types, but an RPC does not (it refuses an untyped
 * Array for an `Array[int]` parameter), and a decoded value must keep them.
 */
export function variantEquals(a: unknown, b: unknown): boolean {
  if (a instanceof GdFloat) return variantEquals(a.value, b);
  if (b instanceof GdFloat) return variantEquals(a, b.value);
  if (a === b) return true;
  if (typeof a === "number" || typeof a === "bigint") {
    if (typeof a === "number" && typeof b === "number") return sameReal(a, b);
    if (typeof b !== "number" && typeof b !== "bigint") return false;
    const x = toBigInt(a);
    return x !== undefined && x === toBigInt(b);
  }
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return false;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      sameType(elementType(a), elementType(b)) &&
      a.every((x, i) => variantEquals(x, b[i]))
    );
  }
  if (a instanceof Map) {
    return b instanceof Map && sameType(keyType(a), keyType(b)) && sameType(valueType(a), valueType(b)) && sameEntries(a, b);
  }
  if (ArrayBuffer.isView(a) && !(a instanceof DataView)) return sameTypedArray(a, b);
  const withEquals = a as { equals?: unknown };
  return typeof withEquals.equals === "function" && (withEquals.equals as (other: unknown) => boolean)(b) === true;
}

/** An untyped slot is `undefined`; so is a typed one of NIL (Variant). */
type SlotType = TypedArray["elementType"] | undefined;

function typed(type: TypedArray["elementType"]): SlotType {
  return type.kind === 0 ? undefined : type;
}

function elementType(array: unknown[]): SlotType {
  return array instanceof TypedArray ? typed(array.elementType) : undefined;
}

function keyType(map: Map<unknown, unknown>): SlotType {
  return map instanceof TypedDictionary ? typed(map.keyType) : undefined;
}

function valueType(map: Map<unknown, unknown>): SlotType {
  return map instanceof TypedDictionary ? typed(map.valueType) : undefined;
}

function sameType(a: SlotType, b: SlotType): boolean {
  return a === undefined ? b === undefined : a.equals(b);
}

function toBigInt(value: number | bigint): bigint | undefined {
  return typeof value === "bigint" ? value : Number.isInteger(value) ? BigInt(value) : undefined;
}

function sameEntries(a: Map<unknown, unknown>, b: Map<unknown, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!variantEquals(value, b.get(key))) return false;
      continue;
    }
    // Object keys (Vector2, NodePath, ...) are distinct JS objects: look for an equal one.
    let found = false;
    for (const [otherKey, otherValue] of b) {
      if (variantEquals(key, otherKey) && variantEquals(value, otherValue)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

function sameTypedArray(a: ArrayBufferView, b: unknown): boolean {
  if (!ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
  const x = a as unknown as ArrayLike<number | bigint>;
  const y = b as unknown as ArrayLike<number | bigint>;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p !== q && !(typeof p === "number" && typeof q === "number" && sameReal(p, q))) return false;
  }
  return true;
}
