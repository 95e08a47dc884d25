// Godot 3's REMOTE_CALL and REMOTE_SET packets (core/io/multiplayer_api.cpp of 3.2, `_send_rpc`,
// `_process_packet`, `_process_get_node`, `_process_rpc`, `_process_rset`):
//   00, u32 target, cstring method, u8 argc, argc x Variant, [cstring path]
//   01, u32 target, cstring property, one Variant, [cstring path]
// The target is the sender's path-cache id, or 0x80000000 | offset when the node path is
// appended at that offset. Values use the Godot 3 Variant encoding (variant3.ts).

import type { BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteReader } from "../variant/byte-reader.js";
import { ByteWriter } from "../variant/byte-writer.js";
import type { VariantCodecOptions } from "../variant/variant-codec-options.js";
import type { Variant } from "../variant/variant-value.js";
import { decodeVariant3, encodeVariant3 } from "../variant/variant3.js";
import { MpApiCommand } from "./mp-api-packets.js";
import {
  checkArgs,
  checkCString,
  checkInteger,
  decodePacket,
  expectCommandByte,
  expectEnd,
  reject,
  rejectWith,
} from "./packet-helpers.js";
import { NODE_PATH_FLAG } from "./scene-command.js";

/** Fields shared by REMOTE_CALL and REMOTE_SET. */
export interface MpApiNodeTarget {
  /** The sender's path-cache id of the node (Godot 3 numbers them from 1): 0..0x7FFFFFFF. */
  readonly nodeId: number;
  /**
   * The node path relative to the multiplayer root (`"Game/Player"`), for a peer that has not
   * confirmed it: the target becomes `0x80000000 | offset` (`nodeId` is not written) and the
   * path is appended, NUL-terminated. Default: unset, the cached form.
   */
  readonly path?: string | undefined;
}

/** What {@link encodeMpApiRemoteCall} sends: `rpc(method, ...args)`. */
export interface MpApiRemoteCall extends MpApiNodeTarget {
  readonly method: string;
  /** At most 255 values, each sent with the Godot 3 Variant encoding. */
  readonly args: readonly unknown[];
}

/** What {@link encodeMpApiRemoteSet} sends: `rset(property, value)`. */
export interface MpApiRemoteSet extends MpApiNodeTarget {
  readonly property: string;
  readonly value: unknown;
}

/** The node target of a decoded REMOTE_CALL / REMOTE_SET. */
export interface DecodedMpApiNodeTarget {
  /** The target as read: a cache id, or with {@link pathFromPacket} the raw `0x80000000 | offset`. */
  readonly nodeId: number;
  /** The appended node path, present when the sender used the uncached form. */
  readonly pathFromPacket?: string;
}

/** A decoded REMOTE_CALL. */
export interface DecodedMpApiRemoteCall extends DecodedMpApiNodeTarget {
  readonly method: string;
  readonly args: Variant[];
}

/** A decoded REMOTE_SET. */
export interface DecodedMpApiRemoteSet extends DecodedMpApiNodeTarget {
  readonly property: string;
  readonly value: Variant;
}

const CALL = "Godot 3 REMOTE_CALL";
const SET = "Godot 3 REMOTE_SET";

/** Header, body, optional path: shared by REMOTE_CALL and REMOTE_SET (`_send_rpc`). */
function encodeTargeted(
  command: number,
  target: MpApiNodeTarget,
  name: string,
  body: ByteWriter,
  what: string,
): Uint8Array<ArrayBuffer> {
  const nodeId = checkInteger(target.nodeId, 0, 0x7fff_ffff, `${what}: nodeId`);
  const path = target.path === undefined ? undefined : checkCString(target.path, `${what}: path`);
  const writer = new ByteWriter(16 + name.length * 3 + body.length);
  writer.u8(command);
  writer.u32(0);
  writer.cstring(name);
  writer.bytes(body.finish());
  const offset = writer.length;
  if (path !== undefined) writer.cstring(path);
  const packet = writer.finish();
  new DataView(packet.buffer).setUint32(1, path === undefined ? nodeId : NODE_PATH_FLAG + offset, true);
  return packet;
}

/**
 * Encodes a Godot 3 REMOTE_CALL. Throws GdnetError ERR_INVALID_PARAMETER for a node id out of
 * range, more than 255 arguments, a NUL in the method name, an empty path or one with a NUL,
 * or an argument with no Godot 3 equivalent (named `args[i]`); ERR_TYPE for wrong types.
 */
export function encodeMpApiRemoteCall(call: MpApiRemoteCall, options?: VariantCodecOptions): Uint8Array<ArrayBuffer> {
  const method = checkCString(call.method, "encodeMpApiRemoteCall: method", true);
  const args = checkArgs(call.args, "encodeMpApiRemoteCall: args");
  const body = new ByteWriter();
  body.u8(args.length);
  for (const [i, arg] of args.entries()) encodeVariant3(body, arg, options, `args[${i}]`);
  return encodeTargeted(MpApiCommand.NETWORK_COMMAND_REMOTE_CALL, call, method, body, "encodeMpApiRemoteCall");
}

