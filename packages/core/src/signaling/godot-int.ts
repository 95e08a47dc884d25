/** Godot's `String.is_valid_int()` (4.x) / `is_valid_integer()` (3.x): an optional sign, then digits. */
const GODOT_INTEGER = /^[+-]?[0-9]+$/;

/**
 * The integer `text` holds when Godot's `is_valid_int()` accepts it, or undefined. Also
 * undefined past 2^53, where a JS number would no longer be exact.
 */
export function parseGodotInt(text: string): number | undefined {
  if (!GODOT_INTEGER.test(text)) return undefined;
  const value = Number(text) + 0; // + 0: "-0" reads as 0
  return Number.isSafeInteger(value) ? value : undefined;
}
