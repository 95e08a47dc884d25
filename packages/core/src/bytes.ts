import { GdnetError } from "./gdnet-error.js";

/** Bytes gdnet accepts wherever Godot takes a PackedByteArray. */
export type BytesLike = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * A Uint8Array view of `data`, without copying. Throws `ERR_TYPE` for anything else: a string is
 * a programmer error here (Godot's put_packet takes bytes; use `toUtf8(text)` or `sendText`).
 */
export function asBytes(data: BytesLike, where: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const hint = typeof data === "string" ? " (strings: convert with toUtf8(text), or use sendText)" : "";
  throw new GdnetError("ERR_TYPE", `${where} expects a Uint8Array, ArrayBuffer or ArrayBufferView${hint}.`);
}

/** An empty packet, returned by getPacket() when there is none (Godot returns an empty array). */
export const NO_PACKET: Uint8Array = new Uint8Array(0);
