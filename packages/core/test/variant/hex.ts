// Test helpers: hex strings as written in docs/godot-protocols.md ("02 00 | 05 00"), and
// little-endian numbers for building expected encodings.

/** Bytes of a hex string; spaces and `|` separators are ignored. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const digits = hex.replace(/[\s|]/g, "");
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) throw new Error(`bad hex: ${hex}`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Upper-case hex with a space between bytes, the format the spec uses. */
export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
}

/** Hex of little-endian f32 values. */
export function f32Hex(...values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (const [i, value] of values.entries()) view.setFloat32(i * 4, value, true);
  return toHex(new Uint8Array(view.buffer));
}

/** Hex of little-endian f64 values. */
export function f64Hex(...values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  for (const [i, value] of values.entries()) view.setFloat64(i * 8, value, true);
  return toHex(new Uint8Array(view.buffer));
}

/** Hex of little-endian u32 values. */
export function u32Hex(...values: number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (const [i, value] of values.entries()) view.setUint32(i * 4, value >>> 0, true);
  return toHex(new Uint8Array(view.buffer));
}
