// Property tests of Godot 4's compressed Variant decoder (compressed-variant.ts:
// decodeAndDecompressVariant), the encoding of RPC arguments.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { ByteReader } from "../../src/variant/byte-reader.js";
import { ByteWriter } from "../../src/variant/byte-writer.js";
import { decodeAndDecompressVariant, encodeAndCompressVariant } from "../../src/variant/compressed-variant.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import {
  check,
  checkDocumentedError,
  concatBytes,
  hex,
  inLargerBuffer,
  mutatedBytes,
  sameBytes,
  thrownError,
} from "./fuzz-support.js";
import { variantValue, wireVariant } from "./variant-arbitraries.js";
import { checkCanonical, modelCompressed } from "./variant-model.js";

function compress(value: unknown, options?: VariantCodecOptions): Uint8Array {
  const writer = new ByteWriter();
  encodeAndCompressVariant(writer, value, options);
  return writer.finish();
}

const values = variantValue({ generation: 4, allowObjects: true, depth: 2 });

/** Compressed BOOL and INT bytes with any mode bits and payload, plain Variants, mutations of valid encodings. */
const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc
    .tuple(fc.constantFrom(0x01, 0x41, 0x81, 0xc1, 0x02, 0x42, 0x82, 0xc2), fc.uint8Array({ maxLength: 9 }))
    .map(([meta, rest]) => concatBytes(new Uint8Array([meta]), rest)),
  wireVariant(4),
  mutatedBytes(values.map((value) => compress(value, { allowObjects: true }))),
);

describe(`compressed Variant decoder on arbitrary bytes (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "either decodes each byte string, exactly where the format allows, to a value that re-encodes to the input's canonical form (0x01/0x81 for a BOOL, the smallest INT mode, plain Variants canonical; the input itself when canonical), or fails with ERR_INVALID_DATA / ERR_UNAUTHORIZED, leaving the reader in place; never throws",
    () => {
      let normalized = 0;
      let canonicalInputs = 0;
      assertProperty(
        fc.property(fc.uint8Array({ maxLength: 2 }), input, fc.boolean(), (prefix, bytes, allowObjects) => {
          // The reader's bytes are a view into a larger buffer with junk after them.
          const reader = new ByteReader(inLargerBuffer(concatBytes(prefix, bytes)), prefix.length);
          const result = decodeAndDecompressVariant(reader, { allowObjects });
          const model = modelCompressed(bytes, { allowObjects });
          if (!model.ok) {
            checkDocumentedError(result, [model.code], () => `decode ${hex(bytes)}`);
            check(reader.offset === prefix.length, () => `a failed decode moved the reader to ${reader.offset}`);
            return;
          }
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)} failed: ${String(result)}`);
          check(result.length === model.length, () => `decode ${hex(bytes)} took ${result.length} bytes, not ${model.length}`);
          check(reader.offset === prefix.length + result.length, () => "the reader is not right after the value");
          if (model.value.unencodable) {
            // An integral FLOAT past 2^53: see variant-model.ts.
            thrownError(
              () => compress(result.value, { allowObjects }),
              "ERR_INVALID_PARAMETER",
              () => `re-encode ${hex(bytes)}`,
            );
            return;
          }
          const again = compress(result.value, { allowObjects });
          checkCanonical(again, model.value, () => `re-encoding the value decoded from ${hex(bytes)}`);
          if (sameBytes(again, bytes.subarray(0, result.length))) canonicalInputs++;
          else normalized++;
        }),
      );
      expectCoverage(canonicalInputs, 0.05, "canonicalInputs");
      expectCoverage(normalized, 0.05, "normalized");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes the compressed encoding of every value to an equal value, taking every byte",
    () => {
      assertProperty(
        fc.property(values, (value) => {
          const bytes = compress(value, { allowObjects: true });
          const result = decodeAndDecompressVariant(new ByteReader(bytes), { allowObjects: true });
          check(!(result instanceof GdnetError), () => `decoding ${hex(bytes)} failed: ${String(result)}`);
          check(result.length === bytes.length, () => `decode took ${result.length} of ${bytes.length} bytes`);
          check(variantEquals(value, result.value), () => `decoded ${hex(bytes)} to a different value`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("compressed Variant decoder on length bombs and deep nesting", () => {
  it("refuses a 1 MB plain Variant whose count claims more, and nesting past maxDepth, with ERR_INVALID_DATA", () => {
    const MB = 1 << 20;
    const bomb = new Uint8Array(8 + MB);
    bomb.set([28, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]); // ARRAY, count 2^31 - 1
    const started = performance.now();
    checkDocumentedError(decodeAndDecompressVariant(new ByteReader(bomb)), ["ERR_INVALID_DATA"], "length bomb");
    const nested = new Uint8Array(MB + 4);
    for (let i = 0; i < MB / 8; i++) nested.set([28, 0, 0, 0, 1, 0, 0, 0], i * 8);
    const result = decodeAndDecompressVariant(new ByteReader(nested));
    checkDocumentedError(result, ["ERR_INVALID_DATA"], "1 MB of nesting");
    expect(result.message).toContain("maxDepth (1024)");
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
