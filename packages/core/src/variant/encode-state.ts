// Bookkeeping of one encode call: options, the path to the value being written (for error
// messages such as `args[2].pos`), and the containers open on the way there (to refuse cycles).

import { GdnetError } from "../gdnet-error.js";
import type { Generation } from "./generation.js";
import type { ResolvedVariantCodecOptions } from "./variant-codec-options.js";

/** A step of the path reported when a value cannot be encoded: `[3]`, `.name`, or raw text. */
export type PathSegment = number | string | { readonly raw: string };

export interface EncodeState {
  readonly gen: Generation;
  readonly options: ResolvedVariantCodecOptions;
  /** Write real-based math types as f64 with the 64-bit flag (4.x `precision: "double"`). */
  readonly double: boolean;
  readonly root: string;
  readonly path: PathSegment[];
  /** Containers being written, to refuse cycles with a clear message. */
  readonly open: Set<object>;
}

/** The path of a value being encoded, e.g. `args[2].pos`. */
export function formatPath(root: string, path: readonly PathSegment[]): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string")
      text += /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    else text += segment.raw;
  }
  return text;
}

/** The error for a value that cannot be encoded, naming its path. */
export function fail(s: EncodeState, reason: string): GdnetError {
  return new GdnetError("ERR_INVALID_PARAMETER", `Cannot encode ${formatPath(s.root, s.path)} for ${s.gen.label}: ${reason}.`);
}

/** "a Date", "a Foo": what a JS object is, for messages. */
export function describe(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  const name = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "this object";
}

/** Marks a container as being written; fails if it already is (a cycle). */
export function enter(s: EncodeState, container: object): void {
  if (s.open.has(container)) throw fail(s, "it contains itself, and a cyclic structure cannot be encoded");
  s.open.add(container);
}
