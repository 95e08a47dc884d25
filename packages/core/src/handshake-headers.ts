import { GdnetError } from "./gdnet-error.js";

/** A header as a name and a value. */
export type HeaderPair = readonly [name: string, value: string];

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Headers that the WebSocket handshake itself owns; setting them by hand would break it.
 * (Godot appends custom lines verbatim and lets you break it; we refuse with a clear error.)
 */
const RESERVED = new Set([
  "host",
  "upgrade",
  "connection",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-accept",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
  "content-length",
  "transfer-encoding",
]);

/**
 * Parses Godot's `handshake_headers` / `custom_headers` / `set_extra_headers` lines
 * (`"Name: value"`, one header per string) into pairs.
 */
export function parseHeaderLines(lines: readonly string[]): HeaderPair[] | GdnetError {
  if (!Array.isArray(lines)) return new GdnetError("ERR_INVALID_PARAMETER", "Headers must be an array of strings.");
  const pairs: HeaderPair[] = [];
  for (const line of lines) {
    if (typeof line !== "string") {
      return new GdnetError("ERR_INVALID_PARAMETER", 'Each header must be a string of the form "Name: value".');
    }
    const colon = line.indexOf(":");
    const name = colon === -1 ? "" : line.slice(0, colon).trim();
    const value = colon === -1 ? "" : line.slice(colon + 1).trim();
    if (!TOKEN.test(name)) {
      return new GdnetError("ERR_INVALID_PARAMETER", `Header "${line}" is not of the form "Name: value".`);
    }
    // Godot's parser rejects a header with an empty value (godot-protocols.md 1.1), so a Godot
    // peer would refuse a handshake that carried one.
    if (value === "" || /[\r\n\0]/.test(value)) {
      return new GdnetError("ERR_INVALID_PARAMETER", `Header "${name}" needs a non-empty value without line breaks.`);
    }
    if (RESERVED.has(name.toLowerCase())) {
      return new GdnetError("ERR_INVALID_PARAMETER", `Header "${name}" belongs to the WebSocket handshake and cannot be set.`);
    }
    pairs.push([name, value]);
  }
  return pairs;
}
