// Godot 4 path-cache and raw packets (modules/multiplayer/scene_cache_interface.cpp,
// `_send_confirm_path`, `process_simplify_path`, `process_confirm_path`; scene_multiplayer.cpp,
// `send_bytes` and `_process_raw`), and the command dispatch of `_process_packet`.

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { getStringFromUtf8 } from "../utf8.js";
import { ByteWriter } from "../variant/byte-writer.js";
import { checkCString, checkInteger, decodePacket, expectCommandByte, expectEnd, reject } from "./packet-helpers.js";
import { CMD_MASK, SceneCommand } from "./scene-command.js";

/** SIMPLIFY_PATH: the sender announces the cache id it will use for a node. */
export interface SimplifyPath {
  /**
   * MD5 (32 lowercase hex digits) of the node's RPC method names (see `buildRpcMethodTable`).
   * The receiver compares it with its own and answers `validChecksum` accordingly; a mismatch
   * is only logged by Godot. Decoding returns the field as sent, whatever its characters.
   */
  readonly methodsMd5: string;
  /** The sender's cache id for the node (Godot numbers them from 1): 0..0x7FFFFFFF when encoding. */
  readonly cacheId: number;
  /** Node path relative to the multiplayer root, e.g. `"Game/Player"`. */
  readonly path: string;
}

/** CONFIRM_PATH: the answer to a SIMPLIFY_PATH. */
export interface ConfirmPath {
  /** Whether the receiver's RPC checksum matched (Godot confirms the path either way). */
  readonly validChecksum: boolean;
  /** The cache id being confirmed. */
  readonly cacheId: number;
}

const SIMPLIFY = "SIMPLIFY_PATH";
const CONFIRM = "CONFIRM_PATH";
const RAW = "RAW";
const MD5_TEXT = /^[0-9a-f]{32}$/;

/**
 * The command of a SceneMultiplayer packet: bits 0-2 of its first byte, as Godot's
 * `_process_packet` dispatches it. Returns a GdnetError (ERR_INVALID_DATA) for an empty packet.
 */
export function peekSceneCommand(bytes: BytesLike): SceneCommand | GdnetError {
  const packet = asBytes(bytes, "peekSceneCommand");
  const first = packet[0];
  if (first === undefined) return new GdnetError("ERR_INVALID_DATA", "Invalid SceneMultiplayer packet: it is empty.");
  return (first & CMD_MASK) as SceneCommand;
}

/**
 * Encodes SIMPLIFY_PATH: `01`, the MD5 text and a NUL, u32 cache id, NUL-terminated path.
 * Throws GdnetError ERR_INVALID_PARAMETER unless `methodsMd5` is 32 lowercase hex digits,
 * `cacheId` is in 0..0x7FFFFFFF and `path` is non-empty without NUL.
 */
export function encodeSimplifyPath(packet: SimplifyPath): Uint8Array<ArrayBuffer> {
  const md5 = packet.methodsMd5;
  if (typeof md5 !== "string" || !MD5_TEXT.test(md5)) {
    throw new GdnetError(
      "ERR_INVALID_PARAMETER",
      `encodeSimplifyPath: methodsMd5 must be 32 lowercase hex digits, got ${String(md5)}.`,
    );
  }
  const cacheId = checkInteger(packet.cacheId, 0, 0x7fff_ffff, "encodeSimplifyPath: cacheId");
  const path = checkCString(packet.path, "encodeSimplifyPath: path");
  const writer = new ByteWriter(40 + path.length * 3);
  writer.u8(SceneCommand.NETWORK_COMMAND_SIMPLIFY_PATH);
  writer.cstring(md5);
  writer.u32(cacheId);
  writer.cstring(path);
  return writer.finish();
}

/**
 * Decodes SIMPLIFY_PATH. Godot needs at least 38 bytes and reads the 32 MD5 bytes, skips one,
 * then the u32 id and the path up to the end or a NUL. Stricter where only a broken sender
 * differs: the first byte must be exactly `01`, byte 33 must be the MD5's NUL, and the path
 * must be non-empty and end with the packet's last byte, a NUL. Never throws on bad bytes.
 */
