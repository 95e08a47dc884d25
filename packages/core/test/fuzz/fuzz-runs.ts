// How hard the property tests of packages/core/test/fuzz push: GDNET_FUZZ_RUNS cases per property
// (default 100,000, the normal suite; `npm run fuzz` sets 2,000,000). GDNET_FUZZ_SEED and
// GDNET_FUZZ_PATH replay a failure: fast-check prints its "seed" and "path" with the counterexample.

import fc from "fast-check";
import { expect } from "vitest";

const DEFAULT_RUNS = 100_000;

function readPositiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text.replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${text}".`);
  return value;
}

/** Cases per property. */
export const FUZZ_RUNS: number = readPositiveInteger("GDNET_FUZZ_RUNS", DEFAULT_RUNS);

/**
 * Per-test timeout: vitest's 30 s default is plenty for 100,000 cases (each property takes a few
 * seconds at most), and grows with the run count so `npm run fuzz` is not cut short.
 */
export const FUZZ_TIMEOUT_MS: number = Math.max(30_000, Math.ceil(FUZZ_RUNS / DEFAULT_RUNS) * 30_000);

/** fast-check parameters of every fuzz property: the run count, and the seed / path to replay when set. */
export function fuzzParameters<T>(): fc.Parameters<T> {
  const seed = process.env.GDNET_FUZZ_SEED;
  const path = process.env.GDNET_FUZZ_PATH;
  return {
    numRuns: FUZZ_RUNS,
    ...(seed === undefined || seed === "" ? {} : { seed: Number(seed) }),
    ...(path === undefined || path === "" ? {} : { path }),
  };
}

/**
 * `fc.assert(property)` with {@link fuzzParameters}. Stack traces are off while it runs: the
 * decoders build a GdnetError for every refused input, and capturing its stack costs more than
 * the decoding itself (counterexamples are reported by message; the test's own stack stays).
 */
export function assertProperty<T>(property: fc.IProperty<T>): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    fc.assert(property, fuzzParameters());
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Below this many runs the coverage checks are skipped (a quick `GDNET_FUZZ_RUNS=100` smoke run). */
const COVERAGE_MIN_RUNS = 10_000;

/**
 * Fails unless a property's inputs reached some outcome (`count` times) in more than `fraction`
 * of the runs, or at all when `fraction` is 0: the inputs must exercise both success and
 * failure paths, or a property holds without proving much.
 */
export function expectCoverage(count: number, fraction: number, what: string): void {
  if (FUZZ_RUNS < COVERAGE_MIN_RUNS) return;
  expect(count, `${what}: ${count} of ${FUZZ_RUNS} runs`).toBeGreaterThan(FUZZ_RUNS * fraction);
}
