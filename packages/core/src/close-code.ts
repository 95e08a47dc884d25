import { GdnetError } from "./gdnet-error.js";
import { utf8Length } from "./utf8.js";

/** Longest close reason: a close frame's payload is at most 125 bytes, 2 of them the code (RFC 6455 5.5). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Checks a close code and reason before they go on the wire. `applicationOnly` is set where the
 * platform only lets applications send 1000 and 3000-4999 (the browser WebSocket.close() throws
 * InvalidAccessError for anything else).
 */
export function checkClose(code: number, reason: string, applicationOnly: boolean): GdnetError | undefined {
  if (!Number.isInteger(code)) {
    return new GdnetError("ERR_INVALID_PARAMETER", `Close code must be an integer, got ${code}.`);
  }
  if (applicationOnly && code !== 1000 && (code < 3000 || code > 4999)) {
    return new GdnetError(
      "ERR_INVALID_PARAMETER",
      `Close code ${code} cannot be sent from a browser, which only allows 1000 and 3000-4999; use 1000 or a code in 4000-4999.`,
    );
  }
  if (!isSendableCloseCode(code)) {
    return new GdnetError(
      "ERR_INVALID_PARAMETER",
      `Close code ${code} may not be sent (RFC 6455 7.4): use 1000-1003, 1007-1014 or 3000-4999.`,
    );
  }
  if (typeof reason !== "string" || utf8Length(reason) > MAX_CLOSE_REASON_BYTES) {
    return new GdnetError(
      "ERR_INVALID_PARAMETER",
      `Close reason must be a string of at most ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes.`,
    );
  }
  return undefined;
}

/** RFC 6455 7.4: the codes an endpoint may put in a close frame it sends. */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/**
 * Godot 3.x sends a non-empty close reason with its C string terminator (wsl_peer.cpp passes the
 * CharString's size, NUL included); Godot itself drops it when reading. We drop it too, so a
 * reason from a 3.x peer reads the same here as in Godot.
 */
export function stripTrailingNul(reason: string): string {
  return reason.endsWith("\0") ? reason.slice(0, -1) : reason;
}
