import { GdnetError } from "../gdnet-error.js";
import { parseGodotInt } from "./godot-int.js";
import type { SignalingMessage, SignalingMessageInit } from "./signaling-message.js";
import { SignalingType } from "./signaling-type.js";

/**
 * The command letters of the 3.2 text protocol (godot-demo-projects branch 3.2,
 * `networking/webrtc_signaling`), by message. The client sends `J` to join; the server answers
 * `I` (your id), `N` (each peer), then `J` again with the lobby name.
 */
export const SignalingTextCommand = {
  JOIN: "J",
  ID: "I",
  PEER_CONNECT: "N",
  PEER_DISCONNECT: "D",
  OFFER: "O",
  ANSWER: "A",
  CANDIDATE: "C",
  SEAL: "S",
} as const;
export type SignalingTextCommand = (typeof SignalingTextCommand)[keyof typeof SignalingTextCommand];

/** A 3.2 message cut at its first newline, as both the demo server and client cut it. */
export interface SignalingTextParts {
  /** The first line, `"<C>: <arg>"`: at least 3 characters. */
  readonly head: string;
  /** Everything after the first newline (possibly empty, possibly with more newlines). */
  readonly payload: string;
}

const LETTER_OF_TYPE: Readonly<Record<SignalingType, SignalingTextCommand>> = {
  [SignalingType.JOIN]: SignalingTextCommand.JOIN,
  [SignalingType.ID]: SignalingTextCommand.ID,
  [SignalingType.PEER_CONNECT]: SignalingTextCommand.PEER_CONNECT,
  [SignalingType.PEER_DISCONNECT]: SignalingTextCommand.PEER_DISCONNECT,
  [SignalingType.OFFER]: SignalingTextCommand.OFFER,
  [SignalingType.ANSWER]: SignalingTextCommand.ANSWER,
  [SignalingType.CANDIDATE]: SignalingTextCommand.CANDIDATE,
  [SignalingType.SEAL]: SignalingTextCommand.SEAL,
};

const TYPE_OF_LETTER: ReadonlyMap<string, SignalingType> = new Map(
  Object.entries(LETTER_OF_TYPE).map(([type, letter]) => [letter, Number(type) as SignalingType]),
);

/**
 * Encodes a 3.2 (text) signaling message, as the 3.2 demo writes them: `"J: <lobby>\n"` (the
 * lobby name is `data`), `"S: \n"`, and `"<C>: <id>\n<data>"` for the others (`I`, `N`, `D` carry
 * no payload in the demo; `O`, `A`, `C` carry the SDP or candidate data). JOIN's `id` (4.x's mesh
 * flag) and SEAL's `id` and `data` have no place in 3.2 and are not written. Throws a GdnetError
 * (ERR_TYPE) for a `type` that is not a {@link SignalingType}.
 */
export function encodeSignalingText(message: SignalingMessageInit): string {
  const letter = LETTER_OF_TYPE[message.type] as SignalingTextCommand | undefined;
  if (letter === undefined) {
    throw new GdnetError("ERR_TYPE", `encodeSignalingText: type must be a SignalingType (0-7), got ${String(message.type)}.`);
  }
  const data = message.data ?? "";
  if (message.type === SignalingType.JOIN) return `J: ${data}\n`;
  if (message.type === SignalingType.SEAL) return "S: \n";
  return `${letter}: ${message.id}\n${data}`;
}

/**
 * Cuts a 3.2 message at its first newline. Never throws: without a newline, or with a first line
 * shorter than 3 characters, it gives a GdnetError (ERR_INVALID_DATA) — the demo server closes
 * with "Invalid message format" there and the 3.2 client drops the message
 * (`server_node/server.js` and `client/ws_webrtc_client.gd`, branch 3.2).
 */
export function splitSignalingText(text: string): SignalingTextParts | GdnetError {
  const newline = text.indexOf("\n");
  if (newline < 0) return invalid("it has no newline");
  const head = text.slice(0, newline);
  if (head.length < 3) return invalid(`its first line "${head}" is shorter than "<C>: "`);
  return { head, payload: text.slice(newline + 1) };
}

/**
 * Decodes a 3.2 (text) signaling message with the 3.2 demo client's rules
 * (`client/ws_webrtc_client.gd`, `_parse_msg`): the first line starts with a known letter and
 * ": "; `J` gives the lobby name (the rest of the line, as is) in `data`; `S` carries nothing;
 * the others need an integer argument (Godot's `is_valid_integer`: optional sign, digits), which
 * becomes `id`, and the payload becomes `data`. Never throws: a malformed message gives a
 * GdnetError (ERR_INVALID_DATA).
 */
export function decodeSignalingText(text: string): SignalingMessage | GdnetError {
  const parts = splitSignalingText(text);
  if (parts instanceof GdnetError) return parts;
  const { head, payload } = parts;
  const type = head.slice(1, 3) === ": " ? TYPE_OF_LETTER.get(head.charAt(0)) : undefined;
  if (type === undefined) return invalid(`"${head.slice(0, 3)}" is not a command (J, I, N, D, O, A, C or S, then ": ")`);
  const argument = head.slice(3);
  if (type === SignalingType.JOIN) return { type, id: 0, data: argument };
  if (type === SignalingType.SEAL) return { type, id: 0, data: "" };
  const id = parseGodotInt(argument);
  if (id === undefined) return invalid(`the id "${argument}" is not an integer`);
  return { type, id, data: payload };
}

function invalid(why: string): GdnetError {
  return new GdnetError("ERR_INVALID_DATA", `Invalid signaling message (3.2 text protocol): ${why}.`);
}
