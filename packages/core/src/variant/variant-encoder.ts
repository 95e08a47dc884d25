// Godot's `encode_variant` (core/io/marshalls.cpp), for either generation: the JS value picks a
// kind (see js-kind.ts), the Generation gives its wire id, and the payload layouts, which the
// two generations share, are written here.

import type { ByteWriter } from "./byte-writer.js";
import { describe, type EncodeState, enter, fail } from "./encode-state.js";
import { GdFloat } from "./gd-float.js";
import { type Generation, HEADER_FLAG_64, type Kind, REAL_KINDS } from "./generation.js";
import { Color } from "./geometry.js";
import type { GodotObject } from "./godot-object.js";
import { ObjectId, type RID, type Signal } from "./handles.js";
import { kindOfObject } from "./js-kind.js";
import { isMathKind, writeColor, writeMath, writeVector2, writeVector3, writeVector4 } from "./math-payload.js";
import { type NodePath, StringName } from "./names.js";
import { intProblem, isIntegralNumber, needsInt64 } from "./numbers.js";
import type { PackedArray } from "./packed-arrays.js";
import { type ContainerType, TypedArray, TypedDictionary } from "./typed-containers.js";
import { resolveVariantOptions, type VariantCodecOptions } from "./variant-codec-options.js";
import { variantTypeName4 } from "./variant-type.js";
import { Vector2, Vector3, Vector4 } from "./vectors.js";

// Type ids 0-4 are the same in Godot 3 and Godot 4.
const NIL = 0;
const BOOL = 1;
const INT = 2;
const FLOAT = 3;
const STRING = 4;
const STRING_NAME_4 = 21;

/**
 * Appends the Godot encoding of `value` to `writer`, using the type table of `gen`. Throws
 * GdnetError ERR_INVALID_PARAMETER (naming the path of the bad value, starting at `root`) when
 * the value has no Godot equivalent; the writer is then rolled back to where it was.
 */
export function encodeVariantWith(
  gen: Generation,
  writer: ByteWriter,
  value: unknown,
  options: VariantCodecOptions | undefined,
  root: string,
): void {
  const resolved = resolveVariantOptions(options);
  const state: EncodeState = {
    gen,
    options: resolved,
    double: gen.realFlag && resolved.precision === "double",
    root,
    path: [],
    open: new Set(),
  };
  const start = writer.length;
  try {
    writeValue(state, writer, value, 0);
  } catch (error) {
    writer.truncate(start);
    throw error;
  }
}

function writeValue(s: EncodeState, w: ByteWriter, value: unknown, depth: number): void {
  if (depth > s.options.maxDepth) throw fail(s, `it is nested deeper than maxDepth (${s.options.maxDepth})`);
  switch (typeof value) {
    case "undefined":
      w.u32(NIL);
      return;
    case "boolean":
      w.u32(BOOL);
      w.u32(value ? 1 : 0);
      return;
    case "number":
      if (isIntegralNumber(value)) writeInt(s, w, value);
      else writeFloat(s, w, value);
      return;
    case "bigint":
      writeInt(s, w, value);
      return;
    case "string":
      w.u32(STRING);
      w.paddedString(value);
      return;
    case "object":
      if (value === null) w.u32(NIL);
      else writeObject(s, w, value, depth);
      return;
    default:
      throw fail(s, `a ${typeof value} has no Godot equivalent`);
  }
}

function writeInt(s: EncodeState, w: ByteWriter, value: number | bigint): void {
  const problem = intProblem(value);
  if (problem !== undefined) throw fail(s, problem);
  // encode_variant uses 64 bits only when the value is outside int32 (ENCODE_FLAG_64).
  if (needsInt64(value)) {
    w.u32(INT | HEADER_FLAG_64);
    w.i64(BigInt(value));
  } else {
    w.u32(INT);
    w.i32(Number(value));
  }
}

