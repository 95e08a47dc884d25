// Shared pieces of the decoder property tests: fast assertions for use inside properties (a failed
// one throws, and fast-check reports the input that caused it), and byte-string arbitraries that
// reach the interesting corners of binary decoders: random bytes, u32 words biased towards type
// ids and length bombs, and mutations of valid encodings.

import fc from "fast-check";
import { GdnetError, type GdnetErrorCode } from "../../src/gdnet-error.js";

/** Throws with `message()` unless `condition` holds (cheaper than `expect` inside 100,000 cases). */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}

/** Upper-case hex with a space between bytes (the format of docs/godot-protocols.md). */
export function hex(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += `${text === "" ? "" : " "}${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  return text;
}

/** True when both byte strings are identical. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What a failed check was about: text, or a function making it (so passing checks build no message). */
export type What = string | (() => string);

function say(what: What): string {
  return typeof what === "string" ? what : what();
}

/** Fails unless `actual` and `expected` are the same bytes, showing both in hex. */
export function checkSameBytes(actual: Uint8Array, expected: Uint8Array, what: What): void {
  check(sameBytes(actual, expected), () => `${say(what)}:\n  actual   ${hex(actual)}\n  expected ${hex(expected)}`);
}

/** Fails unless `result` is a GdnetError whose code is one of `codes`. */
export function checkDocumentedError(
  result: unknown,
  codes: readonly GdnetErrorCode[],
  what: What,
): asserts result is GdnetError {
  check(result instanceof GdnetError, () => `${say(what)}: expected a GdnetError, got ${describe(result)}`);
  check(
    codes.includes(result.code),
    () => `${say(what)}: error code ${result.code} is not one of ${codes.join(", ")} (${result.message})`,
  );
}

/** Runs `encode` and returns the GdnetError it throws, failing unless it throws one with `code`. */
export function thrownError(encode: () => unknown, code: GdnetErrorCode, what: What): GdnetError {
  try {
    encode();
  } catch (error) {
    checkDocumentedError(error, [code], what);
    return error;
  }
  throw new Error(`${say(what)}: expected the encoder to throw ${code}, it returned`);
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `bytes ${hex(value)}`;
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Little-endian bytes of u32 words. */
export function wordsToBytes(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, word] of words.entries()) view.setUint32(i * 4, word >>> 0, true);
  return bytes;
}

/** Lengths and counts that have broken decoders: sign bits, 2^31 - 1, 2^32 - 1, the 64-bit flag. */
export const BOMB_WORDS: readonly number[] = [
  0x7fff_ffff, 0xffff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_fffe, 0x4000_0000, 0x3fff_ffff, 0x0001_0000, 0x0100_0000,
];

/** A u32 word: a length bomb, a small number (type ids, counts, flags), or anything. */
export const wordArbitrary: fc.Arbitrary<number> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...BOMB_WORDS) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((id) => id | 0x0001_0000) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff_ffff }) },
);

/** Byte strings made of u32 words (plus 0-3 stray bytes), which often look like Variant headers and counts. */
export function wordBytes(maxWords: number): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.array(wordArbitrary, { maxLength: maxWords }), fc.uint8Array({ maxLength: 3 }))
    .map(([words, tail]) => concatBytes(wordsToBytes(words), tail));
}

/** Concatenation of byte strings. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** One edit of a byte string; positions are reduced modulo its length. */
export type Mutation =
  | { readonly op: "flip"; readonly at: number; readonly bit: number }
  | { readonly op: "set"; readonly at: number; readonly value: number }
  | { readonly op: "word"; readonly at: number; readonly value: number }
  | { readonly op: "truncate"; readonly at: number }
  | { readonly op: "delete"; readonly at: number; readonly count: number }
  | { readonly op: "insert"; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: "append"; readonly bytes: Uint8Array }
  | { readonly op: "repeat"; readonly at: number; readonly count: number };

const position = fc.nat({ max: 0xffff });

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant("set" as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("word" as const), at: position, value: wordArbitrary }),
  fc.record({ op: fc.constant("truncate" as const), at: position }),
  fc.record({ op: fc.constant("delete" as const), at: position, count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant("insert" as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant("append" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant("repeat" as const), at: position, count: fc.integer({ min: 1, max: 16 }) }),
);

/** `bytes` with `mutation` applied (a new array; `bytes` is left alone). */
export function applyMutation(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const length = bytes.length;
  switch (mutation.op) {
    case "flip":
    case "set": {
      if (length === 0) return bytes;
      const out = bytes.slice();
      const at = mutation.at % length;
      out[at] = mutation.op === "flip" ? (out[at] as number) ^ (1 << mutation.bit) : mutation.value;
      return out;
    }
    case "word": {
      // Aligned: Variant headers, counts and lengths sit at multiples of 4.
      if (length < 4) return bytes;
      const out = bytes.slice();
      new DataView(out.buffer).setUint32((mutation.at % (length >>> 2)) * 4, mutation.value >>> 0, true);
      return out;
    }
    case "truncate":
      return bytes.slice(0, mutation.at % (length + 1));
    case "delete": {
      const at = mutation.at % (length + 1);
      return concatBytes(bytes.subarray(0, at), bytes.subarray(at + mutation.count));
    }
    case "insert": {
      const at = mutation.at % (length + 1);
      return concatBytes(bytes.subarray(0, at), mutation.bytes, bytes.subarray(at));
    }
    case "append":
      return concatBytes(bytes, mutation.bytes);
    case "repeat": {
      // Duplicates a run of bytes in place: repeated elements, repeated keys, lying counts.
      const at = mutation.at % (length + 1);
      const end = Math.min(length, at + mutation.count);
      return concatBytes(bytes.subarray(0, end), bytes.subarray(at, end), bytes.subarray(end));
    }
  }
}

/** Valid encodings from `valid`, each with 1-3 mutations applied. */
export function mutatedBytes(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(valid, fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }))
    .map(([bytes, mutations]) => mutations.reduce(applyMutation, bytes));
}

/**
 * One code point of any plane, never a lone surrogate (those become U+F800-U+FFFF). Built by
 * hand: fast-check's own `unit: "binary"` takes about a second to set up in every test file.
 */
export const codePointArbitrary: fc.Arbitrary<string> = fc
  .oneof(
    fc.integer({ min: 0, max: 0x7ff }),
    fc.integer({ min: 0x800, max: 0xffff }),
    fc.integer({ min: 0x1_0000, max: 0x10_ffff }),
    fc.constantFrom(0, 0x7f, 0x80, 0x7ff, 0x800, 0xfeff, 0xfffd, 0xffff, 0x1_0000, 0x10_ffff),
  )
  .map((cp) => String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? cp + 0x2000 : cp));

/** Text arbitrary over all code points (no lone surrogates), mixed with plain ASCII. */
export function textArbitrary(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: "grapheme-ascii", maxLength }),
    fc.string({ unit: codePointArbitrary, maxLength }),
    fc.string({ unit: "binary-ascii", maxLength }),
  );
}

const lenientDecoder = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

/**
 * The text of a NUL-terminated string field as gdnet reads it (ByteReader.cstring, and
 * getStringFromUtf8 for fixed fields): up to the first NUL, a leading byte order mark dropped,
 * invalid UTF-8 replaced by U+FFFD, as Godot's `String::utf8()` reads it.
 */
export function lenientText(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return lenientDecoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
}

/** UTF-8 bytes of `text` (lone surrogates as U+FFFD), as the encoders write strings. */
export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/**
 * Bytes of a C string field without its NUL: valid UTF-8 text, text behind a byte order mark,
 * or arbitrary non-NUL bytes (often invalid UTF-8).
 */
export const cstringBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  textArbitrary(8).map((text) => utf8(text.replaceAll("\0", ""))),
  textArbitrary(4).map((text) => concatBytes(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(text.replaceAll("\0", "")))),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => bytes.map((byte) => (byte === 0 ? 0x80 : byte))),
);

/** How a C string field ends: its NUL (most often), no NUL, or the NUL and stray bytes after it. */
export const cstringEnd: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(new Uint8Array([0])) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4 }).map((tail) => concatBytes(new Uint8Array([0]), tail)) },
);

/** u32 fields: small values, values with bit 31 set, anything. */
export const u32Arbitrary: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.constantFrom(0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff, 0x1_0000),
  fc.integer({ min: 0, max: 0xffff_ffff }),
);

/** Little-endian u32 bytes. */
export function u32Bytes(value: number): Uint8Array {
  return wordsToBytes([value]);
}

/** How a decoder is handed its bytes: as they are, or as a view into a larger buffer with junk around them. */
export type Wrapping = "plain" | "subarray" | "dataview";

export const wrappingArbitrary: fc.Arbitrary<Wrapping> = fc.constantFrom("plain", "subarray", "dataview");

/**
 * `bytes` as `wrapping` says: a Uint8Array or DataView over the middle of a buffer that holds
 * 0xEE junk before and after, so a decoder that ignores byteOffset / byteLength reads the junk.
 */
export function wrapBytes(bytes: Uint8Array, wrapping: Wrapping): Uint8Array | DataView {
  if (wrapping === "plain") return bytes;
  const view = inLargerBuffer(bytes);
  return wrapping === "subarray" ? view : new DataView(view.buffer, view.byteOffset, view.byteLength);
}

/** A copy of `bytes` as a Uint8Array view into the middle of a larger buffer, 0xEE junk before and after. */
export function inLargerBuffer(bytes: Uint8Array): Uint8Array {
  const buffer = new Uint8Array(bytes.length + 10).fill(0xee);
  buffer.set(bytes, 5);
  return buffer.subarray(5, 5 + bytes.length);
}
