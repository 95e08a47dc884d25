// A second, independent reading of the binary Variant grammar, used as the oracle of the Variant
// property tests. It is written from the wire format (docs/godot-protocols.md §3.6 and §4.8) and
// the decoding and encoding rules gdnet documents (variant4.ts, variant3.ts, byte-reader.ts,
// variant-codec-options.ts, compressed-variant.ts), not from the decoder, and it answers three
// questions about any byte string:
//   1. must a decoder accept it, and if not, with which error code;
//   2. how many bytes the value takes;
//   3. which bytes gdnet's encoder must write when it re-encodes the decoded value: the
//      *canonical form* of the input.
//
// The canonical form differs from the input only where decoding is lossy by design:
//   - header bits the decoder ignores are dropped: bits 8-31, except bit 16 on INT and FLOAT (and
//     on OBJECT, where it means "sent as id"), and Godot 4's typed-container kinds (bits 16-17 of
//     an Array, 16-19 of a Dictionary), and bit 31 of container counts (the legacy "shared" flag);
//   - Godot 4 typed containers (typed-containers.ts) keep their type info, except that a builtin
//     type NIL is untyped (written as kind 0, no info); an element, key or value must be of the
//     slot's type, or a Godot conversion of it: nil in an Object slot, String and StringName
//     into each other (re-encoded as the slot's type), INT into FLOAT (through f32, re-encoded as
//     FLOAT); anything else fails with ERR_INVALID_DATA. A FLOAT slot's numbers are written as
//     FLOAT whatever their value (never INT, never unencodable);
//   - a BOOL is written 0 or 1, whatever non-zero value it was sent as;
//   - an INT is written in 32 bits whenever it fits (Godot's own encoder rule);
//   - a FLOAT decodes to a JS number, which the encoder sends by the JS mapping: an integral value
//     becomes an INT (or cannot be encoded at all past 2^53: ERR_INVALID_PARAMETER), -0, NaN and
//     non-integral values stay FLOAT, f32 when `Math.fround(x) === x` (so NaN goes out as f64);
//     with `floats: "GdFloat"` it decodes to a GdFloat and stays FLOAT (by the same width rule),
//     and as a Map key it is an object (never a repeated key);
//   - real-based math types are written with f32 components (the default `precision: "single"`):
//     a double-precision payload (4.x header bit 16) is rounded to f32; f32 components keep their
//     bits, except that a signalling NaN comes back quiet (the JS engine's float conversion);
//   - a string loses a leading byte order mark, everything from its first NUL byte, and the
//     contents of its padding (paddedString in byte-reader.ts); PackedStringArray elements are
//     written with their trailing NUL again; a PackedByteArray's padding is written as zeros;
//   - NodePath flag bit 1 (the obsolete "property" format) becomes one more subname, and only
//     flag bit 0 (absolute) is written;
//   - Godot 3 RIDs carry no id; an Object sent as id 0, or a full Object with an empty class
//     name, is the null object and is written as NIL;
//   - Dictionaries decode to JS Maps and full Objects to a Map of properties: a repeated key keeps
//     its first position and its last value, and keys that are the same JS value are repeated
//     keys, such as an INT and a FLOAT of the same value, or -0 and 0 (a Map stores -0 as +0,
//     which the encoder then sends as INT 0). variant4.ts documents the INT/FLOAT case.

export type ModelGeneration = 3 | 4;

export interface ModelOptions {
  readonly maxDepth?: number | undefined;
  readonly maxLength?: number | undefined;
  readonly allowObjects?: boolean | undefined;
  readonly floats?: "number" | "GdFloat" | undefined;
}

