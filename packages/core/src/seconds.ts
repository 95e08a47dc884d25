import { GdnetError } from "./gdnet-error.js";

/**
 * `value` as a duration option in seconds (`name` is for the message): a finite number above 0,
 * or at least 0 when `zeroTurnsOff` (default false), as for a heartbeat 0 turns it off. Returns
 * the ERR_INVALID_PARAMETER to report otherwise.
 */
export function checkSeconds(value: unknown, name: string, zeroTurnsOff = false): number | GdnetError {
  const ok = typeof value === "number" && Number.isFinite(value) && (zeroTurnsOff ? value >= 0 : value > 0);
  if (ok) return value;
  return new GdnetError(
    "ERR_INVALID_PARAMETER",
    `${name} must be a number of seconds ${zeroTurnsOff ? ">=" : ">"} 0, got ${String(value)}.`,
  );
}
