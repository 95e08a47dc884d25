// The property tests shared by the Godot 3 and Godot 4 Variant codecs (variant3.fuzz.test.ts,
// variant4.fuzz.test.ts): robustness on arbitrary bytes, agreement with the wire model of
// variant-model.ts (acceptance, error code, length, canonical re-encoding), value round trips,
// nesting limits and length bombs.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BytesLike } from "../../src/bytes.js";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import type { DecodedVariant, Variant } from "../../src/variant/variant-value.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import {
  check,
  checkDocumentedError,
  checkSameBytes,
  concatBytes,
  hex,
  inLargerBuffer,
  sameBytes,
  thrownError,
  wordsToBytes,
  wrapBytes,
  wrappingArbitrary,
} from "./fuzz-support.js";
import { variantInput, variantValue } from "./variant-arbitraries.js";
import { checkCanonical, KINDS_3, KINDS_4, type ModelGeneration, type ModelOptions, modelVariant } from "./variant-model.js";

export interface VariantCodecUnderTest {
  /** "Variant 4" or "Variant 3". */
  readonly label: string;
  readonly generation: ModelGeneration;
  /** The low-level decoder (decodeVariant4 / decodeVariant3). */
  readonly decode: (reader: ByteReader, options?: VariantCodecOptions) => DecodedVariant | GdnetError;
  /** The byte-array entry point (bytesToVar / bytes2var). */
  readonly bytesToValue: (bytes: BytesLike, options?: VariantCodecOptions) => Variant | GdnetError;
  /** The encoder (varToBytes / var2bytes). */
  readonly encode: (value: unknown, options?: VariantCodecOptions) => Uint8Array;
}

/** Decoding options: mostly the defaults, sometimes tight limits, full objects and floats kept as GdFloat. */
const optionsArbitrary: fc.Arbitrary<VariantCodecOptions> = fc.record({
  allowObjects: fc.boolean(),
  floats: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, fc.constant("GdFloat" as const)),
  maxDepth: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.integer({ min: 0, max: 3 })),
  maxLength: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.integer({ min: 0, max: 8 })),
});

function typeId(generation: ModelGeneration, kind: string): number {
  return (generation === 4 ? KINDS_4 : KINDS_3).indexOf(kind);
}

