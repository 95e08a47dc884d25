import { GodotError, type GodotErrorName } from "./godot-error.js";

/**
 * Stable string codes of {@link GdnetError}: Godot's `Error` names (so the code of a failed call
 * is the name of the number it returned), plus `ERR_TYPE` for programmer errors such as passing
 * a string where bytes are expected.
 */
export type GdnetErrorCode = Exclude<GodotErrorName, "OK"> | "ERR_TYPE";

/** Options of {@link GdnetError}. */
export interface GdnetErrorOptions {
  /** The lower-level error behind this one. */
  cause?: unknown;
  /** The WebSocket close code that goes with this error, when there is one (1009 for a message too big). */
  closeCode?: number;
}

/**
 * The one error class of gdnet. Methods that return a Godot `Error` never throw: they return the
 * number and keep a `GdnetError` with the explanation (`getLastError()` on the object). Programmer
 * errors (wrong argument types) throw it with code `ERR_TYPE`.
 */
export class GdnetError extends Error {
  override readonly name: "GdnetError" = "GdnetError";
  readonly code: GdnetErrorCode;
  /** The Godot `Error` number of `code` (`FAILED` for `ERR_TYPE`). */
  readonly error: GodotError;
  readonly closeCode: number | undefined;

  constructor(code: GdnetErrorCode, message: string, options: GdnetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.error = code === "ERR_TYPE" ? GodotError.FAILED : GodotError[code];
    this.closeCode = options.closeCode;
  }
}

/** True when `value` is a {@link GdnetError}, also across bundles that each carry a copy of core. */
export function isGdnetError(value: unknown): value is GdnetError {
  return value instanceof GdnetError || (value instanceof Error && value.name === "GdnetError");
}
