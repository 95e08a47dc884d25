// Godot 4 SYS packets (modules/multiplayer/scene_multiplayer.cpp: `poll` for AUTH, `_process_sys`,
// `send_command` for RELAY, `_admit_peer` / `_del_peer` for ADD_PEER / DEL_PEER):
//   07, sys command, i32 peer, [payload]      (SYS_CMD_SIZE = 6)
//   07 00 <payload>                            AUTH; the bare `07 00` means "authentication done"

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteWriter } from "../variant/byte-writer.js";
import { checkInteger, decodePacket, expectCommandByte, INT32_MAX, INT32_MIN, reject } from "./packet-helpers.js";
import { SceneCommand, SYS_CMD_SIZE, SysCommand } from "./scene-command.js";

/** AUTH: `send_auth` data, or, when `payload` is empty, the `complete_auth` notice (`07 00`). */
export interface SysAuthPacket {
  readonly command: typeof SysCommand.SYS_COMMAND_AUTH;
  /** The authentication data; empty = "authentication done". */
  readonly payload: Uint8Array;
}

/** ADD_PEER / DEL_PEER: the server announces a peer joining or leaving (relay mode). */
export interface SysPeerPacket {
  readonly command: typeof SysCommand.SYS_COMMAND_ADD_PEER | typeof SysCommand.SYS_COMMAND_DEL_PEER;
  /** The peer joining or leaving: 1..2^31-1 when encoding (decoding returns the i32 as sent). */
  readonly peerId: number;
}

/** RELAY: a packet routed through the server. */
export interface SysRelayPacket {
  readonly command: typeof SysCommand.SYS_COMMAND_RELAY;
  /**
   * Client to server: the destination (> 0 one peer, 0 everyone, < 0 everyone but `-peerId`).
   * Server to client: the source peer. Any int32.
   */
  readonly peerId: number;
  /** The relayed SceneMultiplayer packet (not empty). */
  readonly packet: Uint8Array;
}

/** Any SYS packet. */
export type SysPacket = SysAuthPacket | SysPeerPacket | SysRelayPacket;

const SYS = "SYS";

/**
 * Encodes a SYS packet. Throws GdnetError ERR_INVALID_PARAMETER for an unknown command, an
 * ADD_PEER/DEL_PEER id outside 1..2^31-1, a RELAY peer outside int32 or an empty relayed packet.
 */
export function encodeSysPacket(packet: SysPacket): Uint8Array<ArrayBuffer> {
  const writer = new ByteWriter();
  writer.u8(SceneCommand.NETWORK_COMMAND_SYS);
  switch (packet.command) {
    case SysCommand.SYS_COMMAND_AUTH:
      writer.u8(SysCommand.SYS_COMMAND_AUTH);
      writer.bytes(asBytes(packet.payload, "encodeSysPacket: payload"));
      break;
    case SysCommand.SYS_COMMAND_ADD_PEER:
    case SysCommand.SYS_COMMAND_DEL_PEER:
      writer.u8(packet.command);
      writer.i32(checkInteger(packet.peerId, 1, INT32_MAX, "encodeSysPacket: peerId"));
      break;
    case SysCommand.SYS_COMMAND_RELAY: {
      const inner = asBytes(packet.packet, "encodeSysPacket: packet");
      if (inner.length === 0)
        throw new GdnetError("ERR_INVALID_PARAMETER", "encodeSysPacket: the relayed packet must not be empty.");
      writer.u8(SysCommand.SYS_COMMAND_RELAY);
      writer.i32(checkInteger(packet.peerId, INT32_MIN, INT32_MAX, "encodeSysPacket: peerId"));
      writer.bytes(inner);
      break;
    }
    default:
      throw new GdnetError(
        "ERR_INVALID_PARAMETER",
        `encodeSysPacket: unknown SYS command ${String((packet as { command: unknown }).command)}.`,
      );
  }
  return writer.finish();
}

/**
 * Decodes a SYS packet with Godot's size rules: AUTH needs the 2 bytes `07 00` (the rest is
 * the payload); the others need the 6-byte header, RELAY at least one byte after it.
 * Stricter where only a broken sender differs: the first byte must be exactly `07` and
 * ADD_PEER/DEL_PEER exactly 6 bytes. Payloads are copies. Never throws on bad bytes.
 */
export function decodeSysPacket(bytes: BytesLike): SysPacket | GdnetError {
  return decodePacket(bytes, SYS, (reader): SysPacket => {
    expectCommandByte(reader, SYS, SceneCommand.NETWORK_COMMAND_SYS);
    if (reader.remaining === 0) reject(SYS, "the SYS command byte is missing");
    const command = reader.u8();
    if (command === SysCommand.SYS_COMMAND_AUTH) {
      return { command, payload: reader.byteArray(reader.remaining) };
    }
    if (command > SysCommand.SYS_COMMAND_RELAY) reject(SYS, `unknown SYS command ${command}`);
    if (reader.bytes.length < SYS_CMD_SIZE) reject(SYS, `it is ${reader.bytes.length} bytes, shorter than the 6-byte header`);
    const peerId = reader.i32();
    if (command === SysCommand.SYS_COMMAND_RELAY) {
      if (reader.remaining === 0) reject(SYS, "the RELAY packet carries no inner packet");
      return { command, peerId, packet: reader.byteArray(reader.remaining) };
    }
    if (reader.remaining !== 0) reject(SYS, `${reader.remaining} unexpected byte(s) after the peer id`);
    return { command: command as SysPeerPacket["command"], peerId };
  });
}
