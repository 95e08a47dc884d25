// Number checks shared by the value classes and the codecs.

import { GdnetError } from "../gdnet-error.js";

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Equality of two Godot reals as the value classes use it: NaN equals NaN and 0 equals -0, so a
 * decoded value always equals the value that was encoded.
 */
export function sameReal(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** True for an integer in the signed 32-bit range. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

/**
 * `value` as a signed 32-bit integer (-0 becomes 0). Godot's Vector2i/Rect2i/... hold int32
 * components, so anything else is refused instead of being silently truncated.
 */
export function requireInt32(value: number, what: string): number {
  if (typeof value !== "number" || !isInt32(value)) {
    throw new GdnetError("ERR_INVALID_PARAMETER", `${what} must be a 32-bit integer, got ${String(value)}.`);
  }
  return value | 0;
}

/** `value` as an unsigned 64-bit id (RID, ObjectID): a bigint or a safe non-negative integer. */
export function requireU64(value: bigint | number, what: string): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new GdnetError("ERR_INVALID_PARAMETER", `${what} must be an unsigned 64-bit integer, got ${String(value)}.`);
    }
    return BigInt(value);
  }
  if (typeof value !== "bigint" || value < 0n || value > U64_MAX) {
    throw new GdnetError("ERR_INVALID_PARAMETER", `${what} must be an unsigned 64-bit integer, got ${String(value)}.`);
  }
  return value;
}
