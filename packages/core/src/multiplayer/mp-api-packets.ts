// Godot 3's MultiplayerAPI packets (core/io/multiplayer_api.cpp of 3.2, unchanged through 3.6):
//   REMOTE_CALL  00, ... (mp-api-remote-call.ts)
//   REMOTE_SET   01, ... (mp-api-remote-call.ts)
//   SIMPLIFY     02, u32 cache id, cstring path
//   CONFIRM      03, cstring path
//   RAW          04, bytes
// Node paths are relative to the multiplayer root node; the sender numbers them from 1.

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteWriter } from "../variant/byte-writer.js";
import { checkCString, checkInteger, decodePacket, expectCommandByte, expectEnd, reject } from "./packet-helpers.js";

/** `MultiplayerAPI::NetworkCommands` of Godot 3: the first byte of every MultiplayerAPI packet. */
export const MpApiCommand = {
  NETWORK_COMMAND_REMOTE_CALL: 0,
  NETWORK_COMMAND_REMOTE_SET: 1,
  NETWORK_COMMAND_SIMPLIFY_PATH: 2,
  NETWORK_COMMAND_CONFIRM_PATH: 3,
  NETWORK_COMMAND_RAW: 4,
} as const;
export type MpApiCommand = (typeof MpApiCommand)[keyof typeof MpApiCommand];

/** SIMPLIFY_PATH: the sender announces its cache id for a node path. */
export interface MpApiSimplifyPath {
  /** 0..0x7FFFFFFF when encoding; decoding returns the u32 as sent. */
  readonly cacheId: number;
  readonly path: string;
}

const SIMPLIFY = "Godot 3 SIMPLIFY_PATH";
const CONFIRM = "Godot 3 CONFIRM_PATH";
const RAW = "Godot 3 RAW";

/**
 * The command of a Godot 3 MultiplayerAPI packet (its first byte), or a GdnetError
 * (ERR_INVALID_DATA) for an empty packet or a byte Godot 3 does not know (it ignores those).
 */
export function peekMpApiCommand(bytes: BytesLike): MpApiCommand | GdnetError {
  const first = asBytes(bytes, "peekMpApiCommand")[0];
  if (first === undefined) return new GdnetError("ERR_INVALID_DATA", "Invalid Godot 3 MultiplayerAPI packet: it is empty.");
  if (first > MpApiCommand.NETWORK_COMMAND_RAW) {
    return new GdnetError("ERR_INVALID_DATA", `Invalid Godot 3 MultiplayerAPI packet: unknown command ${first}.`);
  }
  return first as MpApiCommand;
}

/**
 * Encodes a Godot 3 SIMPLIFY_PATH: `02`, u32 cache id, NUL-terminated path. Throws GdnetError
 * ERR_INVALID_PARAMETER for a cache id outside 0..0x7FFFFFFF or an empty path or one with NUL.
 */
export function encodeMpApiSimplifyPath(packet: MpApiSimplifyPath): Uint8Array<ArrayBuffer> {
  const cacheId = checkInteger(packet.cacheId, 0, 0x7fff_ffff, "encodeMpApiSimplifyPath: cacheId");
  const path = checkCString(packet.path, "encodeMpApiSimplifyPath: path");
  const writer = new ByteWriter(6 + path.length * 3);
  writer.u8(MpApiCommand.NETWORK_COMMAND_SIMPLIFY_PATH);
  writer.u32(cacheId);
  writer.cstring(path);
  return writer.finish();
}

/**
 * Decodes a Godot 3 SIMPLIFY_PATH. Godot 3 needs 5 bytes and reads the path to the end or a
 * NUL; gdnet also requires a non-empty path ending with the packet's last byte, a NUL.
 */
export function decodeMpApiSimplifyPath(bytes: BytesLike): MpApiSimplifyPath | GdnetError {
  return decodePacket(bytes, SIMPLIFY, (reader) => {
    expectCommandByte(reader, SIMPLIFY, MpApiCommand.NETWORK_COMMAND_SIMPLIFY_PATH);
    const cacheId = reader.u32();
    const path = reader.cstring();
    if (path === "") reject(SIMPLIFY, "the node path is empty");
    expectEnd(reader, SIMPLIFY, "node path");
    return { cacheId, path };
  });
}

/**
 * Encodes a Godot 3 CONFIRM_PATH: `03` and the confirmed path, NUL-terminated (Godot 3 echoes
 * the path of the SIMPLIFY_PATH, not its id). Throws ERR_INVALID_PARAMETER for an empty path or one with NUL.
 */
export function encodeMpApiConfirmPath(path: string): Uint8Array<ArrayBuffer> {
  const text = checkCString(path, "encodeMpApiConfirmPath: path");
  const writer = new ByteWriter(2 + text.length * 3);
  writer.u8(MpApiCommand.NETWORK_COMMAND_CONFIRM_PATH);
  writer.cstring(text);
  return writer.finish();
}

/** Decodes a Godot 3 CONFIRM_PATH to its path (non-empty, NUL-terminated at the packet's end). */
export function decodeMpApiConfirmPath(bytes: BytesLike): string | GdnetError {
  return decodePacket(bytes, CONFIRM, (reader) => {
    expectCommandByte(reader, CONFIRM, MpApiCommand.NETWORK_COMMAND_CONFIRM_PATH);
    const path = reader.cstring();
    if (path === "") reject(CONFIRM, "the node path is empty");
    expectEnd(reader, CONFIRM, "node path");
    return path;
  });
}

/** Encodes a Godot 3 RAW (`send_bytes`): `04` and the payload. Throws ERR_INVALID_PARAMETER for an empty payload. */
export function encodeMpApiRawPacket(payload: BytesLike): Uint8Array<ArrayBuffer> {
  const data = asBytes(payload, "encodeMpApiRawPacket");
  if (data.length === 0) throw new GdnetError("ERR_INVALID_PARAMETER", "encodeMpApiRawPacket: the payload must not be empty.");
  const packet = new Uint8Array(1 + data.length);
  packet[0] = MpApiCommand.NETWORK_COMMAND_RAW;
  packet.set(data, 1);
  return packet;
}

/** Decodes a Godot 3 RAW: the payload (a copy); at least 2 bytes in all, as Godot 3 requires. */
export function decodeMpApiRawPacket(bytes: BytesLike): Uint8Array<ArrayBuffer> | GdnetError {
  return decodePacket(bytes, RAW, (reader) => {
    expectCommandByte(reader, RAW, MpApiCommand.NETWORK_COMMAND_RAW);
    if (reader.remaining === 0) reject(RAW, "it has no payload (Godot 3 requires at least 2 bytes)");
    return reader.byteArray(reader.remaining);
  });
}