/** What the model knows about one decoded value. */
export interface Canon {
  /** Godot 4 name of the type the value is re-encoded as. */
  readonly kind: string;
  /** Canonical (plain, uncompressed) encoding; empty when {@link unencodable}. */
  readonly bytes: Uint8Array;
  /** Where {@link bytes} holds a NaN read from a float, as `offset * 2 + (f64 ? 1 : 0)` (see {@link matchesCanonical}). */
  readonly nans: readonly number[];
  /** Identity of the JS value as a Map key (SameValueZero); undefined for objects, which are all distinct. */
  readonly identity: string | undefined;
  /** The value, when it is re-encoded as an INT. */
  readonly int?: bigint | undefined;
  /** The value, when it is a BOOL. */
  readonly bool?: boolean | undefined;
  /** The value is the number -0 (a Map turns such a key into +0). */
  readonly negativeZero?: boolean | undefined;
  /** The text of a STRING or STRING_NAME, as decoded. */
  readonly text?: Uint8Array | undefined;
  /** Holds an integral number outside the safe range (from a FLOAT), which the encoder refuses. */
  readonly unencodable: boolean;
}

/** Canonical bytes and the NaN slots in them. */
export interface CanonicalBytes {
  readonly bytes: Uint8Array;
  readonly nans: readonly number[];
}

/**
 * True when `actual` is `expected.bytes`, except that a NaN slot may hold any NaN: a NaN's
 * payload (and whether a signalling NaN gets quieted) depends on the JS engine's float
 * conversions, which the JS mapping (every real is a JS number) cannot control.
 */
