// Arbitraries of the Variant property tests:
// - `variantValue`: JS values with a Godot equivalent (the JS mapping of variant4.ts), shaped so
//   that encode -> decode must give an equal value back;
// - `wireVariant`: byte strings that follow the Variant grammar but use every freedom a sender
//   has that gdnet's encoder does not (ignored header bits, wide INTs, double-precision math,
//   typed containers, BOMs, NULs and garbage in padding, repeated keys, ...), so that most of
//   them decode and exercise the canonical-form rules of variant-model.ts;
// - `variantInput`: everything a decoder should survive: random bytes, u32 words, mutations of
//   valid encodings and of `wireVariant` output.

import fc from "fast-check";
import { GdFloat } from "../../src/variant/gd-float.js";
import { AABB, Color, Plane, Quaternion, Rect2, Rect2i } from "../../src/variant/geometry.js";
import { GodotObject } from "../../src/variant/godot-object.js";
import { Callable, ObjectId, RID, Signal } from "../../src/variant/handles.js";
import { NodePath, StringName } from "../../src/variant/names.js";
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from "../../src/variant/packed-arrays.js";
import { Basis, Projection, Transform2D, Transform3D } from "../../src/variant/transforms.js";
import { ContainerType, type ContainerTypeLike, TypedArray, TypedDictionary } from "../../src/variant/typed-containers.js";
import { VariantType4 } from "../../src/variant/variant-type.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "../../src/variant/vectors.js";
import { mutatedBytes, textArbitrary, wordBytes } from "./fuzz-support.js";
import { KINDS_3, KINDS_4, type ModelGeneration, Out } from "./variant-model.js";

export interface ValueOptions {
  readonly generation: ModelGeneration;
  /** Generate full objects (GodotObject), which only encode and decode with allowObjects. */
  readonly allowObjects?: boolean | undefined;
  /** Godot 4: "double" generates f64 math components, to be encoded with `precision: "double"`. */
  readonly precision?: "single" | "double" | undefined;
  /** Container nesting of the generated values (default 2). */
  readonly depth?: number | undefined;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Text as it survives a round trip: no NUL (a decoded string ends at its first NUL, as in Godot)
 * and no leading U+FEFF (a leading byte order mark is dropped).
 */
export function wireText(maxLength = 6): fc.Arbitrary<string> {
  return textArbitrary(maxLength).map((text) => text.replaceAll("\0", "").replace(/^\uFEFF+/, ""));
}

/** Integers: int32, any safe integer (a number), or a bigint outside the safe range (within int64). */
const intArbitrary: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((value) => value < MIN_SAFE || value > MAX_SAFE),
);

/** Numbers sent as FLOAT: non-integral (NaN, ±Infinity included), -0, or any double wrapped in GdFloat. */
const floatArbitrary: fc.Arbitrary<number | GdFloat> = fc.oneof(
  fc.double().filter((x) => !Number.isInteger(x) || Object.is(x, -0)),
  fc.double().map((x) => new GdFloat(x)),
);

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

/** A JS value that is a Map key of the same identity after a round trip. */
function keyArbitrary(generation: ModelGeneration, objectKey: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    fc.boolean(),
    intArbitrary,
    fc.double().filter((x) => !Number.isInteger(x)),
    wireText(),
    objectKey,
    generation === 4 ? wireText().map((text) => new StringName(text)) : fc.constant("key"),
  );
}

/** SameValueZero identity of a primitive Map key; objects are their own identity. */
function keyIdentity(key: unknown): unknown {
  return typeof key === "object" && key !== null ? key : `${typeof key}:${String(key)}`;
}

