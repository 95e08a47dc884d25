// Shared checks of the multiplayer packet codecs (internal: not exported from the package).
// Encoders throw GdnetError ERR_INVALID_PARAMETER for values Godot could never put on the wire
// (ERR_TYPE for arguments of the wrong JS type); decoders turn every ByteReader failure into a
// returned ERR_INVALID_DATA and never throw on bad bytes.

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteReader } from "../variant/byte-reader.js";
import { kindOfObject } from "../variant/js-kind.js";

/** Smallest and largest int32. */
export const INT32_MIN = -0x8000_0000;
export const INT32_MAX = 0x7fff_ffff;

/** `value` as an integer in `min..max`; throws ERR_TYPE if it is not a number, ERR_INVALID_PARAMETER if out of range. */
export function checkInteger(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== "number") throw new GdnetError("ERR_TYPE", `${what} must be a number, got ${typeof value}.`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GdnetError("ERR_INVALID_PARAMETER", `${what} must be an integer in ${min}..${max}, got ${value}.`);
  }
  return value;
}

/**
 * `value` checked as the text of a NUL-terminated string (a method name or a node path): a
 * string without NUL characters, which would end it early on the receiver, and not empty
 * unless `allowEmpty` (Godot never sends an empty node path; Godot 3 sends whatever method
 * name `rpc()` was given).
 */
export function checkCString(value: unknown, what: string, allowEmpty = false): string {
  if (typeof value !== "string") throw new GdnetError("ERR_TYPE", `${what} must be a string, got ${typeof value}.`);
  if (value === "" && !allowEmpty) throw new GdnetError("ERR_INVALID_PARAMETER", `${what} must not be empty.`);
  if (value.includes("\0")) throw new GdnetError("ERR_INVALID_PARAMETER", `${what} must not contain a NUL character.`);
  return value;
}

/** The argument list of an RPC: an array of at most 255 values (the count travels in one byte). */
export function checkArgs(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new GdnetError("ERR_TYPE", `${what} must be an array, got ${typeof value}.`);
  if (value.length > 255) {
    throw new GdnetError("ERR_INVALID_PARAMETER", `${what} has ${value.length} values; Godot sends at most 255.`);
  }
  return value;
}

/** True when `value` is sent as a PackedByteArray (Uint8Array, Buffer, Uint8ClampedArray, ArrayBuffer, DataView). */
export function isByteArrayValue(value: unknown): value is BytesLike {
  return typeof value === "object" && value !== null && kindOfObject(value) === "PACKED_BYTE_ARRAY";
}

/** A GdnetError ERR_INVALID_DATA for a malformed `packet`. */
export function invalidPacket(packet: string, why: string): GdnetError {
  return new GdnetError("ERR_INVALID_DATA", `Invalid ${packet} packet: ${why}.`);
}

/** Thrown inside {@link decodePacket} to stop with a returned error; never escapes it. */
class Reject extends Error {
  readonly error: GdnetError;
  constructor(error: GdnetError) {
    super(error.message);
    this.error = error;
  }
}

/** Stops the surrounding {@link decodePacket} callback, which then returns an ERR_INVALID_DATA for `why`. */
export function reject(packet: string, why: string): never {
  throw new Reject(invalidPacket(packet, why));
}

/** Stops the surrounding {@link decodePacket} callback, which then returns `error`. */
export function rejectWith(error: GdnetError): never {
  throw new Reject(error);
}

/**
 * Runs `decode` over a reader of `bytes` and returns its result; a truncation reported by the
 * reader, or a {@link reject}, becomes a returned GdnetError naming `packet`. Never throws on
 * bad bytes (ERR_TYPE only when `bytes` is not bytes at all).
 */
export function decodePacket<T>(bytes: BytesLike, packet: string, decode: (reader: ByteReader) => T): T | GdnetError {
  const reader = new ByteReader(asBytes(bytes, `decode ${packet}`));
  try {
    return decode(reader);
  } catch (error) {
    if (error instanceof Reject) return error.error;
    if (error instanceof GdnetError) return invalidPacket(packet, error.message.replace(/\.$/, ""));
    throw error;
  }
}

/** Rejects unless the reader has consumed everything (Godot's encoders never write trailing bytes). */
export function expectEnd(reader: ByteReader, packet: string, after: string): void {
  if (reader.remaining !== 0) reject(packet, `${reader.remaining} unexpected byte(s) after the ${after}`);
}

/** Rejects unless the next byte is exactly `command` (no flag bits: Godot writes none for this command). */
export function expectCommandByte(reader: ByteReader, packet: string, command: number): void {
  if (reader.remaining === 0) reject(packet, "it is empty");
  const first = reader.u8();
  if (first !== command) {
    const hex = (n: number): string => `0x${n.toString(16).padStart(2, "0")}`;
    reject(packet, `the first byte is ${hex(first)}, expected ${hex(command)}`);
  }
}
