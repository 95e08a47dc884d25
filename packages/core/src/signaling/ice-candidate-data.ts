import { GdnetError } from "../gdnet-error.js";
import { parseGodotInt } from "./godot-int.js";

/** An ICE candidate as the webrtc_signaling demo sends it (WebRTCPeerConnection's `ice_candidate_created`). */
export interface IceCandidateData {
  /** The media stream id (`sdpMid`). */
  readonly mid: string;
  /** The media line index (`sdpMLineIndex`). */
  readonly index: number;
  /** The candidate line (`candidate:...`). */
  readonly candidate: string;
}

/**
 * The `data` of a CANDIDATE message: `"\n<mid>\n<index>\n<candidate>"`, the demo client's
 * `"\n%s\n%d\n%s"` (`client/ws_webrtc_client.gd`, `send_candidate`, both versions). The leading
 * newline is why the 3.2 line reads `C: <id>\n\n<mid>...`.
 */
export function encodeCandidateData(mid: string, index: number, candidate: string): string {
  return `\n${mid}\n${index}\n${candidate}`;
}

/**
 * Reads CANDIDATE data with the demo client's rules (`client/ws_webrtc_client.gd`,
 * `_parse_msg`): split on "\n" with empty parts skipped, exactly 3 parts, and an integer index
 * (optional sign, digits). So an empty `mid` cannot be sent this way, as in the demo. Never
 * throws; malformed data gives a GdnetError (ERR_INVALID_DATA).
 */
export function decodeCandidateData(data: string): IceCandidateData | GdnetError {
  const parts = data.split("\n").filter((part) => part !== "");
  if (parts.length !== 3) {
    return invalid(`it has ${parts.length} non-empty lines, not 3 ("\\n<mid>\\n<index>\\n<candidate>")`);
  }
  const [mid, indexText, candidate] = parts as [string, string, string];
  const index = parseGodotInt(indexText);
  if (index === undefined) return invalid(`the index "${indexText}" is not an integer`);
  return { mid, index, candidate };
}

function invalid(why: string): GdnetError {
  return new GdnetError("ERR_INVALID_DATA", `Invalid ICE candidate data: ${why}.`);
}
