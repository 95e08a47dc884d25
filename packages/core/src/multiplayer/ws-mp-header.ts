// The 9-byte header Godot 3.2's WebSocketMultiplayerPeer (`gd_mp_api = true`) puts on every
// WebSocket message (modules/websocket/websocket_multiplayer_peer.cpp of 3.2, `PROTO_SIZE`,
// `_send_sys`, `_process_multiplayer`):
//   u8 type, i32 from, i32 to, payload
// SYS messages (type 1-3) come only from the server, `from = 1`, `to = 0`, and carry one i32
// peer id. Godot 4's WebSocketMultiplayerPeer has no such header (incompatible framing).

import { asBytes, type BytesLike } from "../bytes.js";
import { GdnetError } from "../gdnet-error.js";
import { ByteWriter } from "../variant/byte-writer.js";
import { checkInteger, decodePacket, INT32_MAX, INT32_MIN, reject } from "./packet-helpers.js";

/** The `type` byte of the 3.2 header (`SYS_NONE` ... `SYS_ID` in websocket_multiplayer_peer.h). */
export const WsMpType = {
  /** A MultiplayerAPI packet in the payload. */
  SYS_NONE: 0,
  /** Server to client: peer `id` joined (id 1 also means "connection succeeded"). */
  SYS_ADD: 1,
  /** Server to client: peer `id` left. */
  SYS_DEL: 2,
  /** Server to client: your unique id is `id`. */
  SYS_ID: 3,
} as const;
export type WsMpType = (typeof WsMpType)[keyof typeof WsMpType];

/** `PROTO_SIZE`: bytes of the header. */
export const WS_MP_HEADER_SIZE = 9;

/** A 3.2 multiplayer WebSocket message. */
export interface WsMpPacket {
  readonly type: WsMpType;
  /** Sender peer id (the server relays client messages unchanged, so this is the original sender). */
  readonly from: number;
  /** Target: > 0 one peer, 0 everyone, < 0 everyone but `-to`. */
  readonly to: number;
  /** What follows the header: a MultiplayerAPI packet, or for SYS types the i32 peer id. */
  readonly payload: Uint8Array;
}

/** A decoded 3.2 message; SYS types also give the peer id read from the payload. */
export type DecodedWsMpPacket =
  | (WsMpPacket & { readonly type: typeof WsMpType.SYS_NONE })
  | (WsMpPacket & { readonly type: Exclude<WsMpType, typeof WsMpType.SYS_NONE>; readonly peerId: number });

const PACKET = "Godot 3.2 WebSocket multiplayer";

/**
 * Encodes a 3.2 message: header, then `payload`. Throws GdnetError ERR_INVALID_PARAMETER for a
 * `type` outside 0-3, `from` outside 1..2^31-1, `to` outside int32, or a SYS payload that is
 * not exactly 4 bytes (use {@link encodeWsMpSys}).
 */
export function encodeWsMpPacket(packet: WsMpPacket): Uint8Array<ArrayBuffer> {
  const type = checkInteger(packet.type, WsMpType.SYS_NONE, WsMpType.SYS_ID, "encodeWsMpPacket: type");
  const from = checkInteger(packet.from, 1, INT32_MAX, "encodeWsMpPacket: from");
  const to = checkInteger(packet.to, INT32_MIN, INT32_MAX, "encodeWsMpPacket: to");
  const payload = asBytes(packet.payload, "encodeWsMpPacket: payload");
  if (type !== WsMpType.SYS_NONE && payload.length !== 4) {
    throw new GdnetError("ERR_INVALID_PARAMETER", `encodeWsMpPacket: a SYS payload is one i32 (4 bytes), got ${payload.length}.`);
  }
  const writer = new ByteWriter(WS_MP_HEADER_SIZE + payload.length);
  writer.u8(type);
  writer.i32(from);
  writer.i32(to);
  writer.bytes(payload);
  return writer.finish();
}

/**
 * Encodes a SYS message as the 3.2 server sends it (`_send_sys`): `from = 1`, `to = 0`, the
 * peer id as i32. Throws GdnetError ERR_INVALID_PARAMETER for a type that is not SYS_ADD,
 * SYS_DEL or SYS_ID, or an id outside int32.
 */
export function encodeWsMpSys(type: Exclude<WsMpType, typeof WsMpType.SYS_NONE>, peerId: number): Uint8Array<ArrayBuffer> {
  checkInteger(type, WsMpType.SYS_ADD, WsMpType.SYS_ID, "encodeWsMpSys: type");
  const payload = new ByteWriter(4);
  payload.i32(checkInteger(peerId, INT32_MIN, INT32_MAX, "encodeWsMpSys: peerId"));
  return encodeWsMpPacket({ type, from: 1, to: 0, payload: payload.finish() });
}

/**
 * Decodes a 3.2 message: at least the 9-byte header; a type above 3 is an error (the 3.2
 * client refuses it); a SYS payload needs its 4-byte id (shorter ones are dropped by Godot),
 * and gdnet also refuses bytes after it. The payload is a copy. `from` and `to` are returned as
 * sent, any int32 (the receiver decides what to trust), so a `from` below 1 decodes although
 * {@link encodeWsMpPacket} refuses to write it. Never throws on bad bytes.
 */
export function decodeWsMpPacket(bytes: BytesLike): DecodedWsMpPacket | GdnetError {
  return decodePacket(bytes, PACKET, (reader): DecodedWsMpPacket => {
    if (reader.remaining < WS_MP_HEADER_SIZE) {
      reject(PACKET, `it is ${reader.remaining} bytes, shorter than the ${WS_MP_HEADER_SIZE}-byte header`);
    }
    const type = reader.u8();
    const from = reader.i32();
    const to = reader.i32();
    const payload = reader.byteArray(reader.remaining);
    if (type === WsMpType.SYS_NONE) return { type, from, to, payload };
    if (type > WsMpType.SYS_ID) reject(PACKET, `unknown message type ${type}`);
    if (payload.length !== 4) reject(PACKET, `a SYS message carries a 4-byte peer id, this one has ${payload.length} bytes`);
    const peerId = new DataView(payload.buffer).getInt32(0, true);
    return { type: type as Exclude<WsMpType, typeof WsMpType.SYS_NONE>, from, to, payload, peerId };
  });
}