export function matchesCanonical(actual: Uint8Array, expected: CanonicalBytes): boolean {
  const want = expected.bytes;
  if (actual.length !== want.length) return false;
  const a = new DataView(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = new DataView(want.buffer, want.byteOffset, want.byteLength);
  const skip = new Uint8Array(want.length);
  for (const slot of expected.nans) {
    const at = slot >>> 1;
    const wide = (slot & 1) === 1;
    const nan = (view: DataView) => Number.isNaN(wide ? view.getFloat64(at, true) : view.getFloat32(at, true));
    if (!nan(a) || !nan(b)) return false;
    skip.fill(1, at, at + (wide ? 8 : 4));
  }
  for (let i = 0; i < want.length; i++) if (skip[i] === 0 && actual[i] !== want[i]) return false;
  return true;
}

export type ModelResult =
  | { readonly ok: true; readonly length: number; readonly value: Canon }
  | { readonly ok: false; readonly code: "ERR_INVALID_DATA" | "ERR_UNAUTHORIZED" };

export const KINDS_4: readonly string[] = [
  "NIL",
  "BOOL",
  "INT",
  "FLOAT",
  "STRING",
  "VECTOR2",
  "VECTOR2I",
  "RECT2",
  "RECT2I",
  "VECTOR3",
  "VECTOR3I",
  "TRANSFORM2D",
  "VECTOR4",
  "VECTOR4I",
  "PLANE",
  "QUATERNION",
  "AABB",
  "BASIS",
  "TRANSFORM3D",
  "PROJECTION",
  "COLOR",
  "STRING_NAME",
  "NODE_PATH",
  "RID",
  "OBJECT",
  "CALLABLE",
  "SIGNAL",
  "DICTIONARY",
  "ARRAY",
  "PACKED_BYTE_ARRAY",
  "PACKED_INT32_ARRAY",
  "PACKED_INT64_ARRAY",
  "PACKED_FLOAT32_ARRAY",
  "PACKED_FLOAT64_ARRAY",
  "PACKED_STRING_ARRAY",
  "PACKED_VECTOR2_ARRAY",
  "PACKED_VECTOR3_ARRAY",
  "PACKED_COLOR_ARRAY",
  "PACKED_VECTOR4_ARRAY",
];

/** Godot 3 type ids 0-26, named by the Godot 4 type they map to. */
export const KINDS_3: readonly string[] = [
  "NIL",
  "BOOL",
  "INT",
  "FLOAT",
  "STRING",
  "VECTOR2",
  "RECT2",
  "VECTOR3",
  "TRANSFORM2D",
  "PLANE",
  "QUATERNION",
  "AABB",
  "BASIS",
  "TRANSFORM3D",
  "COLOR",
  "NODE_PATH",
  "RID",
  "OBJECT",
  "DICTIONARY",
  "ARRAY",
  "PACKED_BYTE_ARRAY",
  "PACKED_INT32_ARRAY",
  "PACKED_FLOAT32_ARRAY",
  "PACKED_STRING_ARRAY",
  "PACKED_VECTOR2_ARRAY",
  "PACKED_VECTOR3_ARRAY",
  "PACKED_COLOR_ARRAY",
];

/** Real components of the real-based math types. */
const REAL_COUNT: Readonly<Record<string, number>> = {
  VECTOR2: 2,
  RECT2: 4,
  VECTOR3: 3,
  TRANSFORM2D: 6,
  VECTOR4: 4,
  PLANE: 4,
  QUATERNION: 4,
  AABB: 6,
  BASIS: 9,
  TRANSFORM3D: 12,
  PROJECTION: 16,
};

/** i32 components of the integer math types. */
const INT_COUNT: Readonly<Record<string, number>> = { VECTOR2I: 2, RECT2I: 4, VECTOR3I: 3, VECTOR4I: 4 };

/** Reals per element of the packed vector arrays. */
const PACKED_REALS: Readonly<Record<string, number>> = {
  PACKED_VECTOR2_ARRAY: 2,
  PACKED_VECTOR3_ARRAY: 3,
  PACKED_VECTOR4_ARRAY: 4,
};

/** Bytes per element of the packed arrays copied as they are. */
const PACKED_PLAIN: Readonly<Record<string, number>> = {
  PACKED_INT32_ARRAY: 4,
  PACKED_INT64_ARRAY: 8,
  PACKED_FLOAT32_ARRAY: 4,
  PACKED_FLOAT64_ARRAY: 8,
};

const FLAG_64 = 0x1_0000;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const EMPTY = new Uint8Array(0);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class ModelFailure {
  readonly code: "ERR_INVALID_DATA" | "ERR_UNAUTHORIZED";
  constructor(code: "ERR_INVALID_DATA" | "ERR_UNAUTHORIZED") {
    this.code = code;
  }
}

const INVALID = new ModelFailure("ERR_INVALID_DATA");

/** A growable little-endian byte sink. */
export class Out {
  #bytes = new Uint8Array(64);
  #view = new DataView(this.#bytes.buffer);
  length = 0;
  /** NaN slots written by {@link real32} / {@link real64} or imported by {@link child}. */
  readonly nans: number[] = [];

  /** Reserves `count` bytes and returns where they start (call it before reading #bytes or #view). */
  #room(count: number): number {
    if (this.length + count > this.#bytes.length) {
      const bigger = new Uint8Array(Math.max(this.#bytes.length * 2, this.length + count));
      bigger.set(this.#bytes.subarray(0, this.length));
      this.#bytes = bigger;
      this.#view = new DataView(bigger.buffer);
    }
    const at = this.length;
    this.length += count;
    return at;
  }

  u8(value: number): void {
    const at = this.#room(1);
    this.#bytes[at] = value;
  }
  u16(value: number): void {
    const at = this.#room(2);
    this.#view.setUint16(at, value, true);
  }
  u32(value: number): void {
    const at = this.#room(4);
    this.#view.setUint32(at, value >>> 0, true);
  }
  i32(value: number): void {
    const at = this.#room(4);
    this.#view.setInt32(at, value, true);
  }
  u64(value: bigint): void {
    const at = this.#room(8);
    this.#view.setBigUint64(at, BigInt.asUintN(64, value), true);
  }
  f32(value: number): void {
    const at = this.#room(4);
    this.#view.setFloat32(at, value, true);
  }
  f64(value: number): void {
    const at = this.#room(8);
    this.#view.setFloat64(at, value, true);
  }
  /** A float read from the input: its slot is remembered when it is NaN. */
  real32(value: number): void {
    if (Number.isNaN(value)) this.nans.push(this.length * 2);
    this.f32(value);
  }
  real64(value: number): void {
    if (Number.isNaN(value)) this.nans.push(this.length * 2 + 1);
    this.f64(value);
  }
  /** Appends a nested value's canonical bytes with its NaN slots. */
  child(value: { readonly bytes: Uint8Array; readonly nans: readonly number[] }): void {
    for (const slot of value.nans) this.nans.push(slot + this.length * 2);
    this.bytes(value.bytes);
  }
  bytes(bytes: Uint8Array): void {
    const at = this.#room(bytes.length);
    this.#bytes.set(bytes, at);
  }
  zeros(count: number): void {
    const at = this.#room(count);
    this.#bytes.fill(0, at, this.length);
  }
  /** u32 length, the bytes, zero padding to 4 (plus a NUL counted in the length with `nul`). */
  padded(text: Uint8Array, nul = false): void {
    const length = text.length + (nul ? 1 : 0);
    this.u32(length);
    this.bytes(text);
    if (nul) this.u8(0);
    this.zeros((4 - (length % 4)) % 4);
  }
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}

/** A little-endian cursor over `bytes[start, end)`; reading past `end` is a decode failure. */
class Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly end: number;
  at: number;
  constructor(bytes: Uint8Array, at: number, end: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = at;
    this.end = end;
  }
  get remaining(): number {
    return this.end - this.at;
  }
  take(count: number): number {
    if (count > this.end - this.at) throw INVALID;
    const at = this.at;
    this.at += count;
    return at;
  }
  u8(): number {
    return this.bytes[this.take(1)] as number;
  }
  i8(): number {
    return this.view.getInt8(this.take(1));
  }
  i16(): number {
    return this.view.getInt16(this.take(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  i32(): number {
    return this.view.getInt32(this.take(4), true);
  }
  i64(): bigint {
    return this.view.getBigInt64(this.take(8), true);
  }
  u64(): bigint {
    return this.view.getBigUint64(this.take(8), true);
  }
  f32(): number {
    return this.view.getFloat32(this.take(4), true);
  }
  f64(): number {
    return this.view.getFloat64(this.take(8), true);
  }
  slice(count: number): Uint8Array {
    const at = this.take(count);
    return this.bytes.subarray(at, at + count);
  }
}

interface State {
  readonly kinds: readonly string[];
  readonly generation: ModelGeneration;
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly allowObjects: boolean;
  readonly gdFloats: boolean;
}

function hexKey(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += byte.toString(16).padStart(2, "0");
  return text;
}

function canon(kind: string, out: Out, identity: string | undefined, unencodable = false): Canon {
  return { kind, bytes: unencodable ? EMPTY : out.finish(), nans: unencodable ? [] : out.nans, identity, unencodable };
}

/** The canonical INT: 32 bits when the value fits, else the 64-bit flag and 64 bits. */
export function canonicalInt(value: bigint): Canon {
  const out = new Out();
  if (value >= INT32_MIN && value <= INT32_MAX) {
    out.u32(2);
    out.i32(Number(value));
  } else {
    out.u32(2 | FLAG_64);
    out.u64(value);
  }
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
  return { ...canon("INT", out, safe ? `n:${value}` : `b:${value}`), int: value };
}

/**
 * How the encoder sends a JS number decoded from a FLOAT (numbers.ts, isIntegralNumber and
 * intProblem): an integral number (not -0) as an INT, refused when it is not a safe integer;
 * anything else as a FLOAT.
 */
function canonicalNumber(x: number): Canon {
  // Past int64's range an integral number can only be a float (numbers.ts isIntegralNumber).
  if (Number.isInteger(x) && !Object.is(x, -0) && x >= -(2 ** 63) && x < 2 ** 63) {
    if (!Number.isSafeInteger(x)) return { kind: "INT", bytes: EMPTY, nans: [], identity: `n:${x}`, unencodable: true };
    return canonicalInt(BigInt(x));
  }
  return floatCanon(x);
}

/**
 * A number written as FLOAT: f32 when `Math.fround(x) === x`, else f64 with the flag. What a FLOAT
 * slot of a typed container holds, and (as an object, `asGdFloat`) a FLOAT decoded as GdFloat.
 */
function floatCanon(x: number, asGdFloat = false): Canon {
  const out = new Out();
  if (Math.fround(x) === x) {
    out.u32(3);
    out.real32(x);
  } else {
    out.u32(3 | FLAG_64);
    out.real64(x);
  }
  if (asGdFloat) return canon("FLOAT", out, undefined);
  // String(-0) is "0" and String(NaN) is "NaN": SameValueZero identities.
  return { ...canon("FLOAT", out, `n:${String(x)}`), negativeZero: Object.is(x, -0) };
}

/** A padded string's text bytes as gdnet decodes them: BOM dropped, cut at the first NUL, valid UTF-8. */
function paddedText(s: State, c: Cursor): Uint8Array {
  const length = c.u32();
  if (length > s.maxLength) throw INVALID;
  const pad = (4 - (length % 4)) % 4;
  if (length + pad > c.remaining) throw INVALID;
  let text = c.slice(length);
  c.take(pad);
  if (text.length >= 3 && text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
  const nul = text.indexOf(0);
  if (nul !== -1) text = text.subarray(0, nul);
  try {
    strictUtf8.decode(text);
  } catch {
    throw INVALID;
  }
  return text;
}

/** Counts are checked against maxLength and the bytes left before any element is read. */
function checkCount(s: State, c: Cursor, count: number, unit: number): void {
  if (count > s.maxLength || count * unit > c.remaining) throw INVALID;
}

/** Map semantics: first position, last value, for keys with an identity. */
function dedupe<T extends { key: Canon }>(entries: readonly T[], merge: (kept: T, later: T) => T): T[] {
  const kept: T[] = [];
  const index = new Map<string, number>();
  for (const entry of entries) {
    const identity = entry.key.identity;
    const at = identity === undefined ? undefined : index.get(identity);
    if (at === undefined) {
      if (identity !== undefined) index.set(identity, kept.length);
      kept.push(entry);
    } else {
      kept[at] = merge(kept[at] as T, entry);
    }
  }
  return kept;
}

/** `plainFloat`: the slot of a FLOAT-typed container, whose FLOATs are numbers re-encoded as FLOAT. */
function readValue(s: State, c: Cursor, depth: number, plainFloat = false): Canon {
  if (depth > s.maxDepth) throw INVALID;
  const header = c.u32();
  const id = header & 0xff;
  const kind = s.kinds[id];
  if (kind === undefined) throw INVALID;
  const wide = (header & FLAG_64) !== 0;
  const out = new Out();

  const realCount = REAL_COUNT[kind];
  if (realCount !== undefined) {
    // Only Godot 4 reads bit 16 on math types (f64 components); re-encoding writes f32.
    const double = wide && s.generation === 4;
    out.u32(id);
    for (let i = 0; i < realCount; i++) out.real32(double ? c.f64() : c.f32());
    return canon(kind, out, undefined);
  }
  const intCount = INT_COUNT[kind];
  if (intCount !== undefined) {
    out.u32(id);
    for (let i = 0; i < intCount; i++) out.i32(c.i32());
    return canon(kind, out, undefined);
  }

  switch (kind) {
    case "NIL":
      out.u32(0);
      return canon(kind, out, "null");
    case "BOOL": {
      const value = c.u32() !== 0;
      out.u32(1);
      out.u32(value ? 1 : 0);
      return { ...canon(kind, out, `bool:${value}`), bool: value };
    }
    case "INT":
      return canonicalInt(wide ? c.i64() : BigInt(c.i32()));
    case "FLOAT": {
      const x = wide ? c.f64() : c.f32();
      if (plainFloat) return floatCanon(x);
      return s.gdFloats ? floatCanon(x, true) : canonicalNumber(x);
    }
    case "STRING":
      return stringCanon(paddedText(s, c));
    case "STRING_NAME":
      return stringNameCanon(paddedText(s, c));
    case "COLOR":
      // Always f32, whatever the header says.
      out.u32(id);
      for (let i = 0; i < 4; i++) out.real32(c.f32());
      return canon(kind, out, undefined);
    case "NODE_PATH": {
      const first = c.u32();
      if ((first & 0x8000_0000) === 0) throw INVALID;
      const names = first & 0x7fff_ffff;
      let subnames = c.u32();
      const flags = c.u32();
      if (flags & 2) subnames++;
      checkCount(s, c, names + subnames, 4);
      out.u32(id);
      out.u32((names | 0x8000_0000) >>> 0);
      out.u32(subnames);
      out.u32(flags & 1);
      for (let i = 0; i < names + subnames; i++) out.padded(paddedText(s, c));
      return canon(kind, out, undefined);
    }
    case "RID":
      out.u32(id);
      if (s.generation === 4) out.u64(c.u64());
      return canon(kind, out, undefined);
    case "OBJECT":
      return readObject(s, c, id, wide, depth);
    case "CALLABLE":
      out.u32(id);
      return canon(kind, out, undefined);
    case "SIGNAL": {
      const name = paddedText(s, c);
      out.u32(id);
      out.padded(name);
      out.u64(c.u64());
      return canon(kind, out, undefined);
    }
    case "ARRAY": {
      const type = s.generation === 4 ? readContainerType(s, c, (header >>> 16) & 3) : undefined;
      const count = c.u32() & 0x7fff_ffff;
      checkCount(s, c, count, 4);
      out.u32(id | ((type?.kind ?? 0) << 16));
      if (type !== undefined) out.bytes(type.info);
      out.u32(count);
      let unencodable = false;
      for (let i = 0; i < count; i++) {
        const element = readTyped(s, c, type?.slot, depth + 1);
        unencodable ||= element.unencodable;
        out.child(element);
      }
      return canon(kind, out, undefined, unencodable);
    }
    case "DICTIONARY": {
      let keyType: ContainerTypeModel | undefined;
      let valueType: ContainerTypeModel | undefined;
      if (s.generation === 4) {
        keyType = readContainerType(s, c, (header >>> 16) & 3);
        valueType = readContainerType(s, c, (header >>> 18) & 3);
      }
      const count = c.u32() & 0x7fff_ffff;
      checkCount(s, c, count, 8);
      const entries: { key: Canon; value: Canon }[] = [];
      for (let i = 0; i < count; i++) {
        let key = readTyped(s, c, keyType?.slot, depth + 1);
        // A Map stores the key -0 as +0, an integral number: the encoder sends it as INT 0, or
        // as FLOAT 0 in a FLOAT-typed key slot.
        if (key.negativeZero) key = keyType?.slot === "FLOAT" ? floatCanon(0) : canonicalInt(0n);
        entries.push({ key, value: readTyped(s, c, valueType?.slot, depth + 1) });
      }
      const kept = dedupe(entries, (first, later) => ({ key: first.key, value: later.value }));
      out.u32(id | ((keyType?.kind ?? 0) << 16) | ((valueType?.kind ?? 0) << 18));
      if (keyType !== undefined) out.bytes(keyType.info);
      if (valueType !== undefined) out.bytes(valueType.info);
      out.u32(kept.length);
      let unencodable = false;
      for (const { key, value } of kept) {
        unencodable ||= key.unencodable || value.unencodable;
        out.child(key);
        out.child(value);
      }
      return canon(kind, out, undefined, unencodable);
    }
    case "PACKED_BYTE_ARRAY": {
      const count = c.u32();
      checkCount(s, c, count, 1);
      const pad = (4 - (count % 4)) % 4;
      if (count + pad > c.remaining) throw INVALID;
      out.u32(id);
      out.u32(count);
      out.bytes(c.slice(count));
      c.take(pad);
      out.zeros(pad);
      return canon(kind, out, undefined);
    }
    case "PACKED_STRING_ARRAY": {
      const count = c.u32();
      checkCount(s, c, count, 4);
      out.u32(id);
      out.u32(count);
      for (let i = 0; i < count; i++) out.padded(paddedText(s, c), true);
      return canon(kind, out, undefined);
    }
    case "PACKED_COLOR_ARRAY": {
      const count = c.u32();
      checkCount(s, c, count, 16);
      out.u32(id);
      out.u32(count);
      for (let i = 0; i < count * 4; i++) out.real32(c.f32());
      return canon(kind, out, undefined);
    }
    default:
      return readPacked(s, c, kind, id, wide, out);
  }
}

function readPacked(s: State, c: Cursor, kind: string, id: number, wide: boolean, out: Out): Canon {
  const plain = PACKED_PLAIN[kind];
  if (plain !== undefined) {
    // Typed arrays hold the bytes as they came (NaN payloads included) and are written back as they are.
    const count = c.u32();
    checkCount(s, c, count, plain);
    out.u32(id);
    out.u32(count);
    out.bytes(c.slice(count * plain));
    return canon(kind, out, undefined);
  }
  const reals = PACKED_REALS[kind];
  if (reals === undefined) throw new Error(`variant model: no rule for ${kind}`);
  const double = wide && s.generation === 4;
  const count = c.u32();
  checkCount(s, c, count, reals * (double ? 8 : 4));
  out.u32(id);
  out.u32(count);
  for (let i = 0; i < count * reals; i++) out.real32(double ? c.f64() : c.f32());
  return canon(kind, out, undefined);
}

/** A typed container slot: its canonical kind (1-3), the canonical type info, and the kind its values must have. */
interface ContainerTypeModel {
  readonly kind: number;
  readonly info: Uint8Array;
  readonly slot: string;
}

/**
 * The type of a Godot 4.3+ typed container slot (a builtin type id, or a class name / script path
 * for Objects), or undefined when it is untyped: kind 0, or builtin NIL.
 */
function readContainerType(s: State, c: Cursor, kind: number): ContainerTypeModel | undefined {
  if (kind === 0) return undefined;
  const out = new Out();
  if (kind === 1) {
    const type = c.u32();
    if (type >= s.kinds.length) throw INVALID;
    if (type === 0) return undefined;
    out.u32(type);
    return { kind, info: out.finish(), slot: s.kinds[type] as string };
  }
  out.padded(paddedText(s, c));
  return { kind, info: out.finish(), slot: "OBJECT" };
}

function stringCanon(text: Uint8Array): Canon {
  const out = new Out();
  out.u32(4);
  out.padded(text);
  return { ...canon("STRING", out, `s:${hexKey(text)}`), text };
}

function stringNameCanon(text: Uint8Array): Canon {
  const out = new Out();
  out.u32(21);
  out.padded(text);
  return { ...canon("STRING_NAME", out, undefined), text };
}

/** One value of a typed slot (`slot` is its kind; undefined when untyped), with Godot's conversions. */
function readTyped(s: State, c: Cursor, slot: string | undefined, depth: number): Canon {
  if (slot === undefined) return readValue(s, c, depth);
  const wire = c.remaining >= 4 ? s.kinds[c.bytes[c.at] as number] : undefined;
  const value = readValue(s, c, depth, slot === "FLOAT");
  if (wire === slot) return value;
  if (slot === "OBJECT" && wire === "NIL") return value;
  // Godot converts through a C++ float: f32.
  if (slot === "FLOAT" && wire === "INT") return floatCanon(Math.fround(Number(value.int)));
  if (slot === "STRING" && wire === "STRING_NAME") return stringCanon(value.text as Uint8Array);
  if (slot === "STRING_NAME" && wire === "STRING") return stringNameCanon(value.text as Uint8Array);
  throw INVALID;
}

function nullObject(): Canon {
  const out = new Out();
  out.u32(0);
  return canon("NIL", out, "null");
}

function readObject(s: State, c: Cursor, id: number, asId: boolean, depth: number): Canon {
  const out = new Out();
  if (asId) {
    const objectId = c.u64();
    if (objectId === 0n) return nullObject();
    out.u32(id | FLAG_64);
    out.u64(objectId);
    return canon("OBJECT", out, undefined);
  }
  if (!s.allowObjects) throw new ModelFailure("ERR_UNAUTHORIZED");
  const className = paddedText(s, c);
  if (className.length === 0) return nullObject();
  const count = c.u32();
  checkCount(s, c, count, 8);
  const properties: { key: Canon; name: Uint8Array; value: Canon }[] = [];
  for (let i = 0; i < count; i++) {
    const name = paddedText(s, c);
    const value = readValue(s, c, depth + 1);
    properties.push({ key: { kind: "STRING", bytes: EMPTY, nans: [], identity: hexKey(name), unencodable: false }, name, value });
  }
  const kept = dedupe(properties, (first, later) => ({ ...first, value: later.value }));
  out.u32(id);
  out.padded(className);
  out.u32(kept.length);
  let unencodable = false;
  for (const { name, value } of kept) {
    unencodable ||= value.unencodable;
    out.padded(name);
    out.child(value);
  }
  return canon("OBJECT", out, undefined, unencodable);
}

function state(generation: ModelGeneration, options: ModelOptions): State {
  return {
    kinds: generation === 4 ? KINDS_4 : KINDS_3,
    generation,
    maxDepth: options.maxDepth ?? 1024,
    maxLength: options.maxLength ?? Number.POSITIVE_INFINITY,
    allowObjects: options.allowObjects ?? false,
    gdFloats: options.floats === "GdFloat",
  };
}

/** The model's answer for a Variant of `generation` starting at `bytes[start]` (and ending by `end`). */
export function modelVariant(
  generation: ModelGeneration,
  bytes: Uint8Array,
  options: ModelOptions = {},
  start = 0,
  end: number = bytes.length,
): ModelResult {
  const c = new Cursor(bytes, start, end);
  try {
    const value = readValue(state(generation, options), c, 0);
    return { ok: true, length: c.at - start, value };
  } catch (error) {
    if (error instanceof ModelFailure) return { ok: false, code: error.code };
    throw error;
  }
}

/** The compressed form the encoder writes for a value: 0x01/0x81 for a BOOL, the smallest int mode for an INT. */
export function compressedCanonical(value: Canon): CanonicalBytes {
  const out = new Out();
  if (value.bool !== undefined) {
    out.u8(value.bool ? 0x81 : 0x01);
  } else if (value.int !== undefined) {
    const v = value.int;
    if (v >= -0x80n && v <= 0x7fn) {
      out.u8(0x02);
      out.u8(Number(BigInt.asUintN(8, v)));
    } else if (v >= -0x8000n && v <= 0x7fffn) {
      out.u8(0x42);
      out.u16(Number(BigInt.asUintN(16, v)));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      out.u8(0x82);
      out.i32(Number(v));
    } else {
      out.u8(0xc2);
      out.u64(v);
    }
  } else {
    return value;
  }
  return { bytes: out.finish(), nans: [] };
}

/**
 * The model of Godot 4's compressed Variant (`decode_and_decompress_variant`) at `bytes[start]`:
 * the first byte's bits 0-5 are the type and bits 6-7 the mode; BOOL is that byte alone (value in
 * bit 7, bit 6 ignored), INT is followed by i8/i16/i32/i64 by mode, anything else is a plain
 * Godot 4 Variant starting at that byte. `value.bytes` is the canonical compressed encoding.
 */
export function modelCompressed(
  bytes: Uint8Array,
  options: ModelOptions = {},
  start = 0,
  end: number = bytes.length,
): ModelResult {
  if (end - start < 1) return { ok: false, code: "ERR_INVALID_DATA" };
  const meta = bytes[start] as number;
  const type = meta & 0x3f;
  if (type >= KINDS_4.length) return { ok: false, code: "ERR_INVALID_DATA" };
  let result: ModelResult;
  if (type === 1) {
    const value = (meta & 0x80) !== 0;
    result = {
      ok: true,
      length: 1,
      value: { kind: "BOOL", bytes: EMPTY, nans: [], identity: `bool:${value}`, bool: value, unencodable: false },
    };
  } else if (type === 2) {
    const c = new Cursor(bytes, start + 1, end);
    const mode = meta >>> 6;
    try {
      const v = mode === 0 ? BigInt(c.i8()) : mode === 1 ? BigInt(c.i16()) : mode === 2 ? BigInt(c.i32()) : c.i64();
      result = { ok: true, length: c.at - start, value: canonicalInt(v) };
    } catch (error) {
      if (error instanceof ModelFailure) return { ok: false, code: error.code };
      throw error;
    }
  } else {
    result = modelVariant(4, bytes, options, start, end);
  }
  if (!result.ok || result.value.unencodable) return result;
  return { ...result, value: { ...result.value, ...compressedCanonical(result.value) } };
}

/** Fails unless `actual` {@link matchesCanonical} `expected`, showing both in hex. */
export function checkCanonical(actual: Uint8Array, expected: CanonicalBytes, what: string | (() => string)): void {
  if (matchesCanonical(actual, expected)) return;
  const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
  const about = typeof what === "string" ? what : what();
  throw new Error(`${about}:\n  actual   ${hex(actual)}\n  expected ${hex(expected.bytes)}`);
}
