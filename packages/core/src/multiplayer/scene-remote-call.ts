// Godot 4 REMOTE_CALL packets (modules/multiplayer/scene_rpc_interface.cpp, `_send_rpc` and
// `process_rpc` / `_process_rpc`):
//   meta, node target (u8/u16/u32), method id (u8/u16), [u8 argc unless bit 7], args, [cstring path]
// meta = 0 | node id width << 4 | method id width << 6 | BYTE_ONLY_OR_NO_ARGS << 7.

import type { BytesLike } from "../bytes.js";
import { asBytes } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteReader } from "../variant/byte-reader.js";
import { ByteWriter } from "../variant/byte-writer.js";
import { decodeAndDecompressVariant, encodeAndCompressVariant } from "../variant/compressed-variant.js";
import type { VariantCodecOptions } from "../variant/variant-codec-options.js";
import type { Variant } from "../variant/variant-value.js";
import {
  checkArgs,
  checkCString,
  checkInteger,
  decodePacket,
  expectEnd,
  isByteArrayValue,
  reject,
  rejectWith,
} from "./packet-helpers.js";
import {
  BYTE_ONLY_OR_NO_ARGS_FLAG,
  CMD_MASK,
  NAME_ID_COMPRESSION_SHIFT,
  NameIdCompression,
  NODE_ID_COMPRESSION_SHIFT,
  NODE_PATH_FLAG,
  NodeIdCompression,
  SceneCommand,
} from "./scene-command.js";

const PACKET = "REMOTE_CALL";

/** What {@link encodeRemoteCall} sends. */
export interface RemoteCall {
  /** The sender's path-cache id of the node (SceneCacheInterface numbers them from 1): 0..0x7FFFFFFF. */
  readonly nodeId: number;
  /** The method's RPC id (see `buildRpcMethodTable`): 0..65535. */
  readonly methodId: number;
  /**
   * The arguments, at most 255. No arguments, or exactly one PackedByteArray (a Uint8Array,
   * Buffer, Uint8ClampedArray, ArrayBuffer or DataView), is sent without an argument count
   * (bit 7) and the bytes raw; anything else as compressed Variants.
   */
  readonly args: readonly unknown[];
  /**
   * The node path relative to the multiplayer root (`"Game/Player"`), for a peer that has not
   * confirmed the path yet. When set, the node target is `0x80000000 | offset` (so `nodeId`
   * itself is not written) and the path is appended as a NUL-terminated string at that offset.
   * Default: unset, the cached form.
   */
  readonly path?: string | undefined;
  /**
   * Cached form only: write the node id in the fewest bytes (u8 up to 255, u16 up to 65535,
   * else u32). `false` writes it as u32 whatever its value, which is what Godot sends to the
   * peers that did confirm the path while some other target has not. Default `true`.
   */
  readonly compressNodeId?: boolean | undefined;
}

/** A decoded REMOTE_CALL. */
export interface DecodedRemoteCall {
  /**
   * The node target as read: the sender's path-cache id, or, when {@link pathFromPacket} is
   * set, the raw field `0x80000000 | offset` (not a cache id).
   */
  readonly nodeId: number;
  /** The node path appended to the packet, present when the sender had no confirmed cache id. */
  readonly pathFromPacket?: string;
  /** The method's RPC id. */
  readonly methodId: number;
  /**
   * The arguments. A byte-only call gives `[Uint8Array]`, or `[]` when no bytes follow: Godot
   * receives a single *empty* PackedByteArray as a call without arguments.
   */
  readonly args: Variant[];
}

/**
 * Encodes a Godot 4 REMOTE_CALL. Throws GdnetError ERR_INVALID_PARAMETER for an id out of
 * range, more than 255 arguments, an empty path or one containing NUL, or an argument with no
 * Godot 4 equivalent (named `args[i]`); ERR_TYPE for arguments of the wrong type.
 */
export function encodeRemoteCall(call: RemoteCall, options?: VariantCodecOptions): Uint8Array<ArrayBuffer> {
  const nodeId = checkInteger(call.nodeId, 0, 0x7fff_ffff, "encodeRemoteCall: nodeId");
  const methodId = checkInteger(call.methodId, 0, 0xffff, "encodeRemoteCall: methodId");
  const args = checkArgs(call.args, "encodeRemoteCall: args");
  const path = call.path === undefined ? undefined : checkCString(call.path, "encodeRemoteCall: path");

  let nodeWidth: NodeIdCompression = NodeIdCompression.NETWORK_NODE_ID_COMPRESSION_32;
  if (path === undefined && call.compressNodeId !== false) {
    if (nodeId <= 0xff) nodeWidth = NodeIdCompression.NETWORK_NODE_ID_COMPRESSION_8;
    else if (nodeId <= 0xffff) nodeWidth = NodeIdCompression.NETWORK_NODE_ID_COMPRESSION_16;
  }
  const nameWidth =
    methodId <= 0xff ? NameIdCompression.NETWORK_NAME_ID_COMPRESSION_8 : NameIdCompression.NETWORK_NAME_ID_COMPRESSION_16;

  // `encode_and_compress_variants` in scene/main/multiplayer_api.cpp: argc 0 -> byte-only; argc 1
  // -> byte-only only when that argument is a PackedByteArray; argc >= 2 -> never.
  const byteOnly = args.length === 0 || (args.length === 1 && isByteArrayValue(args[0]));
  const nameBytes = nameWidth === NameIdCompression.NETWORK_NAME_ID_COMPRESSION_8 ? 1 : 2;
  // One writer: the header, then the arguments; a path's offset is patched in once their size is known.
  const writer = new ByteWriter();
  writer.u8(
    SceneCommand.NETWORK_COMMAND_REMOTE_CALL |
      (nodeWidth << NODE_ID_COMPRESSION_SHIFT) |
      (nameWidth << NAME_ID_COMPRESSION_SHIFT) |
      (byteOnly ? BYTE_ONLY_OR_NO_ARGS_FLAG : 0),
  );
  if (path !== undefined || nodeWidth === NodeIdCompression.NETWORK_NODE_ID_COMPRESSION_32) writer.u32(nodeId);
  else if (nodeWidth === NodeIdCompression.NETWORK_NODE_ID_COMPRESSION_8) writer.u8(nodeId);
  else writer.u16(nodeId);
  if (nameBytes === 1) writer.u8(methodId);
  else writer.u16(methodId);
  if (byteOnly) {
    if (args.length === 1) writer.bytes(asBytes(args[0] as BytesLike, "encodeRemoteCall: args[0]"));
  } else {
    writer.u8(args.length);
    for (let i = 0; i < args.length; i++) encodeAndCompressVariant(writer, args[i], options, `args[${i}]`);
  }
  if (path !== undefined) {
    // The path starts right after the arguments.
    const offset = writer.length;
    if (offset > 0x7fff_ffff) throw new GdnetError("ERR_INVALID_PARAMETER", "encodeRemoteCall: the packet is too large.");
    writer.setU32(1, NODE_PATH_FLAG + offset);
    writer.cstring(path);
  }
  return writer.finish();
}

