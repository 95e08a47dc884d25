// Helpers of the multiplayer packet tests: unwrap decoder results, and cut golden packets short.

import { expect } from "vitest";
import { GdnetError, type GdnetErrorCode } from "../../src/gdnet-error.js";

/** The value of a decoder result; fails the test with the error's message otherwise. */
export function ok<T>(result: T | GdnetError): T {
  if (result instanceof GdnetError) throw new Error(`unexpected decode error: ${result.message}`);
  return result;
}

/** The error of a decoder result (code `code`, default ERR_INVALID_DATA); fails the test otherwise. */
export function failure(result: unknown, code: GdnetErrorCode = "ERR_INVALID_DATA"): GdnetError {
  expect(result).toBeInstanceOf(GdnetError);
  const error = result as GdnetError;
  expect(error.code).toBe(code);
  return error;
}

/** Every strict prefix of `bytes`, from the empty one up to all but the last byte. */
export function prefixes(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, length) => bytes.slice(0, length));
}

/** Expects `fn` to throw a GdnetError with `code` (default ERR_INVALID_PARAMETER) whose message matches `message`. */
export function expectThrow(fn: () => unknown, message: RegExp, code: GdnetErrorCode = "ERR_INVALID_PARAMETER"): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(GdnetError);
  expect((thrown as GdnetError).code).toBe(code);
  expect((thrown as GdnetError).message).toMatch(message);
}

/** A deterministic pseudo-random byte source (xorshift32), so fuzz failures reproduce. */
export function randomBytes(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      out[i] = state & 0xff;
    }
    return out;
  };
}

/**
 * Runs `decode` on many corrupted variants of `golden` (every byte replaced by a few values,
 * plus random tails) and expects each call to return, never throw.
 */
export function expectNeverThrows(golden: Uint8Array, decode: (bytes: Uint8Array) => unknown): void {
  const next = randomBytes(golden.length * 7919 + 1);
  let calls = 0;
  for (let i = 0; i < golden.length; i++) {
    for (const value of [0x00, 0x01, 0x7f, 0x80, 0xff, (golden[i] as number) ^ 0x55]) {
      const bytes = golden.slice();
      bytes[i] = value;
      expect(() => decode(bytes)).not.toThrow();
      calls++;
    }
  }
  for (let n = 0; n < 200; n++) {
    const bytes = new Uint8Array([...golden.subarray(0, n % (golden.length + 1)), ...next(n % 13)]);
    expect(() => decode(bytes)).not.toThrow();
    calls++;
  }
  expect(calls).toBeGreaterThan(200);
}
