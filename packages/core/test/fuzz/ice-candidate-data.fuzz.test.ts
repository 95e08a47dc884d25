// Property tests of the CANDIDATE data decoder (ice-candidate-data.ts: decodeCandidateData):
// `"\n<mid>\n<index>\n<candidate>"`, read as the demo client does (split on "\n", empty parts skipped).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { decodeCandidateData, encodeCandidateData, type IceCandidateData } from "../../src/signaling/ice-candidate-data.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import { check, checkDocumentedError } from "./fuzz-support.js";

/** A non-empty line (the demo skips empty parts, so an empty mid or candidate cannot be sent). */
const line = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.constantFrom("0", "audio", "data", "candidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx"),
  )
  .map((text) => text.replaceAll("\n", "") || "x");

const candidates: fc.Arbitrary<IceCandidateData> = fc.record({
  mid: line,
  index: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer(), fc.maxSafeInteger()),
  candidate: line,
});

const index = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom("+1", "-0", "007", "9007199254740993", "", "1a", "0x1", "1.0", " 1"),
);

const input: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 16 }),
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.array(fc.oneof(line, index, fc.constant("")), { maxLength: 5 }), fc.constantFrom("\n", "\n\n"), fc.boolean())
      .map(([parts, separator, leading]) => (leading ? separator : "") + parts.join(separator)),
  },
  { weight: 2, arbitrary: candidates.map(({ mid, index, candidate }) => encodeCandidateData(mid, index, candidate)) },
);

/** The demo client's reading, and the canonical text of what it read. */
function model(data: string): { candidate: IceCandidateData; canonical: string } | undefined {
  const parts = data.split("\n").filter((part) => part !== "");
  if (parts.length !== 3) return undefined;
  const [mid, indexText, candidate] = parts as [string, string, string];
  if (!/^[+-]?[0-9]+$/.test(indexText) || !Number.isSafeInteger(Number(indexText))) return undefined;
  const value = Number(indexText) + 0;
  return { candidate: { mid, index: value, candidate }, canonical: `\n${mid}\n${value}\n${candidate}` };
}

function same(a: IceCandidateData, b: IceCandidateData): boolean {
  return a.mid === b.mid && Object.is(a.index, b.index) && a.candidate === b.candidate;
}

describe(`ICE candidate data decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, decodes exactly three non-empty lines with an integer index, and re-encodes them to the canonical text (the input itself when it was canonical)",
    () => {
      let decoded = 0;
      let canonical = 0;
      assertProperty(
        fc.property(input, (data) => {
          const result = decodeCandidateData(data);
          const expected = model(data);
          if (expected === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${JSON.stringify(data)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError) && same(result, expected.candidate), () => `decode ${JSON.stringify(data)}`);
          // Lossy by design: empty lines are skipped and the index is written in plain decimal.
          const again = encodeCandidateData(result.mid, result.index, result.candidate);
          check(again === expected.canonical, () => `re-encoding ${JSON.stringify(data)} gave ${JSON.stringify(again)}`);
          if (again === data) canonical++;
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
      expectCoverage(canonical, 0.1, "canonical");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded candidate to the same mid, index and candidate line",
    () => {
      assertProperty(
        fc.property(candidates, (candidate) => {
          const data = encodeCandidateData(candidate.mid, candidate.index, candidate.candidate);
          const result = decodeCandidateData(data);
          check(!(result instanceof GdnetError) && same(result, candidate), () => `round trip of ${JSON.stringify(data)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("answers 1 MB of newlines and a 1 MB candidate line quickly", () => {
    const started = performance.now();
    checkDocumentedError(decodeCandidateData("\n".repeat(1 << 20)), ["ERR_INVALID_DATA"], "only newlines");
    checkDocumentedError(decodeCandidateData("a\n".repeat(1 << 19)), ["ERR_INVALID_DATA"], "2^19 lines");
    const result = decodeCandidateData(`\n0\n0\n${"c".repeat(1 << 20)}`);
    expect(result instanceof GdnetError ? result.message : result.candidate.length).toBe(1 << 20);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
