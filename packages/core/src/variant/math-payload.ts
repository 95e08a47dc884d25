// Payloads of the fixed-size math types, identical in both generations except that Godot 4
// double-precision builds send reals as f64 (the header's 64-bit flag says which). Layouts
// follow `encode_variant` / `decode_variant` in core/io/marshalls.cpp.

import type { ByteReader } from "./byte-reader.js";
import type { ByteWriter } from "./byte-writer.js";
import type { Kind } from "./generation.js";
import { AABB, Color, Plane, Quaternion, Rect2, Rect2i } from "./geometry.js";
import { Basis, Projection, Transform2D, Transform3D } from "./transforms.js";
import type { Variant } from "./variant-value.js";
import { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./vectors.js";

/** The kinds handled here. */
export type MathKind =
  | "VECTOR2"
  | "VECTOR2I"
  | "RECT2"
  | "RECT2I"
  | "VECTOR3"
  | "VECTOR3I"
  | "TRANSFORM2D"
  | "VECTOR4"
  | "VECTOR4I"
  | "PLANE"
  | "QUATERNION"
  | "AABB"
  | "BASIS"
  | "TRANSFORM3D"
  | "PROJECTION"
  | "COLOR";

const MATH_KINDS: ReadonlySet<Kind> = new Set<MathKind>([
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
]);

export function isMathKind(kind: Kind): kind is MathKind {
  return MATH_KINDS.has(kind);
}

function writeReal(w: ByteWriter, double: boolean, value: number): void {
  if (double) w.f64(value);
  else w.f32(value);
}

export function writeVector2(w: ByteWriter, double: boolean, v: Vector2): void {
  writeReal(w, double, v.x);
  writeReal(w, double, v.y);
}

export function writeVector3(w: ByteWriter, double: boolean, v: Vector3): void {
  writeReal(w, double, v.x);
  writeReal(w, double, v.y);
  writeReal(w, double, v.z);
}

export function writeVector4(w: ByteWriter, double: boolean, v: Vector4): void {
  writeReal(w, double, v.x);
  writeReal(w, double, v.y);
  writeReal(w, double, v.z);
  writeReal(w, double, v.w);
}

/** Colors are single precision in every build, whatever the header flag. */
export function writeColor(w: ByteWriter, c: Color): void {
  w.f32(c.r);
  w.f32(c.g);
  w.f32(c.b);
  w.f32(c.a);
}

function writeInts(w: ByteWriter, ...values: number[]): void {
  for (const value of values) w.i32(value);
}

function writeBasis(w: ByteWriter, double: boolean, b: Basis): void {
  // Godot sends `rows[i][j]` row by row; our fields are the columns (axes).
  for (const axis of ["x", "y", "z"] as const) {
    writeReal(w, double, b.x[axis]);
    writeReal(w, double, b.y[axis]);
    writeReal(w, double, b.z[axis]);
  }
}

/** Writes the payload of a math value (the header is already written). */
export function writeMath(w: ByteWriter, kind: MathKind, value: object, double: boolean): void {
  switch (kind) {
    case "VECTOR2":
      writeVector2(w, double, value as Vector2);
      return;
    case "VECTOR2I": {
      const v = value as Vector2i;
      writeInts(w, v.x, v.y);
      return;
    }
    case "RECT2":
      writeVector2(w, double, (value as Rect2).position);
      writeVector2(w, double, (value as Rect2).size);
      return;
    case "RECT2I": {
      const { position, size } = value as Rect2i;
      writeInts(w, position.x, position.y, size.x, size.y);
      return;
    }
    case "VECTOR3":
      writeVector3(w, double, value as Vector3);
      return;
    case "VECTOR3I": {
      const v = value as Vector3i;
      writeInts(w, v.x, v.y, v.z);
      return;
    }
    case "TRANSFORM2D": {
      // `columns[i][j]` for i in 0..2 (x, y, origin), j in 0..1.
      const t = value as Transform2D;
      for (const column of [t.x, t.y, t.origin]) writeVector2(w, double, column);
      return;
    }
    case "VECTOR4":
      writeVector4(w, double, value as Vector4);
      return;
    case "VECTOR4I": {
      const v = value as Vector4i;
      writeInts(w, v.x, v.y, v.z, v.w);
      return;
    }
    case "PLANE":
      writeVector3(w, double, (value as Plane).normal);
      writeReal(w, double, (value as Plane).d);
      return;
    case "QUATERNION": {
      const q = value as Quaternion;
      for (const x of [q.x, q.y, q.z, q.w]) writeReal(w, double, x);
      return;
    }
    case "AABB":
      writeVector3(w, double, (value as AABB).position);
      writeVector3(w, double, (value as AABB).size);
      return;
    case "BASIS":
      writeBasis(w, double, value as Basis);
      return;
    case "TRANSFORM3D":
      writeBasis(w, double, (value as Transform3D).basis);
      writeVector3(w, double, (value as Transform3D).origin);
      return;
    case "PROJECTION": {
      // `columns[i][j]`: column by column.
      const p = value as Projection;
      for (const column of [p.x, p.y, p.z, p.w]) writeVector4(w, double, column);
      return;
    }
    case "COLOR":
      writeColor(w, value as Color);
      return;
  }
}

/** One real: f64 when `double` (the 4.x header flag), else f32. */
export function readReal(r: ByteReader, double: boolean): number {
  return double ? r.f64() : r.f32();
}

export function readVector2(r: ByteReader, double: boolean): Vector2 {
  return new Vector2(readReal(r, double), readReal(r, double));
}

export function readVector3(r: ByteReader, double: boolean): Vector3 {
  return new Vector3(readReal(r, double), readReal(r, double), readReal(r, double));
}

export function readVector4(r: ByteReader, double: boolean): Vector4 {
  return new Vector4(readReal(r, double), readReal(r, double), readReal(r, double), readReal(r, double));
}

/** Colors are single precision in every build. */
export function readColor(r: ByteReader): Color {
  return new Color(r.f32(), r.f32(), r.f32(), r.f32());
}

function readBasis(r: ByteReader, double: boolean): Basis {
  // Sent row by row (`rows[i][j]`); the axes are the columns.
  const m: number[] = [];
  for (let i = 0; i < 9; i++) m.push(readReal(r, double));
  const at = (i: number): number => m[i] as number;
  return new Basis(new Vector3(at(0), at(3), at(6)), new Vector3(at(1), at(4), at(7)), new Vector3(at(2), at(5), at(8)));
}

/** Reads the payload of a math value (the header is already read). */
export function readMath(r: ByteReader, kind: MathKind, double: boolean): Variant {
  switch (kind) {
    case "VECTOR2":
      return readVector2(r, double);
    case "VECTOR2I":
      return new Vector2i(r.i32(), r.i32());
    case "RECT2":
      return new Rect2(readVector2(r, double), readVector2(r, double));
    case "RECT2I":
      return new Rect2i(new Vector2i(r.i32(), r.i32()), new Vector2i(r.i32(), r.i32()));
    case "VECTOR3":
      return readVector3(r, double);
    case "VECTOR3I":
      return new Vector3i(r.i32(), r.i32(), r.i32());
    case "TRANSFORM2D":
      return new Transform2D(readVector2(r, double), readVector2(r, double), readVector2(r, double));
    case "VECTOR4":
      return readVector4(r, double);
    case "VECTOR4I":
      return new Vector4i(r.i32(), r.i32(), r.i32(), r.i32());
    case "PLANE":
      return new Plane(readVector3(r, double), readReal(r, double));
    case "QUATERNION":
      return new Quaternion(readReal(r, double), readReal(r, double), readReal(r, double), readReal(r, double));
    case "AABB":
      return new AABB(readVector3(r, double), readVector3(r, double));
    case "BASIS":
      return readBasis(r, double);
    case "TRANSFORM3D":
      return new Transform3D(readBasis(r, double), readVector3(r, double));
    case "PROJECTION":
      return new Projection(readVector4(r, double), readVector4(r, double), readVector4(r, double), readVector4(r, double));
    case "COLOR":
      return readColor(r);
  }
}