/**
 * Decodes a Godot 4 REMOTE_CALL, with Godot's receiver rules: node id width 3 is invalid; in
 * the uncached form the path offset must lie after the header and inside the packet, and the
 * arguments end at that offset; with bit 7 the rest is one raw PackedByteArray, or no argument
 * at all when nothing follows. Stricter than Godot where only a broken sender would differ: the
 * path must be NUL-terminated and non-empty, and no byte may follow the last argument (or the
 * path's NUL). Returns a GdnetError (ERR_INVALID_DATA; ERR_UNAUTHORIZED for a full Object
 * without `allowObjects`) instead of throwing.
 */
export function decodeRemoteCall(bytes: BytesLike, options?: VariantCodecOptions): DecodedRemoteCall | GdnetError {
  return decodePacket(bytes, PACKET, (reader) => {
    if (reader.remaining === 0) reject(PACKET, "it is empty");
    const meta = reader.u8();
    if ((meta & CMD_MASK) !== SceneCommand.NETWORK_COMMAND_REMOTE_CALL) {
      reject(PACKET, `the command is ${meta & CMD_MASK}, not REMOTE_CALL (0)`);
    }
    if ((meta & 0x08) !== 0) reject(PACKET, "bit 3 of the first byte is set (no Godot 4 release uses it)");
    const nodeWidth = (meta >> NODE_ID_COMPRESSION_SHIFT) & 0x03;
    if (nodeWidth === 3) reject(PACKET, "node id compression 3 is invalid (0 = u8, 1 = u16, 2 = u32)");
    const nameWidth = (meta >> NAME_ID_COMPRESSION_SHIFT) & 0x01;
    const byteOnly = (meta & BYTE_ONLY_OR_NO_ARGS_FLAG) !== 0;

    const nodeId = nodeWidth === 0 ? reader.u8() : nodeWidth === 1 ? reader.u16() : reader.u32();
    const methodId = nameWidth === 0 ? reader.u8() : reader.u16();
    const headerEnd = reader.offset;
    const packet = reader.bytes;

    let argsEnd = packet.length;
    let pathFromPacket: string | undefined;
    if (nodeId >= NODE_PATH_FLAG) {
      // Only a u32 target can carry the flag. Godot truncates the packet at the offset before
      // decoding the arguments (`get_packet_len`).
      const offset = nodeId - NODE_PATH_FLAG;
      if (offset >= packet.length)
        reject(PACKET, `the path offset ${offset} is past the end of the ${packet.length}-byte packet`);
      if (offset < headerEnd) reject(PACKET, `the path offset ${offset} points into the ${headerEnd}-byte header`);
      const pathReader = new ByteReader(packet, offset);
      pathFromPacket = pathReader.cstring();
      if (pathFromPacket === "") reject(PACKET, "the node path is empty");
      expectEnd(pathReader, PACKET, "node path");
      argsEnd = offset;
    }

    const body = new ByteReader(packet, headerEnd, argsEnd);
    const args = byteOnly ? decodeByteOnly(body) : decodeArgs(body, options);
    return pathFromPacket === undefined ? { nodeId, methodId, args } : { nodeId, pathFromPacket, methodId, args };
  });
}

/** Bit 7: one raw PackedByteArray when bytes follow, else no argument (`_process_rpc`). */
function decodeByteOnly(body: ByteReader): Variant[] {
  return body.remaining > 0 ? [body.byteArray(body.remaining)] : [];
}

/** u8 argc, then argc compressed Variants filling the rest exactly. */
function decodeArgs(body: ByteReader, options: VariantCodecOptions | undefined): Variant[] {
  if (body.remaining === 0) reject(PACKET, "the argument count is missing");
  const argc = body.u8();
  const args: Variant[] = [];
  for (let i = 0; i < argc; i++) {
    if (body.remaining === 0) reject(PACKET, `it announces ${argc} argument(s) but the data ends after ${i}`);
    const decoded = decodeAndDecompressVariant(body, options);
    if (decoded instanceof GdnetError) {
      rejectWith(new GdnetError(decoded.code, `Invalid ${PACKET} packet: argument ${i}: ${decoded.message}`));
    }
    args.push(decoded.value);
  }
  expectEnd(body, PACKET, "last argument");
  return args;
}