function writeFloat(s: EncodeState, w: ByteWriter, value: number): void {
  if (typeof value !== "number") throw fail(s, "GdFloat.value must be a number");
  // Godot: `if (double(float(d)) != d) flags |= ENCODE_FLAG_64`. NaN compares unequal to itself,
  // so NaN goes out as f64 in Godot too; -0 and the infinities fit in f32.
  if (Math.fround(value) === value) {
    w.u32(FLOAT);
    w.f32(value);
  } else {
    w.u32(FLOAT | HEADER_FLAG_64);
    w.f64(value);
  }
}

function writeObject(s: EncodeState, w: ByteWriter, value: object, depth: number): void {
  const kind = kindOfObject(value);
  if (kind === undefined) throw fail(s, `${describe(value)} has no Godot equivalent`);
  const id = s.gen.ids[kind];
  if (id === undefined) throw fail(s, `${describe(value)} (${kind}) does not exist in ${s.gen.label}`);
  if (kind === "FLOAT") {
    writeFloat(s, w, (value as GdFloat).value);
    return;
  }
  if (kind === "OBJECT") {
    writeGodotObject(s, w, value, id, depth);
    return;
  }
  const double = s.double && REAL_KINDS.has(kind);
  let header = double ? id | HEADER_FLAG_64 : id;
  if (kind === "ARRAY" || kind === "DICTIONARY") header |= typedHeader(s, value);
  w.u32(header);
  writePayload(s, w, kind, value, double, depth);
}

/**
 * The container type kinds of a typed Array (bits 16-17) or typed Dictionary (key 16-17, value
 * 18-19) for the header (`_encode_container_type_header`); 0 for an untyped container.
 */
function typedHeader(s: EncodeState, value: object): number {
  let bits = 0;
  if (value instanceof TypedArray) bits = value.elementType.kind << 16;
  else if (value instanceof TypedDictionary) bits = (value.keyType.kind << 16) | (value.valueType.kind << 18);
  if (bits !== 0 && !s.gen.typedContainers) {
    throw fail(s, `${describe(value)} is a typed container, which ${s.gen.label} does not have (send a plain Array or Map)`);
  }
  return bits;
}

/** The type info after a typed container's header (`_encode_container_type`); nothing for an untyped slot. */
function writeContainerType(w: ByteWriter, type: ContainerType): void {
  const kind = type.kind;
  if (kind === 1) w.u32(type.type);
  else if (kind === 2) w.paddedString(type.className as string);
  else if (kind === 3) w.paddedString(type.script as string);
}

/** What a JS value is sent as outside typed containers, for the checks of typed slots. */
function kindOfValue(value: unknown): Kind | undefined {
  switch (typeof value) {
    case "undefined":
      return "NIL";
    case "boolean":
      return "BOOL";
    case "number":
      return isIntegralNumber(value) ? "INT" : "FLOAT";
    case "bigint":
      return "INT";
    case "string":
      return "STRING";
    case "object":
      return value === null ? "NIL" : kindOfObject(value);
    default:
      return undefined;
  }
}

/**
 * Writes an element, key or value of a typed container as its type says, Godot's
 * ContainerTypeValidate (core/variant/container_type_validate.h): what is not of that type fails,
 * except what Godot converts (an int into a float slot, String and StringName into each other)
 * and null in an Object slot. `role` says which slot of `container` this is, for messages.
 */
