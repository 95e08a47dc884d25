// Godot's `decode_variant` (core/io/marshalls.cpp), for either generation. Every check Godot
// makes is made here too, plus two of our own: counts are compared with the bytes that remain
// before anything is allocated, and the padding after strings and byte arrays must be present.
// Internally a failure is a thrown GdnetError; the exported entry point returns it instead.

import { GdnetError } from "../gdnet-error.js";
import { type ByteReader, toSafeNumber } from "./byte-reader.js";
import { padding4 } from "./byte-writer.js";
import { GdFloat } from "./gd-float.js";
import { type Generation, HEADER_FLAG_64, HEADER_TYPE_MASK, type Kind } from "./generation.js";
import { GodotObject } from "./godot-object.js";
import { Callable, ObjectId, RID, Signal } from "./handles.js";
import { isMathKind, readColor, readMath, readVector2, readVector3, readVector4 } from "./math-payload.js";
import { NodePath, StringName } from "./names.js";
import {
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from "./packed-arrays.js";
import { ContainerType, TypedArray, TypedDictionary } from "./typed-containers.js";
import { resolveVariantOptions, type VariantCodecOptions } from "./variant-codec-options.js";
import type { DecodedVariant, Variant } from "./variant-value.js";

interface DecodeState {
  readonly gen: Generation;
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly allowObjects: boolean;
  /** Decode FLOAT as GdFloat (`floats: "GdFloat"`). */
  readonly gdFloats: boolean;
}

/** Container type kinds of 4.3+ typed Arrays / 4.4+ typed Dictionaries (`ContainerTypeKind`). */
const CONTAINER_NONE = 0;
const CONTAINER_BUILTIN = 1;
const CONTAINER_CLASS_NAME = 2;

function invalid(message: string): GdnetError {
  return new GdnetError("ERR_INVALID_DATA", message);
}

/**
 * Decodes one Variant at the reader's position with the type table of `gen`. Never throws: on
 * success returns the value and the bytes it took (the reader has moved past them); on failure
 * returns a GdnetError (ERR_INVALID_DATA, or ERR_UNAUTHORIZED for a refused full object) and
 * leaves the reader where it was. `depth` is the nesting depth of this value (0 at the top).
 */
export function decodeVariantWith(
  gen: Generation,
  reader: ByteReader,
  options: VariantCodecOptions | undefined,
  depth: number,
): DecodedVariant | GdnetError {
  const start = reader.offset;
  try {
    const resolved = resolveVariantOptions(options);
    const state: DecodeState = {
      gen,
      maxDepth: resolved.maxDepth,
      maxLength: resolved.maxLength,
      allowObjects: resolved.allowObjects,
      gdFloats: resolved.floats === "GdFloat",
    };
    const value = readValue(state, reader, depth);
    return { value, length: reader.offset - start };
  } catch (error) {
    reader.seek(start);
    if (error instanceof GdnetError) return new GdnetError(error.code, `${gen.label} Variant: ${error.message}`);
    // Not expected (a maximum call stack with a huge maxDepth, say), but decoding never throws.
    return new GdnetError("ERR_INVALID_DATA", `${gen.label} Variant could not be decoded: ${String(error)}`, { cause: error });
  }
}

/** Fails unless `count` elements of at least `unit` bytes each can still be read. */
function checkCount(s: DecodeState, r: ByteReader, count: number, unit: number, what: string): void {
  if (count > s.maxLength) throw invalid(`${what} count ${count} (before offset ${r.offset}) exceeds maxLength ${s.maxLength}.`);
  if (count * unit > r.remaining) {
    throw invalid(
      `${what} count ${count} needs at least ${count * unit} bytes at offset ${r.offset}, but only ${r.remaining} remain.`,
    );
  }
}

/**
 * Reads one Variant. `plainFloat`: a FLOAT decodes to a number whatever `floats` says (the slot of
 * a FLOAT-typed container, whose type already keeps it a float).
 */
function readValue(s: DecodeState, r: ByteReader, depth: number, plainFloat = false): Variant {
  if (depth > s.maxDepth) throw invalid(`value at offset ${r.offset} is nested deeper than maxDepth (${s.maxDepth}).`);
  const at = r.offset;
  const header = r.u32();
  const id = header & HEADER_TYPE_MASK;
  const kind = s.gen.kinds[id];
  if (kind === undefined) throw invalid(`unknown type id ${id} at offset ${at}.`);
  const wide = (header & HEADER_FLAG_64) !== 0;
  // Only 4.x reads the flag on math types; 3.x always reads f32 there.
  const double = wide && s.gen.realFlag;
  if (isMathKind(kind)) return readMath(r, kind, double);

  switch (kind) {
    case "NIL":
      return null;
    case "BOOL":
      return r.u32() !== 0;
    case "INT":
      return wide ? toSafeNumber(r.i64()) : r.i32();
    case "FLOAT": {
      const value = wide ? r.f64() : r.f32();
      return s.gdFloats && !plainFloat ? new GdFloat(value) : value;
    }
    case "STRING":
      return r.paddedString(s.maxLength);
    case "STRING_NAME":
      return new StringName(r.paddedString(s.maxLength));
    case "NODE_PATH":
      return readNodePath(s, r);
    case "RID":
      return s.gen.ridPayload ? new RID(r.u64()) : new RID();
    case "OBJECT":
      return readObject(s, r, wide, depth);
    case "CALLABLE":
      return new Callable();
    case "SIGNAL": {
      const name = r.paddedString(s.maxLength);
      return new Signal(r.u64(), name);
    }
    case "DICTIONARY":
      return readDictionary(s, r, header, depth);
    case "ARRAY":
      return readArray(s, r, header, depth);
    default:
      return readPackedArray(s, r, kind, double);
  }
}

function readPackedArray(s: DecodeState, r: ByteReader, kind: Kind, double: boolean): Variant {
  switch (kind) {
    case "PACKED_BYTE_ARRAY": {
      const count = readCount(s, r, 1, "PackedByteArray");
      r.need(count + padding4(count), "PackedByteArray with its padding");
      const bytes = r.byteArray(count);
      r.skip(padding4(count));
      return bytes;
    }
    case "PACKED_INT32_ARRAY":
      return r.int32Array(readCount(s, r, 4, "PackedInt32Array"));
    case "PACKED_INT64_ARRAY":
      return r.bigInt64Array(readCount(s, r, 8, "PackedInt64Array"));
    case "PACKED_FLOAT32_ARRAY":
      return r.float32Array(readCount(s, r, 4, "PackedFloat32Array"));
    case "PACKED_FLOAT64_ARRAY":
      return r.float64Array(readCount(s, r, 8, "PackedFloat64Array"));
    case "PACKED_STRING_ARRAY":
      // Each element is a padded string of length + 1 whose last byte is a NUL; paddedString
      // stops at the NUL as Godot's parse_utf8 does.
      return new PackedStringArray(readList(readCount(s, r, 4, "PackedStringArray"), () => r.paddedString(s.maxLength)));
    case "PACKED_VECTOR2_ARRAY":
      return new PackedVector2Array(
        readList(readCount(s, r, double ? 16 : 8, "PackedVector2Array"), () => readVector2(r, double)),
      );
    case "PACKED_VECTOR3_ARRAY":
      return new PackedVector3Array(
        readList(readCount(s, r, double ? 24 : 12, "PackedVector3Array"), () => readVector3(r, double)),
      );
    case "PACKED_COLOR_ARRAY":
      return new PackedColorArray(readList(readCount(s, r, 16, "PackedColorArray"), () => readColor(r)));
    case "PACKED_VECTOR4_ARRAY":
      return new PackedVector4Array(
        readList(readCount(s, r, double ? 32 : 16, "PackedVector4Array"), () => readVector4(r, double)),
      );
    default:
      throw invalid(`type ${kind} cannot be decoded here.`);
  }
}

function readCount(s: DecodeState, r: ByteReader, unit: number, what: string): number {
  const count = r.u32();
  checkCount(s, r, count, unit, what);
  return count;
}

function readList<T>(count: number, read: () => T): T[] {
  const list: T[] = [];
  for (let i = 0; i < count; i++) list.push(read());
  return list;
}

function readNodePath(s: DecodeState, r: ByteReader): NodePath {
  const first = r.u32();
  // Before Godot 3.0 a NodePath was sent as a plain string; marshalls.cpp rejects that old
  // format (bit 31 clear) in 3.x and 4.x alike.
  if ((first & 0x8000_0000) === 0)
    throw invalid(`NodePath at offset ${r.offset - 4} uses the old format (bit 31 clear), which Godot rejects.`);
  const nameCount = first & 0x7fff_ffff;
  let subnameCount = r.u32();
  const flags = r.u32();
  // Flag bit 1: obsolete format with the property separate from the subpath: one more subname.
  if (flags & 2) subnameCount++;
  checkCount(s, r, nameCount + subnameCount, 4, "NodePath name");
  const names = readList(nameCount, () => r.paddedString(s.maxLength));
  const subnames = readList(subnameCount, () => r.paddedString(s.maxLength));
  return new NodePath(names, subnames, (flags & 1) !== 0);
}

function readObject(s: DecodeState, r: ByteReader, asId: boolean, depth: number): ObjectId | GodotObject | null {
  if (asId) {
    // ENCODE_FLAG_OBJECT_AS_ID: always allowed; id 0 is the null object.
    const id = r.u64();
    return id === 0n ? null : new ObjectId(id);
  }
  if (!s.allowObjects) {
    throw new GdnetError("ERR_UNAUTHORIZED", `full Object at offset ${r.offset - 4} refused: allowObjects is false.`);
  }
  const className = r.paddedString(s.maxLength);
  if (className === "") return null;
  const count = readCount(s, r, 8, "Object property");
  const properties: [string, Variant][] = [];
  for (let i = 0; i < count; i++) {
    const name = r.paddedString(s.maxLength);
    properties.push([name, readValue(s, r, depth + 1)]);
  }
  return new GodotObject(className, properties);
}

/**
 * The type info of a 4.x typed container slot (`_decode_container_type`), or undefined when the
 * slot is untyped. Godot checks a builtin type against VARIANT_MAX; a class name or script path
 * is kept as sent (Godot replaces it by EncodedObjectAsID without allow_object_decoding, and
 * loads the script with it), so the container re-encodes to the same bytes.
 */
function readContainerType(s: DecodeState, r: ByteReader, kind: number): ContainerType | undefined {
  if (kind === CONTAINER_NONE) return undefined;
  if (kind === CONTAINER_BUILTIN) {
    const type = r.u32();
    if (type >= s.gen.kinds.length) throw invalid(`typed container at offset ${r.offset - 4} has unknown element type ${type}.`);
    // Builtin NIL is Variant: Godot leaves such a container untyped.
    return type === 0 ? undefined : ContainerType.of(type as ContainerType["type"]);
  }
  const text = r.paddedString(s.maxLength);
  return kind === CONTAINER_CLASS_NAME ? ContainerType.of(text) : ContainerType.ofScript(text);
}

/**
 * One element (or key, or value) of a typed container, which must be of its type after the
 * conversions Godot's ContainerTypeValidate makes (core/variant/container_type_validate.h): null
 * in an Object slot, String and StringName into each other, INT into FLOAT (through a C++
 * `float`, so rounded to f32, as Godot does). Godot's encoder never writes anything else into a
 * typed container; gdnet refuses it (Godot drops such an Array element, and keeps such a
 * Dictionary value unchecked).
 */
function readTyped(
  s: DecodeState,
  r: ByteReader,
  container: Map<Variant, Variant> | Variant[],
  type: ContainerType | undefined,
  depth: number,
  role: "element" | "key" | "value",
): Variant {
  if (type === undefined) return readValue(s, r, depth);
  const at = r.offset;
  // The header's low byte is the type id; readValue fails on a truncated header.
  const kind = r.remaining >= 4 ? s.gen.kinds[r.bytes[at] as number] : undefined;
  const want = s.gen.kinds[type.type];
  const value = readValue(s, r, depth, want === "FLOAT");
  if (kind === want) return value;
  if (want === "OBJECT" && kind === "NIL") return value;
  if (want === "FLOAT" && kind === "INT") return Math.fround(Number(value));
  if (want === "STRING" && kind === "STRING_NAME") return (value as StringName).value;
  if (want === "STRING_NAME" && kind === "STRING") return new StringName(value as string);
  const name =
    container instanceof TypedDictionary
      ? `Dictionary[${String(container.keyType)}, ${String(container.valueType)}]`
      : `Array[${String(type)}]`;
  throw invalid(`${name} ${role} at offset ${at} is ${String(kind)}, which a slot of type ${String(type)} cannot hold.`);
}

function readArray(s: DecodeState, r: ByteReader, header: number, depth: number): Variant[] {
  const type = s.gen.typedContainers ? readContainerType(s, r, (header >>> 16) & 3) : undefined;
  // Bit 31 of the count is the legacy "shared" flag, masked off as Godot does.
  const count = (r.u32() & 0x7fff_ffff) >>> 0;
  checkCount(s, r, count, 4, "Array");
  if (type === undefined) return readList(count, () => readValue(s, r, depth + 1));
  const array = new TypedArray<Variant>(type);
  for (let i = 0; i < count; i++) array.push(readTyped(s, r, array, type, depth + 1, "element"));
  return array;
}

function readDictionary(s: DecodeState, r: ByteReader, header: number, depth: number): Map<Variant, Variant> {
  let keyType: ContainerType | undefined;
  let valueType: ContainerType | undefined;
  if (s.gen.typedContainers) {
    keyType = readContainerType(s, r, (header >>> 16) & 3);
    valueType = readContainerType(s, r, (header >>> 18) & 3);
  }
  const count = (r.u32() & 0x7fff_ffff) >>> 0;
  checkCount(s, r, count, 8, "Dictionary");
  // Godot types the dictionary when either side is typed; the other side stays Variant.
  const typed = keyType !== undefined || valueType !== undefined;
  const map: Map<Variant, Variant> = typed
    ? new TypedDictionary<Variant, Variant>(keyType ?? 0, valueType ?? 0)
    : new Map<Variant, Variant>();
  for (let i = 0; i < count; i++) {
    const key = readTyped(s, r, map, keyType, depth + 1, "key");
    map.set(key, readTyped(s, r, map, valueType, depth + 1, "value"));
  }
  return map;
}