export function describeVariantCodecProperties(codec: VariantCodecUnderTest): void {
  const { label, generation } = codec;
  const input = variantInput(generation, (value) => codec.encode(value, { allowObjects: true }));
  const ARRAY = typeId(generation, "ARRAY");
  const DICTIONARY = typeId(generation, "DICTIONARY");
  const OBJECT = typeId(generation, "OBJECT");

  describe(`${label} decoder on arbitrary bytes (${FUZZ_RUNS} cases per property)`, () => {
    it(
      `either decodes each byte string, exactly where the wire grammar allows, to a value that re-encodes to the input's canonical form (the input itself when it is canonical), or fails with ERR_INVALID_DATA / ERR_UNAUTHORIZED as the grammar says, leaving the reader in place; never throws`,
      () => {
        let decoded = 0;
        let canonicalInputs = 0;
        let normalized = 0;
        let unencodable = 0;
        assertProperty(
          fc.property(
            fc.uint8Array({ maxLength: 3 }),
            input,
            optionsArbitrary,
            wrappingArbitrary,
            (prefix, bytes, options, wrapping) => {
              // The reader's bytes are a view into a larger buffer with junk after them.
              const reader = new ByteReader(inLargerBuffer(concatBytes(prefix, bytes)), prefix.length);
              const result = codec.decode(reader, options);
              const direct = codec.bytesToValue(wrapBytes(bytes, wrapping), options);
              const model = modelVariant(generation, bytes, options as ModelOptions);
              const what = () => `${hex(bytes)} with ${JSON.stringify(options)}`;
              if (!model.ok) {
                checkDocumentedError(result, [model.code], () => `decode ${what()}`);
                check(reader.offset === prefix.length, () => `a failed decode moved the reader to ${reader.offset}`);
                check(direct instanceof GdnetError && direct.code === model.code, () => `bytesToValue disagrees on ${what()}`);
                return;
              }
              check(!(result instanceof GdnetError), () => `decode ${what()} failed: ${(result as GdnetError).message}`);
              check(result.length === model.length, () => `decode ${what()} took ${result.length} bytes, not ${model.length}`);
              check(
                reader.offset === prefix.length + result.length,
                () => `the reader is at ${reader.offset}, not after the value`,
              );
              check(
                !(direct instanceof GdnetError) && variantEquals(direct, result.value),
                () => `bytesToValue disagrees on ${what()}`,
              );
              decoded++;
              const encodeOptions = { allowObjects: options.allowObjects, maxDepth: options.maxDepth };
              if (model.value.unencodable) {
                // An integral FLOAT past 2^53 decodes to a JS number that is not a safe integer,
                // which the encoder refuses (variant4.ts: "an integer that is unsafe").
                thrownError(
                  () => codec.encode(result.value, encodeOptions),
                  "ERR_INVALID_PARAMETER",
                  () => `re-encode ${what()}`,
                );
                unencodable++;
                return;
              }
              const again = codec.encode(result.value, encodeOptions);
              checkCanonical(again, model.value, () => `re-encoding the value decoded from ${what()}`);
              if (sameBytes(again, bytes.subarray(0, result.length))) canonicalInputs++;
              else normalized++;
            },
          ),
        );
        // The inputs must reach both outcomes often, or the property proves little: successes,
        // canonical inputs, inputs normalized by re-encoding, and values the encoder refuses.
        expectCoverage(decoded, 0.2, "decoded");
        expectCoverage(canonicalInputs, 0.02, "canonicalInputs");
        expectCoverage(normalized, 0.05, "normalized");
        expectCoverage(unencodable, 0, "unencodable");
      },
      FUZZ_TIMEOUT_MS,
    );

    it(
      "fails with ERR_INVALID_DATA for nesting one level past maxDepth, through any mix of containers, and decodes up to it",
      () => {
        // Each level wraps the next value: an Array, a Dictionary key or value, or a full Object property.
        const level = fc.constantFrom("array", "key", "value", "object");
        assertProperty(
          fc.property(fc.integer({ min: 0, max: 24 }), fc.array(level, { maxLength: 28 }), (maxDepth, levels) => {
            const parts: Uint8Array[] = [];
            const tails: Uint8Array[] = [];
            for (const wrap of levels) {
              if (wrap === "array") parts.push(wordsToBytes([ARRAY, 1]));
              else if (wrap === "key") {
                parts.push(wordsToBytes([DICTIONARY, 1]));
                tails.unshift(wordsToBytes([0]));
              } else if (wrap === "value") parts.push(wordsToBytes([DICTIONARY, 1, 0]));
              else parts.push(wordsToBytes([OBJECT, 1, 0x41, 1, 1, 0x61]));
            }
            const bytes = concatBytes(...parts, wordsToBytes([0]), ...tails);
            const options = { maxDepth, allowObjects: true };
            const result = codec.bytesToValue(bytes, options);
            if (levels.length > maxDepth) {
              checkDocumentedError(result, ["ERR_INVALID_DATA"], `${levels.length} levels, maxDepth ${maxDepth}`);
              check(/maxDepth/.test(result.message), () => `unexpected message: ${result.message}`);
            } else {
              check(!(result instanceof GdnetError), () => `${levels.length} levels, maxDepth ${maxDepth}: ${String(result)}`);
              checkSameBytes(codec.encode(result, options), bytes, "re-encoding the nested value");
            }
          }),
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  });

  describe(`${label} round trip of generated values (${FUZZ_RUNS} cases per property)`, () => {
    const withPrecision = (precision: "single" | "double") =>
      fc.tuple(fc.constant(precision), variantValue({ generation, allowObjects: true, precision, depth: 2 }));
    // Godot 3 always writes f32; Godot 4 also round-trips f64 math components with precision "double".
    const cases = generation === 4 ? fc.oneof(withPrecision("single"), withPrecision("double")) : withPrecision("single");
    it(
      "decodes the encoding of every value to an equal value, taking every byte",
      () => {
        assertProperty(
          fc.property(cases, ([precision, value]) => {
            const options = { allowObjects: true, precision };
            const bytes = codec.encode(value, options);
            const result = codec.decode(new ByteReader(bytes), options);
            check(!(result instanceof GdnetError), () => `decoding ${hex(bytes)} failed: ${String(result)}`);
            check(result.length === bytes.length, () => `decode took ${result.length} of ${bytes.length} bytes`);
            check(variantEquals(value, result.value), () => `decoded ${hex(bytes)} to a different value`);
          }),
        );
      },
      FUZZ_TIMEOUT_MS,
    );

    it(
      'gives back the same bytes when the value decoded with floats: "GdFloat" is encoded again (typed containers and integral floats included)',
      () => {
        assertProperty(
          fc.property(cases, ([precision, value]) => {
            const options = { allowObjects: true, precision, floats: "GdFloat" as const };
            const bytes = codec.encode(value, options);
            const result = codec.decode(new ByteReader(bytes), options);
            check(!(result instanceof GdnetError), () => `decoding ${hex(bytes)} failed: ${String(result)}`);
            checkSameBytes(codec.encode(result.value, options), bytes, () => `re-encoding the value decoded from ${hex(bytes)}`);
          }),
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  });

  describe(`${label} decoder on length bombs and deep nesting`, () => {
    const MB = 1 << 20;
    const counted: [string, number][] = [
      ["STRING", 4],
      ["STRING_NAME", 4],
      ["SIGNAL", 4],
      ["ARRAY", 4],
      ["DICTIONARY", 4],
      ["PACKED_BYTE_ARRAY", 4],
      ["PACKED_INT32_ARRAY", 4],
      ["PACKED_INT64_ARRAY", 4],
      ["PACKED_FLOAT32_ARRAY", 4],
      ["PACKED_FLOAT64_ARRAY", 4],
      ["PACKED_STRING_ARRAY", 4],
      ["PACKED_VECTOR2_ARRAY", 4],
      ["PACKED_VECTOR3_ARRAY", 4],
      ["PACKED_COLOR_ARRAY", 4],
      ["PACKED_VECTOR4_ARRAY", 4],
    ];
    const present = counted.filter(([kind]) => typeId(generation, kind) !== -1);

    it("refuses a 1 MB input whose length or count field claims more, quickly and with ERR_INVALID_DATA", () => {
      const started = performance.now();
      let checked = 0;
      for (const [kind, at] of present) {
        for (const count of [0x7fff_ffff, 0xffff_ffff, MB + 1, 2 * MB]) {
          const bytes = new Uint8Array(at + 4 + MB);
          const view = new DataView(bytes.buffer);
          view.setUint32(0, typeId(generation, kind), true);
          view.setUint32(at, count, true);
          checkDocumentedError(codec.bytesToValue(bytes), ["ERR_INVALID_DATA"], `${kind} count ${count}`);
          // The same bomb one level down, inside an Array.
          const nested = concatBytes(wordsToBytes([ARRAY, 1]), bytes);
          checkDocumentedError(codec.bytesToValue(nested), ["ERR_INVALID_DATA"], `${kind} count ${count} in an Array`);
          checked++;
        }
      }
      // NodePath name and subname counts, full-object property counts.
      const NODE_PATH = typeId(generation, "NODE_PATH");
      for (const words of [
        [NODE_PATH, 0xffff_ffff, 0, 0],
        [NODE_PATH, 0x8000_0000, 0xffff_ffff, 2],
        [OBJECT, 1, 0x41, 0x7fff_ffff],
      ]) {
        const bytes = concatBytes(wordsToBytes(words), new Uint8Array(MB));
        checkDocumentedError(codec.bytesToValue(bytes, { allowObjects: true }), ["ERR_INVALID_DATA"], `bomb ${words.join(" ")}`);
        checked++;
      }
      // The limit is the input's length: maxLength refuses a count the input could hold.
      const text = concatBytes(wordsToBytes([typeId(generation, "STRING"), MB - 8]), new Uint8Array(MB));
      checkDocumentedError(codec.bytesToValue(text, { maxLength: 1000 }), ["ERR_INVALID_DATA"], "maxLength");
      expect(checked).toBe(present.length * 4 + 3);
      expect(performance.now() - started).toBeLessThan(2000);
    });

    it("decodes 1 MB values whose counts are honest, and re-encodes them to the same bytes", () => {
      const bytes = concatBytes(wordsToBytes([typeId(generation, "PACKED_BYTE_ARRAY"), MB]), new Uint8Array(MB).fill(7));
      const value = codec.bytesToValue(bytes);
      expect(value).toBeInstanceOf(Uint8Array);
      expect(sameBytes(codec.encode(value), bytes)).toBe(true);
      const nils = concatBytes(wordsToBytes([ARRAY, MB / 4]), new Uint8Array(MB));
      const array = codec.bytesToValue(nils);
      expect(Array.isArray(array) && array.length === MB / 4 && array.every((x) => x === null)).toBe(true);
      expect(sameBytes(codec.encode(array), nils)).toBe(true);
      // 2^17 - 1 null -> null pairs are one Dictionary entry (a Map keeps one null key).
      const pairs = concatBytes(wordsToBytes([DICTIONARY, MB / 8 - 1]), new Uint8Array(MB - 8));
      expect(codec.bytesToValue(pairs)).toEqual(new Map([[null, null]]));
    });

    it("decodes 1024 levels of mixed containers at the default maxDepth (Godot's MAX_RECURSION_DEPTH) and refuses 1025", () => {
      const nest = (levels: number): Uint8Array => {
        const parts: Uint8Array[] = [];
        const tails: Uint8Array[] = [];
        for (let i = 0; i < levels; i++) {
          if (i % 3 === 0) parts.push(wordsToBytes([ARRAY, 1]));
          else if (i % 3 === 1) parts.push(wordsToBytes([DICTIONARY, 1, 0]));
          else {
            parts.push(wordsToBytes([DICTIONARY, 1]));
            tails.unshift(wordsToBytes([0]));
          }
        }
        return concatBytes(...parts, wordsToBytes([0]), ...tails);
      };
      const deepest = nest(1024);
      const value = codec.bytesToValue(deepest);
      expect(value).not.toBeInstanceOf(GdnetError);
      expect(sameBytes(codec.encode(value), deepest)).toBe(true);
      const tooDeep = codec.bytesToValue(nest(1025));
      checkDocumentedError(tooDeep, ["ERR_INVALID_DATA"], "1025 levels");
      expect(tooDeep.message).toContain("maxDepth (1024)");
    });

    it("refuses 1 MB of nested Array headers at the default maxDepth (1024), and returns an error at any maxDepth", () => {
      const levels = MB / 8;
      const bytes = new Uint8Array(MB + 4);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < levels; i++) {
        view.setUint32(i * 8, ARRAY, true);
        view.setUint32(i * 8 + 4, 1, true);
      }
      const started = performance.now();
      const result = codec.bytesToValue(bytes);
      checkDocumentedError(result, ["ERR_INVALID_DATA"], "1 MB of nesting");
      expect(result.message).toContain("maxDepth (1024)");
      // With no practical limit the JS stack runs out first: still a returned error, never a throw.
      checkDocumentedError(codec.bytesToValue(bytes, { maxDepth: 1e9 }), ["ERR_INVALID_DATA"], "1 MB of nesting, maxDepth 1e9");
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });
}