/** Encodes a Godot 3 REMOTE_SET; throws like {@link encodeMpApiRemoteCall} (the value is named `value`). */
export function encodeMpApiRemoteSet(set: MpApiRemoteSet, options?: VariantCodecOptions): Uint8Array<ArrayBuffer> {
  const property = checkCString(set.property, "encodeMpApiRemoteSet: property", true);
  const body = new ByteWriter();
  encodeVariant3(body, set.value, options, "value");
  return encodeTargeted(MpApiCommand.NETWORK_COMMAND_REMOTE_SET, set, property, body, "encodeMpApiRemoteSet");
}

/**
 * Reads the target, the name and the optional path of a REMOTE_CALL / REMOTE_SET (Godot 3's
 * `_process_packet` and `_process_get_node`), then hands a reader over the values to `body`.
 */
function decodeTargeted<T>(
  bytes: BytesLike,
  packetName: string,
  command: number,
  body: (reader: ByteReader, head: DecodedMpApiNodeTarget, name: string) => T,
): T | GdnetError {
  return decodePacket(bytes, packetName, (reader) => {
    expectCommandByte(reader, packetName, command);
    const packet = reader.bytes;
    if (packet.length < 6) reject(packetName, `it is ${packet.length} bytes, Godot 3 requires at least 6`);
    const nodeId = reader.u32();
    let end = packet.length;
    let head: DecodedMpApiNodeTarget = { nodeId };
    if (nodeId >= NODE_PATH_FLAG) {
      const offset = nodeId - NODE_PATH_FLAG;
      if (offset >= packet.length)
        reject(packetName, `the path offset ${offset} is past the end of the ${packet.length}-byte packet`);
      if (offset < reader.offset) reject(packetName, `the path offset ${offset} points into the header`);
      const pathReader = new ByteReader(packet, offset);
      const pathFromPacket = pathReader.cstring();
      if (pathFromPacket === "") reject(packetName, "the node path is empty");
      expectEnd(pathReader, packetName, "node path");
      head = { nodeId, pathFromPacket };
      end = offset;
    }
    const values = new ByteReader(packet, reader.offset, end);
    const name = values.cstring();
    return body(values, head, name);
  });
}

function decodeValue(reader: ByteReader, packetName: string, what: string, options: VariantCodecOptions | undefined): Variant {
  if (reader.remaining === 0) reject(packetName, `${what} is missing`);
  const decoded = decodeVariant3(reader, options);
  if (decoded instanceof GdnetError) {
    rejectWith(new GdnetError(decoded.code, `Invalid ${packetName} packet: ${what}: ${decoded.message}`));
  }
  return decoded.value;
}

/**
 * Decodes a Godot 3 REMOTE_CALL with Godot 3's receiver rules (at least 6 bytes, a
 * NUL-terminated name from byte 5, an argument count byte, then the values; `0x80000000 |
 * offset` with the offset inside the packet). Stricter where only a broken sender differs:
 * the values must end exactly at the path offset (or the end), and the path must be non-empty
 * and NUL-terminated. Returns a GdnetError (ERR_INVALID_DATA; ERR_UNAUTHORIZED for a full
 * Object without `allowObjects`) instead of throwing.
 */
export function decodeMpApiRemoteCall(bytes: BytesLike, options?: VariantCodecOptions): DecodedMpApiRemoteCall | GdnetError {
  return decodeTargeted(bytes, CALL, MpApiCommand.NETWORK_COMMAND_REMOTE_CALL, (reader, head, method) => {
    if (reader.remaining === 0) reject(CALL, "the argument count is missing");
    const argc = reader.u8();
    const args: Variant[] = [];
    for (let i = 0; i < argc; i++) {
      if (reader.remaining === 0) reject(CALL, `it announces ${argc} argument(s) but the data ends after ${i}`);
      args.push(decodeValue(reader, CALL, `argument ${i}`, options));
    }
    expectEnd(reader, CALL, "last argument");
    return { ...head, method, args };
  });
}

/** Decodes a Godot 3 REMOTE_SET: like {@link decodeMpApiRemoteCall}, with exactly one value after the name. */
export function decodeMpApiRemoteSet(bytes: BytesLike, options?: VariantCodecOptions): DecodedMpApiRemoteSet | GdnetError {
  return decodeTargeted(bytes, SET, MpApiCommand.NETWORK_COMMAND_REMOTE_SET, (reader, head, property) => {
    const value = decodeValue(reader, SET, "the value", options);
    expectEnd(reader, SET, "value");
    return { ...head, property, value };
  });
}