function writeTyped(
  s: EncodeState,
  w: ByteWriter,
  container: TypedArray<unknown> | TypedDictionary<unknown, unknown>,
  role: "element" | "key" | "value",
  value: unknown,
  depth: number,
): void {
  const type = container instanceof TypedArray ? container.elementType : role === "key" ? container.keyType : container.valueType;
  // Container types are Godot 4 ids (a Godot 3 encode only gets here with untyped NIL slots).
  const want = variantTypeName4(type.type);
  const got = kindOfValue(value);
  if (want === "FLOAT" && (got === "FLOAT" || got === "INT")) {
    writeFloat(s, w, value instanceof GdFloat ? value.value : Number(value));
  } else if (want === "INT" && typeof value === "number" && Number.isInteger(value)) {
    // -0 (a FLOAT elsewhere) is 0 in an INT slot; an unsafe integer still fails in writeInt.
    writeInt(s, w, value + 0);
  } else if ((want === "STRING" || want === "STRING_NAME") && (got === "STRING" || got === "STRING_NAME")) {
    w.u32(want === "STRING" ? STRING : STRING_NAME_4);
    w.paddedString(value instanceof StringName ? value.value : (value as string));
  } else if (want === "NIL" || got === want || (want === "OBJECT" && got === "NIL")) {
    writeValue(s, w, value, depth);
  } else {
    const what = typeof value === "object" && value !== null ? describe(value) : String(value);
    const name =
      container instanceof TypedArray
        ? `an Array[${String(container.elementType)}]`
        : `a Dictionary[${String(container.keyType)}, ${String(container.valueType)}]`;
    throw fail(s, `${name} ${role} must be of type ${String(want)}, not ${what} (${got ?? "no Godot type"})`);
  }
}

function writePayload(s: EncodeState, w: ByteWriter, kind: Kind, value: object, double: boolean, depth: number): void {
  if (isMathKind(kind)) {
    writeMath(w, kind, value, double);
    return;
  }
  switch (kind) {
    case "STRING_NAME":
      w.paddedString((value as StringName).value);
      return;
    case "NODE_PATH":
      writeNodePath(w, value as NodePath);
      return;
    case "RID":
      if (s.gen.ridPayload) w.u64((value as RID).id);
      return;
    case "CALLABLE":
      return;
    case "SIGNAL":
      w.paddedString((value as Signal).name);
      w.u64((value as Signal).objectId);
      return;
    case "DICTIONARY":
      writeDictionary(s, w, value, depth);
      return;
    case "ARRAY":
      writeArray(s, w, value as readonly unknown[], depth);
      return;
    default:
      writePackedArray(s, w, kind, value, double);
      return;
  }
}

function writeNodePath(w: ByteWriter, path: NodePath): void {
  // Bit 31 of the name count marks the "new" format, the only one Godot still decodes.
  w.u32((path.names.length | 0x8000_0000) >>> 0);
  w.u32(path.subnames.length);
  w.u32(path.absolute ? 1 : 0);
  for (const name of path.names) w.paddedString(name);
  for (const name of path.subnames) w.paddedString(name);
}

function writeGodotObject(s: EncodeState, w: ByteWriter, value: object, id: number, depth: number): void {
  if (value instanceof ObjectId) {
    w.u32(id | HEADER_FLAG_64); // ENCODE_FLAG_OBJECT_AS_ID
    w.u64(value.id);
    return;
  }
  const object = value as GodotObject;
  if (!s.options.allowObjects) throw fail(s, "full objects (GodotObject) are only sent with allowObjects: true");
  if (object.className === "") throw fail(s, "a GodotObject needs a class name (send null for a null object)");
  enter(s, object);
  w.u32(id);
  w.paddedString(object.className);
  w.u32(object.properties.size);
  for (const [name, property] of object.properties) {
    w.paddedString(name);
    s.path.push(name);
    writeValue(s, w, property, depth + 1);
    s.path.pop();
  }
  s.open.delete(object);
}

function writeArray(s: EncodeState, w: ByteWriter, array: readonly unknown[], depth: number): void {
  enter(s, array);
  const typed = array instanceof TypedArray ? array : undefined;
  if (typed !== undefined) writeContainerType(w, typed.elementType);
  w.u32(array.length);
  for (let i = 0; i < array.length; i++) {
    s.path.push(i);
    if (typed === undefined) writeValue(s, w, array[i], depth + 1);
    else writeTyped(s, w, typed, "element", array[i], depth + 1);
    s.path.pop();
  }
  s.open.delete(array);
}

