// Number checks shared by the value classes and the codecs: int32 components, u64 ids, INT
// classification of JS numbers and bigints, and float equality.

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

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN_BIG = -(2n ** 31n);
const INT32_MAX_BIG = 2n ** 31n - 1n;

/**
 * True for a JS number that is sent as INT: integral, not -0 (which only a float can carry), and
 * inside int64's range. A number past ±2^63 can only be a Godot float (Godot's 1e20 decodes to an
 * integral JS number): it goes back as one instead of being refused.
 */
export function isIntegralNumber(value: number): boolean {
  return Number.isInteger(value) && !Object.is(value, -0) && value >= -(2 ** 63) && value < 2 ** 63;
}

/** Why an integral number or a bigint cannot be a Godot INT (a signed 64-bit value), or undefined. */
export function intProblem(value: number | bigint): string | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value)
      ? undefined
      : `the integer ${value} is not a safe JS integer; pass a bigint to send it as INT, or a GdFloat to send a FLOAT`;
  }
  return value < INT64_MIN || value > INT64_MAX ? `the bigint ${value} does not fit in Godot's signed 64-bit INT` : undefined;
}

/** True when an INT needs the 64-bit form (Godot uses 32 bits whenever the value fits). */
export function needsInt64(value: number | bigint): boolean {
  return typeof value === "number" ? !isInt32(value) : value < INT32_MIN_BIG || value > INT32_MAX_BIG;
}
