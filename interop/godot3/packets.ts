// Packets as the Godot scenarios take them (scenario.gd packet_from_spec) and report them
// (describe_packet), and the summaries the tests compare. No test-runner imports: child processes
// use it too.
import { createHash } from "node:crypto";

/** The bytes of a `{"pattern": size}` packet spec (byte i = (i * 31 + 7) % 256), as scenario.gd makes them. */
export function patternBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 256;
  return bytes;
}

/**
 * A packet for a scenario to send (scenario.gd `packet_from_spec`): a string (sent as its UTF-8
 * bytes), bytes in base64, or `pattern` bytes; `mode` is the write mode (default binary).
 */
export type PacketSpec = { mode?: "text" | "binary" } & ({ text: string } | { b64: string } | { pattern: number });

/** The bytes a scenario makes from `spec`. */
export function specBytes(spec: PacketSpec): Uint8Array {
  if ("text" in spec) return new TextEncoder().encode(spec.text);
  if ("b64" in spec) return new Uint8Array(Buffer.from(spec.b64, "base64"));
  return patternBytes(spec.pattern);
}

/** A packet's identity as the tests compare it: size, text-or-binary, SHA-256. */
export interface PacketSummary {
  readonly size: number;
  readonly string: boolean;
  readonly sha256: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Summary of bytes seen on the gdnet side (`wasString`: it came, or is expected, as a text frame). */
export function summarize(bytes: Uint8Array, wasString: boolean): PacketSummary {
  return { size: bytes.length, string: wasString, sha256: sha256Hex(bytes) };
}

/** Summary of what `spec` should look like on arrival (text mode arrives as a string packet). */
export function summarizeSpec(spec: PacketSpec): PacketSummary {
  return summarize(specBytes(spec), spec.mode === "text");
}

/** Summary of a packet Godot reported (a `data_received` event of ws_client / ws_server). */
export function summarizeReported(event: { readonly [field: string]: unknown }): PacketSummary {
  return { size: Number(event.size), string: event.string === true, sha256: String(event.sha256) };
}