export function decodeSimplifyPath(bytes: BytesLike): SimplifyPath | GdnetError {
  return decodePacket(bytes, SIMPLIFY, (reader) => {
    expectCommandByte(reader, SIMPLIFY, SceneCommand.NETWORK_COMMAND_SIMPLIFY_PATH);
    if (reader.bytes.length < 38) reject(SIMPLIFY, `it is ${reader.bytes.length} bytes, Godot requires at least 38`);
    const methodsMd5 = getStringFromUtf8(reader.bytesView(32));
    if (reader.u8() !== 0) reject(SIMPLIFY, "the MD5 text is not followed by a NUL byte");
    const cacheId = reader.u32();
    const path = reader.cstring();
    if (path === "") reject(SIMPLIFY, "the node path is empty");
    expectEnd(reader, SIMPLIFY, "node path");
    return { methodsMd5, cacheId, path };
  });
}

/**
 * Encodes CONFIRM_PATH: exactly 6 bytes, `02`, u8 valid checksum (0/1), u32 cache id. Throws
 * GdnetError ERR_INVALID_PARAMETER for a cache id outside 0..0xFFFFFFFF.
 */
export function encodeConfirmPath(packet: ConfirmPath): Uint8Array<ArrayBuffer> {
  const cacheId = checkInteger(packet.cacheId, 0, 0xffff_ffff, "encodeConfirmPath: cacheId");
  const writer = new ByteWriter(6);
  writer.u8(SceneCommand.NETWORK_COMMAND_CONFIRM_PATH);
  writer.u8(packet.validChecksum ? 1 : 0);
  writer.u32(cacheId);
  return writer.finish();
}

/**
 * Decodes CONFIRM_PATH: exactly 6 bytes, as Godot requires. Stricter than Godot (which reads
 * any non-zero checksum byte as true): the first byte must be exactly `02` and the checksum
 * byte 0 or 1. Never throws on bad bytes.
 */
export function decodeConfirmPath(bytes: BytesLike): ConfirmPath | GdnetError {
  return decodePacket(bytes, CONFIRM, (reader) => {
    expectCommandByte(reader, CONFIRM, SceneCommand.NETWORK_COMMAND_CONFIRM_PATH);
    if (reader.bytes.length !== 6) reject(CONFIRM, `it is ${reader.bytes.length} bytes, Godot requires exactly 6`);
    const valid = reader.u8();
    if (valid > 1) reject(CONFIRM, `the checksum flag is ${valid}, expected 0 or 1`);
    return { validChecksum: valid === 1, cacheId: reader.u32() };
  });
}

/**
 * Encodes RAW (`send_bytes`): `03` followed by `payload`. Throws GdnetError
 * ERR_INVALID_PARAMETER for an empty payload, which Godot refuses to send.
 */
export function encodeRawPacket(payload: BytesLike): Uint8Array<ArrayBuffer> {
  const data = asBytes(payload, "encodeRawPacket");
  if (data.length === 0) throw new GdnetError("ERR_INVALID_PARAMETER", "encodeRawPacket: the payload must not be empty.");
  const packet = new Uint8Array(1 + data.length);
  packet[0] = SceneCommand.NETWORK_COMMAND_RAW;
  packet.set(data, 1);
  return packet;
}

/**
 * Decodes RAW: the payload (a copy) after the `03` byte; at least 2 bytes in all, as Godot
 * requires. Never throws on bad bytes.
 */
export function decodeRawPacket(bytes: BytesLike): Uint8Array<ArrayBuffer> | GdnetError {
  return decodePacket(bytes, RAW, (reader) => {
    expectCommandByte(reader, RAW, SceneCommand.NETWORK_COMMAND_RAW);
    if (reader.remaining === 0) reject(RAW, "it has no payload (Godot requires at least 2 bytes)");
    return reader.byteArray(reader.remaining);
  });
}