function writeDictionary(s: EncodeState, w: ByteWriter, value: object, depth: number): void {
  enter(s, value);
  if (value instanceof Map) {
    const typed = value instanceof TypedDictionary;
    if (typed) {
      writeContainerType(w, value.keyType);
      writeContainerType(w, value.valueType);
    }
    w.u32(value.size);
    let index = 0;
    for (const [key, item] of value as ReadonlyMap<unknown, unknown>) {
      s.path.push({ raw: `.<key ${index}>` });
      if (typed) writeTyped(s, w, value, "key", key, depth + 1);
      else writeValue(s, w, key, depth + 1);
      s.path.pop();
      s.path.push(typeof key === "string" || typeof key === "number" ? key : { raw: `[<key ${index}>]` });
      if (typed) writeTyped(s, w, value, "value", item, depth + 1);
      else writeValue(s, w, item, depth + 1);
      s.path.pop();
      index++;
    }
  } else {
    // A plain object: its own enumerable string keys become String keys.
    const record = value as Readonly<Record<string, unknown>>;
    const keys = Object.keys(record);
    w.u32(keys.length);
    for (const key of keys) {
      w.u32(STRING);
      w.paddedString(key);
      s.path.push(key);
      writeValue(s, w, record[key], depth + 1);
      s.path.pop();
    }
  }
  s.open.delete(value);
}

function bytesOf(value: object): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  const view = value as ArrayBufferView;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function writePackedArray(s: EncodeState, w: ByteWriter, kind: Kind, value: object, double: boolean): void {
  switch (kind) {
    case "PACKED_BYTE_ARRAY": {
      const bytes = bytesOf(value);
      w.u32(bytes.length);
      w.bytes(bytes);
      w.pad4(bytes.length);
      return;
    }
    case "PACKED_INT32_ARRAY":
      w.u32((value as Int32Array).length);
      w.int32Array(value as Int32Array);
      return;
    case "PACKED_INT64_ARRAY":
      w.u32((value as BigInt64Array).length);
      w.bigInt64Array(value as BigInt64Array);
      return;
    case "PACKED_FLOAT32_ARRAY":
      w.u32((value as Float32Array).length);
      w.float32Array(value as Float32Array);
      return;
    case "PACKED_FLOAT64_ARRAY":
      w.u32((value as Float64Array).length);
      w.float64Array(value as Float64Array);
      return;
    case "PACKED_STRING_ARRAY": {
      // Elements carry length + 1 and a NUL, unlike plain Strings (`encode_variant`).
      const strings = elements(s, w, value, "a string", (x): x is string => typeof x === "string");
      for (const text of strings) w.paddedString(text, true);
      return;
    }
    case "PACKED_VECTOR2_ARRAY":
      for (const v of elements(s, w, value, "a Vector2", (x) => x instanceof Vector2)) writeVector2(w, double, v);
      return;
    case "PACKED_VECTOR3_ARRAY":
      for (const v of elements(s, w, value, "a Vector3", (x) => x instanceof Vector3)) writeVector3(w, double, v);
      return;
    case "PACKED_COLOR_ARRAY":
      for (const c of elements(s, w, value, "a Color", (x) => x instanceof Color)) writeColor(w, c);
      return;
    case "PACKED_VECTOR4_ARRAY":
      for (const v of elements(s, w, value, "a Vector4", (x) => x instanceof Vector4)) writeVector4(w, double, v);
      return;
    default:
      throw fail(s, `${kind} cannot be encoded from ${describe(value)}`);
  }
}

/** Checks every element of a packed-array wrapper, writes the count, and returns the elements. */
function elements<T>(
  s: EncodeState,
  w: ByteWriter,
  array: object,
  expected: string,
  accepts: (x: unknown) => x is T,
): readonly T[] {
  const values = (array as PackedArray<unknown>).values;
  const bad = values.findIndex((x) => !accepts(x));
  if (bad !== -1) {
    s.path.push(bad);
    throw fail(s, `this element must be ${expected}`);
  }
  w.u32(values.length);
  return values as readonly T[];
}
