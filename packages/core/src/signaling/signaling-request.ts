import { GdnetError } from "../gdnet-error.js";
import { parseSignalingJson } from "./signaling-json.js";
import { splitSignalingText } from "./signaling-text.js";
import { SignalingType } from "./signaling-type.js";

/** Which webrtc_signaling protocol: 4 (master / 4.x, JSON) or 3 (branch 3.2, text lines). */
export type SignalingProtocolVersion = 3 | 4;

/** The message types a signaling server relays between lobby members. */
export type SignalingRelayType = typeof SignalingType.OFFER | typeof SignalingType.ANSWER | typeof SignalingType.CANDIDATE;

/**
 * What a client's message asks a signaling server to do, read with the Node demo server's rules.
 * The server decides the outcome, which depends on the lobby state: JOIN is handled before
 * checking that the client is in a lobby; the others need one.
 */
export type SignalingRequest =
  /** Not readable at all: "Invalid message format". */
  | { readonly kind: "malformed"; readonly error: GdnetError }
  /** Join lobby `lobby`, or create one when it is "" (`mesh` only matters then; always false in 3.2). */
  | { readonly kind: "join"; readonly lobby: string; readonly mesh: boolean }
  /** Seal the lobby (host only). */
  | { readonly kind: "seal" }
  /** Relay `data` to `destination` (1 = the lobby host). NaN when a 3.2 argument is not a number. */
  | { readonly kind: "relay"; readonly type: SignalingRelayType; readonly destination: number; readonly data: string }
  /**
   * Any other command: "Invalid command". In 3.2 the demo server checks the destination first
   * (`destination`, possibly NaN: "Invalid destination" when nobody in the lobby has it); in 4.x
   * it does not (`destination` null).
   */
  | { readonly kind: "other"; readonly destination: number | null };

const RELAY_LETTERS: ReadonlyMap<string, SignalingRelayType> = new Map([
  ["O: ", SignalingType.OFFER],
  ["A: ", SignalingType.ANSWER],
  ["C: ", SignalingType.CANDIDATE],
]);

/**
 * Reads a client's message as the Node demo server does (`server_node/server.js`, `parseMsg`;
 * branch 3.2 for version 3, master for 4). Never throws.
 */
export function parseSignalingRequest(text: string, version: SignalingProtocolVersion): SignalingRequest {
  return version === 3 ? parseTextRequest(text) : parseJsonRequest(text);
}

function parseJsonRequest(text: string): SignalingRequest {
  const fields = parseSignalingJson(text);
  if (fields instanceof GdnetError) return { kind: "malformed", error: fields };
  const { type, id, data } = fields;
  switch (type) {
    case SignalingType.JOIN:
      // The 4.x client sends id 0 for a mesh lobby and 1 for client/server.
      return { kind: "join", lobby: data, mesh: id === 0 };
    case SignalingType.SEAL:
      return { kind: "seal" };
    case SignalingType.OFFER:
    case SignalingType.ANSWER:
    case SignalingType.CANDIDATE:
      return { kind: "relay", type, destination: id, data };
    default:
      return { kind: "other", destination: null };
  }
}

function parseTextRequest(text: string): SignalingRequest {
  const parts = splitSignalingText(text);
  if (parts instanceof GdnetError) return { kind: "malformed", error: parts };
  const { head, payload } = parts;
  // The 3.2 server trims the lobby name (`cmd.substr(3).trim()`); the client does not.
  if (head.startsWith("J: ")) return { kind: "join", lobby: head.slice(3).trim(), mesh: false };
  if (head.startsWith("S: ")) return { kind: "seal" };
  // `parseInt(cmd.substr(3).trim())` in the demo, before it looks at the letter: lenient
  // ("12abc" is 12, "0x10" is 16) and NaN for no number, which no member has.
  // biome-ignore lint/correctness/useParseIntRadix: the demo passes no radix, and "0x10" must read as 16 as there.
  const destination = Number.parseInt(head.slice(3).trim());
  const type = RELAY_LETTERS.get(head.slice(0, 3));
  if (type === undefined) return { kind: "other", destination };
  return { kind: "relay", type, destination, data: payload };
}