/** Values with a Godot equivalent in `generation` that decode to an equal value (variantEquals). */
export function variantValue(options: ValueOptions): fc.Arbitrary<unknown> {
  const { generation } = options;
  const four = generation === 4;
  const real = four && options.precision === "double" ? fc.double() : fc.float();
  const f32 = fc.float();
  const i32 = fc.integer();
  const vector2 = fc.tuple(real, real).map(([x, y]) => new Vector2(x, y));
  const vector3 = fc.tuple(real, real, real).map(([x, y, z]) => new Vector3(x, y, z));
  const vector4 = fc.tuple(real, real, real, real).map(([x, y, z, w]) => new Vector4(x, y, z, w));
  const vector2i = fc.tuple(i32, i32).map(([x, y]) => new Vector2i(x, y));
  const color = fc.tuple(f32, f32, f32, f32).map(([r, g, b, a]) => new Color(r, g, b, a));
  const basis = fc.tuple(vector3, vector3, vector3).map(([x, y, z]) => new Basis(x, y, z));
  const names = fc.array(wireText(), { maxLength: 3 });
  const small = { maxLength: 4 } as const;

  const shared: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.boolean(),
    intArbitrary,
    floatArbitrary,
    wireText(12),
    vector2,
    fc.tuple(vector2, vector2).map(([p, s]) => new Rect2(p, s)),
    vector3,
    fc.tuple(vector2, vector2, vector2).map(([x, y, o]) => new Transform2D(x, y, o)),
    fc.tuple(vector3, real).map(([n, d]) => new Plane(n, d)),
    fc.tuple(real, real, real, real).map(([x, y, z, w]) => new Quaternion(x, y, z, w)),
    fc.tuple(vector3, vector3).map(([p, s]) => new AABB(p, s)),
    basis,
    fc.tuple(basis, vector3).map(([b, o]) => new Transform3D(b, o)),
    color,
    fc.tuple(names, names, fc.boolean()).map(([n, s, absolute]) => new NodePath(n, s, absolute)),
    four ? u64.map((id) => new RID(id)) : fc.constant(new RID()),
    fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map((id) => new ObjectId(id)),
    fc.uint8Array({ maxLength: 9 }),
    fc.int32Array(small),
    fc.float32Array(small),
    fc.array(wireText(), small).map((values) => new PackedStringArray(values)),
    fc.array(vector2, small).map((values) => new PackedVector2Array(values)),
    fc.array(vector3, small).map((values) => new PackedVector3Array(values)),
    fc.array(color, small).map((values) => new PackedColorArray(values)),
  ];
  const onlyIn4: fc.Arbitrary<unknown>[] = [
    vector2i,
    fc.tuple(vector2i, vector2i).map(([p, s]) => new Rect2i(p, s)),
    fc.tuple(i32, i32, i32).map(([x, y, z]) => new Vector3i(x, y, z)),
    vector4,
    fc.tuple(i32, i32, i32, i32).map(([x, y, z, w]) => new Vector4i(x, y, z, w)),
    fc.tuple(vector4, vector4, vector4, vector4).map(([x, y, z, w]) => new Projection(x, y, z, w)),
    wireText().map((text) => new StringName(text)),
    fc.constant(new Callable()),
    fc.tuple(u64, wireText()).map(([id, name]) => new Signal(id, name)),
    fc.bigInt64Array(small),
    fc.float64Array(small),
    fc.array(vector4, small).map((values) => new PackedVector4Array(values)),
  ];
  const leaf = fc.oneof(...shared, ...(four ? onlyIn4 : []));

  // Godot 4 typed slots and values of their type: each comes back as the same JS value, except
  // that a FLOAT slot's numbers (GdFloat or integral ones too) come back as plain numbers, which
  // variantEquals counts as equal.
  const objectOrNull = fc.oneof(
    fc.constant(null),
    fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map((id) => new ObjectId(id)),
  );
  const slots: [ContainerTypeLike, fc.Arbitrary<unknown>][] = [
    [VariantType4.BOOL, fc.boolean()],
    [VariantType4.INT, intArbitrary],
    [
      VariantType4.FLOAT,
      fc.oneof(
        fc.double(),
        fc.integer(),
        fc.double().map((x) => new GdFloat(x)),
      ),
    ],
    [VariantType4.STRING, wireText()],
    [VariantType4.STRING_NAME, wireText().map((text) => new StringName(text))],
    [VariantType4.VECTOR2, vector2],
    [VariantType4.COLOR, color],
    [VariantType4.OBJECT, objectOrNull],
    ["Node", objectOrNull],
    [ContainerType.ofScript("res://enemy.gd"), objectOrNull],
  ];
  const keySlots: [ContainerTypeLike, fc.Arbitrary<unknown>][] = [
    [VariantType4.NIL, keyArbitrary(generation, vector2)],
    [VariantType4.INT, intArbitrary],
    [VariantType4.STRING, wireText()],
    [VariantType4.STRING_NAME, wireText().map((text) => new StringName(text))],
  ];

  let value: fc.Arbitrary<unknown> = leaf;
  for (let level = 0; level < (options.depth ?? 2); level++) {
    const inner = value;
    const containers: fc.Arbitrary<unknown>[] = [
      fc.array(inner, small),
      fc
        .uniqueArray(fc.tuple(keyArbitrary(generation, vector2), inner), { ...small, selector: ([key]) => keyIdentity(key) })
        .map((entries) => new Map(entries)),
    ];
    if (four) {
      const valueSlots: [ContainerTypeLike, fc.Arbitrary<unknown>][] = [
        ...slots,
        [VariantType4.NIL, inner],
        [VariantType4.ARRAY, fc.array(inner, small)],
      ];
      containers.push(
        fc
          .constantFrom(...valueSlots)
          .chain(([type, element]) => fc.array(element, small).map((values) => new TypedArray(type, values))),
        fc
          .tuple(fc.constantFrom(...keySlots), fc.constantFrom(...valueSlots))
          .filter(([[keyType], [valueType]]) => keyType !== VariantType4.NIL || valueType !== VariantType4.NIL)
          .chain(([[keyType, key], [valueType, item]]) =>
            fc
              .uniqueArray(fc.tuple(key, item), { ...small, selector: ([k]) => keyIdentity(k) })
              .map((entries) => new TypedDictionary(keyType, valueType, entries)),
          ),
      );
    }
    if (options.allowObjects) {
      containers.push(
        fc
          .tuple(
            wireText().filter((name) => name !== ""),
            fc.uniqueArray(fc.tuple(wireText(), inner), { maxLength: 3, selector: ([name]) => name }),
          )
          .map(([className, properties]) => new GodotObject(className, properties as [string, never][])),
      );
    }
    value = fc.oneof({ weight: 3, arbitrary: leaf }, ...containers);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Grammar-aware byte strings, from a seeded generator (fast-check picks the seed).

/** mulberry32: a small seeded PRNG, so every byte string is reproducible from its seed. */
class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  u32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** 0 .. n-1 */
  below(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() < p * 0x1_0000_0000;
  }
  pick<T>(values: readonly T[]): T {
    return values[this.below(values.length)] as T;
  }
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

const encoder = new TextEncoder();
const SNIPPETS = ["a", "Z", "é", "€", "😀", "\u{FEFF}", " ", "ß", "名"];
const REALS = [0, -0, 0.5, 1, -1, 5, 0.1, 1e300, 2 ** 60, 2 ** 53, -(2 ** 31), Number.NaN, Number.POSITIVE_INFINITY, 3.4e38];
const REAL_BASED_4 = new Set([
  "VECTOR2",
  "RECT2",
  "VECTOR3",
  "TRANSFORM2D",
  "VECTOR4",
  "PLANE",
  "QUATERNION",
  "AABB",
  "BASIS",
  "TRANSFORM3D",
  "PROJECTION",
  "PACKED_VECTOR2_ARRAY",
  "PACKED_VECTOR3_ARRAY",
  "PACKED_VECTOR4_ARRAY",
]);
const MATH_COMPONENTS: Readonly<Record<string, [number, "real" | "i32" | "f32"]>> = {
  VECTOR2: [2, "real"],
  VECTOR2I: [2, "i32"],
  RECT2: [4, "real"],
  RECT2I: [4, "i32"],
  VECTOR3: [3, "real"],
  VECTOR3I: [3, "i32"],
  TRANSFORM2D: [6, "real"],
  VECTOR4: [4, "real"],
  VECTOR4I: [4, "i32"],
  PLANE: [4, "real"],
  QUATERNION: [4, "real"],
  AABB: [6, "real"],
  BASIS: [9, "real"],
  TRANSFORM3D: [12, "real"],
  PROJECTION: [16, "real"],
  COLOR: [4, "f32"],
};

interface WireState {
  readonly r: Random;
  readonly generation: ModelGeneration;
  readonly kinds: readonly string[];
  /** Keys already written, reused to make repeated Dictionary keys. */
  readonly keys: Uint8Array[];
}

function writeReal(s: WireState, out: Out, double: boolean): void {
  const { r } = s;
  if (r.chance(0.3)) {
    const value = r.pick(REALS);
    if (double) out.f64(value);
    else out.f32(value);
  } else if (double) {
    out.u32(r.u32());
    out.u32(r.u32());
  } else {
    out.u32(r.u32());
  }
}

/** A padded string with the freedoms a sender has: BOM, a NUL and garbage after it, garbage padding. */
function writeText(s: WireState, out: Out, nulTerminated = false): void {
  const { r } = s;
  let text = "";
  const parts = r.below(4);
  for (let i = 0; i < parts; i++) text += r.pick(SNIPPETS);
  const pieces: Uint8Array[] = [];
  if (r.chance(0.15)) pieces.push(new Uint8Array([0xef, 0xbb, 0xbf]));
  pieces.push(encoder.encode(text));
  if (nulTerminated || r.chance(0.15)) pieces.push(new Uint8Array([0]));
  if (r.chance(0.1)) pieces.push(r.bytes(r.below(5)));
  let length = 0;
  for (const piece of pieces) length += piece.length;
  out.u32(length);
  for (const piece of pieces) out.bytes(piece);
  const pad = (4 - (length % 4)) % 4;
  out.bytes(r.chance(0.2) ? r.bytes(pad) : new Uint8Array(pad));
}

/** Header bits the decoder ignores for `kind`, at random (half the time none). */
function noise(s: WireState, kind: string): number {
  if (s.r.chance(0.5)) return 0;
  let meaningful = 0xff;
  if (kind === "INT" || kind === "FLOAT" || kind === "OBJECT") meaningful |= 0x1_0000;
  if (s.generation === 4) {
    if (REAL_BASED_4.has(kind)) meaningful |= 0x1_0000;
    if (kind === "ARRAY") meaningful |= 0x3_0000;
    if (kind === "DICTIONARY") meaningful |= 0xf_0000;
  }
  return s.r.u32() & ~meaningful;
}

/** Writes the type info of a typed container slot and returns the kind its values must have (undefined: any). */
function writeContainerType(s: WireState, out: Out, kind: number): string | undefined {
  if (kind === 1) {
    const type = s.r.chance(0.95) ? s.r.below(s.kinds.length) : s.r.below(256);
    out.u32(type);
    return type === 0 ? undefined : s.kinds[type];
  }
  if (kind >= 2) {
    writeText(s, out);
    return "OBJECT";
  }
  return undefined;
}

/** What Godot converts into a slot of `kind` (container_type_validate.h). */
const CONVERTIBLE: Readonly<Record<string, string>> = {
  FLOAT: "INT",
  STRING: "STRING_NAME",
  STRING_NAME: "STRING",
  OBJECT: "NIL",
};

/** The kind to write into a typed slot: mostly the slot's own, sometimes a conversion, sometimes anything. */
function slotKind(s: WireState, slot: string | undefined): string | undefined {
  if (slot === undefined || s.r.chance(0.1)) return undefined;
  const convertible = CONVERTIBLE[slot];
  return convertible !== undefined && s.r.chance(0.25) ? convertible : slot;
}

/** One Variant; `want` forces its type (ignored for a container too deep to nest). */
function writeWire(s: WireState, out: Out, depth: number, want?: string): void {
  const { r } = s;
  const containers = depth < 3;
  let id = r.below(s.kinds.length);
  const forced = want === undefined ? -1 : s.kinds.indexOf(want);
  const nests = (at: number) => s.kinds[at] === "ARRAY" || s.kinds[at] === "DICTIONARY" || s.kinds[at] === "OBJECT";
  if (forced !== -1 && (containers || !nests(forced))) id = forced;
  else if (!containers) while (nests(id)) id = r.below(s.kinds.length);
  else if (r.chance(0.2)) id = s.kinds.indexOf(r.pick(["ARRAY", "DICTIONARY"]));
  const kind = s.kinds[id] as string;
  const wide = r.chance(0.4);
  const double = wide && s.generation === 4 && REAL_BASED_4.has(kind);
  let header = id | noise(s, kind);
  if (wide && (kind === "INT" || kind === "FLOAT" || kind === "OBJECT" || double)) header |= 0x1_0000;
  const math = MATH_COMPONENTS[kind];
  if (math !== undefined) {
    out.u32(header);
    const [count, type] = math;
    for (let i = 0; i < count; i++) {
      if (type === "real") writeReal(s, out, double);
      else out.u32(r.u32());
    }
    return;
  }
  switch (kind) {
    case "NIL":
    case "CALLABLE":
      out.u32(header);
      return;
    case "BOOL":
      out.u32(header);
      out.u32(r.pick([0, 1, r.u32()]));
      return;
    case "INT":
      out.u32(header);
      if (wide) out.u64(r.chance(0.5) ? BigInt(r.u32() | 0) : (BigInt(r.u32()) << 32n) | BigInt(r.u32()));
      else out.u32(r.u32());
      return;
    case "FLOAT":
      out.u32(header);
      writeReal(s, out, wide);
      return;
    case "STRING":
    case "STRING_NAME":
      out.u32(header);
      writeText(s, out);
      return;
    case "NODE_PATH": {
      const names = r.below(3);
      const subnames = r.below(3);
      const flags = r.pick([0, 1, 2, 3, r.u32()]);
      out.u32(header);
      out.u32((names | 0x8000_0000) >>> 0);
      out.u32(subnames);
      out.u32(flags);
      for (let i = 0; i < names + subnames + (flags & 2 ? 1 : 0); i++) writeText(s, out);
      return;
    }
    case "RID":
      out.u32(header);
      if (s.generation === 4) out.u64((BigInt(r.u32()) << 32n) | BigInt(r.u32()));
      return;
    case "OBJECT":
      out.u32(header);
      if (header & 0x1_0000) {
        out.u64(r.chance(0.3) ? 0n : BigInt(r.u32()) + 1n);
        return;
      }
      writeObjectBody(s, out, depth);
      return;
    case "SIGNAL":
      out.u32(header);
      writeText(s, out);
      out.u64(BigInt(r.u32()));
      return;
    case "ARRAY": {
      const typed = s.generation === 4 && r.chance(0.3) ? 1 + r.below(3) : 0;
      out.u32(header | (typed << 16));
      const slot = writeContainerType(s, out, typed);
      const count = r.below(4);
      out.u32(r.chance(0.1) ? (count | 0x8000_0000) >>> 0 : count);
      for (let i = 0; i < count; i++) writeWire(s, out, depth + 1, slotKind(s, slot));
      return;
    }
    case "DICTIONARY": {
      const keyType = s.generation === 4 && r.chance(0.3) ? 1 + r.below(3) : 0;
      const valueType = s.generation === 4 && r.chance(0.3) ? 1 + r.below(3) : 0;
      out.u32(header | (keyType << 16) | (valueType << 18));
      const keySlot = writeContainerType(s, out, keyType);
      const valueSlot = writeContainerType(s, out, valueType);
      const count = r.below(4);
      out.u32(r.chance(0.1) ? (count | 0x8000_0000) >>> 0 : count);
      for (let i = 0; i < count; i++) {
        if (s.keys.length > 0 && r.chance(keySlot === undefined ? 0.3 : 0.1)) {
          out.bytes(r.pick(s.keys));
        } else {
          const key = new Out();
          writeWire(s, key, depth + 1, slotKind(s, keySlot));
          const bytes = key.finish();
          s.keys.push(bytes);
          out.bytes(bytes);
        }
        writeWire(s, out, depth + 1, slotKind(s, valueSlot));
      }
      return;
    }
    case "PACKED_BYTE_ARRAY": {
      const count = r.below(8);
      out.u32(header);
      out.u32(count);
      out.bytes(r.bytes(count));
      const pad = (4 - (count % 4)) % 4;
      out.bytes(r.chance(0.3) ? r.bytes(pad) : new Uint8Array(pad));
      return;
    }
    case "PACKED_STRING_ARRAY": {
      const count = r.below(4);
      out.u32(header);
      out.u32(count);
      for (let i = 0; i < count; i++) writeText(s, out, r.chance(0.7));
      return;
    }
    default:
      writePacked(s, out, kind, header, double);
  }
}

function writeObjectBody(s: WireState, out: Out, depth: number): void {
  const { r } = s;
  if (r.chance(0.15)) {
    out.u32(0); // empty class name: the null object, and nothing follows
    return;
  }
  const className = encoder.encode(r.pick(["Node", "Resource", "Ob"]));
  out.padded(className);
  const count = r.below(4);
  out.u32(count);
  for (let i = 0; i < count; i++) {
    out.padded(encoder.encode(r.pick(["a", "b", "name"])));
    writeWire(s, out, depth + 1);
  }
}

function writePacked(s: WireState, out: Out, kind: string, header: number, double: boolean): void {
  const { r } = s;
  const count = r.below(4);
  const unit: Readonly<Record<string, number>> = {
    PACKED_INT32_ARRAY: 4,
    PACKED_INT64_ARRAY: 8,
    PACKED_FLOAT32_ARRAY: 4,
    PACKED_FLOAT64_ARRAY: 8,
  };
  out.u32(header);
  out.u32(count);
  const plain = unit[kind];
  if (plain !== undefined) {
    out.bytes(r.bytes(count * plain));
    return;
  }
  const reals = kind === "PACKED_VECTOR2_ARRAY" ? 2 : kind === "PACKED_VECTOR3_ARRAY" ? 3 : 4;
  for (let i = 0; i < count * reals; i++) {
    if (kind === "PACKED_COLOR_ARRAY") out.u32(r.u32());
    else writeReal(s, out, double);
  }
}

/** One grammatical, mostly non-canonical Variant of `generation`, generated from `seed`. */
export function wireVariantFromSeed(generation: ModelGeneration, seed: number): Uint8Array {
  const state: WireState = { r: new Random(seed), generation, kinds: generation === 4 ? KINDS_4 : KINDS_3, keys: [] };
  const out = new Out();
  writeWire(state, out, 0);
  return out.finish();
}

/** Grammatical, mostly non-canonical Variants of `generation` (see {@link wireVariantFromSeed}). */
export function wireVariant(generation: ModelGeneration): fc.Arbitrary<Uint8Array> {
  return fc.integer({ min: 0, max: 0xffff_ffff }).map((seed) => wireVariantFromSeed(generation, seed));
}

/**
 * What a Variant decoder is fed: random bytes, u32 words (type ids, counts, length bombs), valid
 * encodings of generated values with 1-3 mutations (bit flips, truncation, appended and inserted
 * bytes, u32 length bombs, repeated runs), grammatical non-canonical encodings, and mutations of those.
 */
export function variantInput(generation: ModelGeneration, encode: (value: unknown) => Uint8Array): fc.Arbitrary<Uint8Array> {
  const wire = wireVariant(generation);
  const valid = variantValue({ generation, allowObjects: true, depth: 2 }).map(encode);
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
    { weight: 2, arbitrary: wordBytes(12) },
    { weight: 3, arbitrary: mutatedBytes(valid) },
    { weight: 4, arbitrary: wire },
    { weight: 2, arbitrary: mutatedBytes(wire) },
  );
}
