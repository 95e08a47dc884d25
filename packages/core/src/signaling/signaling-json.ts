import { GdnetError } from "../gdnet-error.js";
import type { SignalingMessage, SignalingMessageInit } from "./signaling-message.js";
import { isSignalingType } from "./signaling-type.js";

/**
 * The fields of a 4.x signaling message as the Node demo server reads them, before the type is
 * checked: `type` may be any non-negative number here (the server answers an unknown type with
 * "Invalid command", which depends on the lobby state, so the check is left to the caller).
 */
export interface SignalingJsonFields {
  readonly type: number;
  readonly id: number;
  readonly data: string;
}

/**
 * Encodes a 4.x (JSON) signaling message. Always writes all three keys, `data` "" by default:
 * the GDScript demo client (`client/ws_webrtc_client.gd`, `_parse_msg`) drops any message whose
 * `data` is missing or not a string.
 */
export function encodeSignalingJson(message: SignalingMessageInit): string {
  return JSON.stringify({ type: message.type, id: message.id, data: message.data ?? "" });
}

/**
 * Reads a 4.x message with the Node demo server's rules (`server_node/server.js`, `parseMsg`):
 * the text must be JSON; `type` and `id` must be numbers, are floored, and must then be >= 0;
 * `data` is used only when it is a string (anything else reads as ""). Never throws: a message
 * the server would refuse with "Invalid message format" gives a GdnetError (ERR_INVALID_DATA).
 */
export function parseSignalingJson(text: string): SignalingJsonFields | GdnetError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid("it is not JSON");
  }
  // The demo reads json['type'] without checking the value is an object, so `null` throws a
  // TypeError there (closing with its message); every other non-object reads as a missing type.
  // Both are malformed here.
  if (typeof json !== "object" || json === null) return invalid("it is not a JSON object");
  const fields = json as { readonly type?: unknown; readonly id?: unknown; readonly data?: unknown };
  const type = nonNegativeFloor(fields.type);
  if (type === undefined) return invalid('"type" must be a number >= 0');
  const id = nonNegativeFloor(fields.id);
  if (id === undefined) return invalid('"id" must be a number >= 0');
  const data = fields.data;
  return { type, id, data: typeof data === "string" ? data : "" };
}

/**
 * Decodes a 4.x (JSON) signaling message: {@link parseSignalingJson}'s rules, the type must be
 * one of {@link SignalingType}, and the id must be finite. Never throws; a malformed message
 * gives a GdnetError (ERR_INVALID_DATA).
 */
export function decodeSignalingJson(text: string): SignalingMessage | GdnetError {
  const fields = parseSignalingJson(text);
  if (fields instanceof GdnetError) return fields;
  const { type, id, data } = fields;
  if (!isSignalingType(type)) return invalid(`type ${type} is not a signaling message type (0-7)`);
  // A number literal past the double range (`1e400`) parses as Infinity: no peer has that id, and
  // JSON cannot carry it back (encodeSignalingJson would write `"id":null`, which no reader
  // accepts). parseSignalingJson keeps it, as the demo server does (its lookup then fails).
  if (!Number.isFinite(id)) return invalid(`"id" must be a finite number, got ${id}`);
  return { type, id, data };
}

function nonNegativeFloor(value: unknown): number | undefined {
  if (typeof value !== "number") return undefined;
  // `+ 0` turns a literal -0 into 0 (anything below 0 floors to -1 or less and is refused).
  const floored = Math.floor(value) + 0;
  return floored >= 0 ? floored : undefined;
}

function invalid(why: string): GdnetError {
  return new GdnetError("ERR_INVALID_DATA", `Invalid signaling message (JSON protocol): ${why}.`);
}
