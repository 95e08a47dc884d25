// Property tests of Godot 4's path-cache and raw packet decoders (scene-packets.ts:
// peekSceneCommand, decodeSimplifyPath, decodeConfirmPath, decodeRawPacket).

import fc from "fast-check";
import { describe, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import {
  type ConfirmPath,
  decodeConfirmPath,
  decodeRawPacket,
  decodeSimplifyPath,
  encodeConfirmPath,
  encodeRawPacket,
  encodeSimplifyPath,
  peekSceneCommand,
  type SimplifyPath,
} from "../../src/multiplayer/scene-packets.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import {
  check,
  checkDocumentedError,
  checkSameBytes,
  concatBytes,
  cstringBytes,
  cstringEnd,
  hex,
  lenientText,
  mutatedBytes,
  sameBytes,
  textArbitrary,
  thrownError,
  u32Arbitrary,
  u32Bytes,
  utf8,
  wrapBytes,
  wrappingArbitrary,
} from "./fuzz-support.js";

/** 32 lowercase hex digits, as an MD5 digest is written. */
const md5Text = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((digest) => Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join(""));
/** A node path as it survives the wire: non-empty, no NUL, no leading byte order mark. */
const nodePath = textArbitrary(10)
  .map((text) => text.replaceAll("\0", "").replace(/^\uFEFF+/, ""))
  .filter((text) => text !== "");

const simplifyPackets: fc.Arbitrary<SimplifyPath> = fc.record({
  methodsMd5: md5Text,
  cacheId: fc.integer({ min: 0, max: 0x7fff_ffff }),
  path: nodePath,
});
const confirmPackets: fc.Arbitrary<ConfirmPath> = fc.record({
  validChecksum: fc.boolean(),
  cacheId: fc.integer({ min: 0, max: 0xffff_ffff }),
});

/** A command byte: the right one most of the time, else any. */
function commandByte(command: number): fc.Arbitrary<Uint8Array> {
  return fc
    .oneof({ weight: 5, arbitrary: fc.constant(command) }, fc.integer({ min: 0, max: 255 }))
    .map((byte) => new Uint8Array([byte]));
}

const simplifyInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 48 }),
  fc
    .tuple(
      commandByte(1),
      fc.oneof(
        { weight: 4, arbitrary: md5Text.map(utf8) },
        md5Text.map((text) => utf8(text.toUpperCase())),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 30, maxLength: 34 }),
      ),
      fc.oneof({ weight: 5, arbitrary: fc.constant(new Uint8Array([0])) }, fc.uint8Array({ minLength: 1, maxLength: 1 })),
      u32Arbitrary.map(u32Bytes),
      cstringBytes,
      cstringEnd,
    )
    .map((parts) => concatBytes(...parts)),
  mutatedBytes(simplifyPackets.map(encodeSimplifyPath)),
);

const confirmInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 8 }),
  fc
    .tuple(
      commandByte(2),
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 1) }, fc.integer({ min: 0, max: 255 })),
      u32Arbitrary,
      fc.oneof({ weight: 3, arbitrary: fc.constant(new Uint8Array(0)) }, fc.uint8Array({ minLength: 1, maxLength: 2 })),
    )
    .map(([command, valid, id, tail]) => concatBytes(command, new Uint8Array([valid]), u32Bytes(id), tail)),
  mutatedBytes(confirmPackets.map(encodeConfirmPath)),
);

const rawInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc.tuple(commandByte(3), fc.uint8Array({ maxLength: 12 })).map(([command, payload]) => concatBytes(command, payload)),
);

/** SIMPLIFY_PATH as gdnet documents it: 38+ bytes, `01`, MD5 text, NUL, u32 id, a non-empty path ending with the last byte, a NUL. */
function simplifyModel(bytes: Uint8Array): SimplifyPath | undefined {
  if (bytes.length < 38 || bytes[0] !== 1 || bytes[33] !== 0) return undefined;
  const path = bytes.subarray(38);
  if (path.indexOf(0) !== path.length - 1) return undefined;
  const text = lenientText(path);
  if (text === "") return undefined;
  const cacheId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(34, true);
  return { methodsMd5: lenientText(bytes.subarray(1, 33)), cacheId, path: text };
}

describe(`SceneMultiplayer command peek (${FUZZ_RUNS} cases)`, () => {
  it(
    "never throws: gives bits 0-2 of the first byte, or ERR_INVALID_DATA for an empty packet",
    () => {
      assertProperty(
        fc.property(fc.uint8Array({ maxLength: 4 }), (bytes) => {
          const result = peekSceneCommand(bytes);
          const first = bytes[0];
          if (first === undefined) checkDocumentedError(result, ["ERR_INVALID_DATA"], "empty packet");
          else check(result === (first & 7), () => `peek ${hex(bytes)} gave ${String(result)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`SIMPLIFY_PATH decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "either decodes each byte string, exactly where the documented layout allows, to its fields, re-encoding to the same bytes with the path's UTF-8 normalized (BOM dropped, invalid bytes as U+FFFD), or fails with ERR_INVALID_DATA; never throws (an MD5 field that is not 32 lowercase hex digits, or an id past 2^31 - 1, decodes as sent and the encoder refuses it)",
    () => {
      let decoded = 0;
      let same = 0;
      let refused = 0;
      assertProperty(
        fc.property(simplifyInput, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeSimplifyPath(wrapBytes(bytes, wrapping));
          const model = simplifyModel(bytes);
          if (model === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          check(
            result.methodsMd5 === model.methodsMd5 && result.cacheId === model.cacheId && result.path === model.path,
            () => `decode ${hex(bytes)} gave ${JSON.stringify(result)}`,
          );
          if (!/^[0-9a-f]{32}$/.test(result.methodsMd5) || result.cacheId > 0x7fff_ffff) {
            // The encoder's documented range (SimplifyPath: cacheId "0..0x7FFFFFFF when encoding",
            // methodsMd5 "32 lowercase hex digits"); the decoder returns the fields as sent.
            thrownError(
              () => encodeSimplifyPath(result),
              "ERR_INVALID_PARAMETER",
              () => `re-encode ${hex(bytes)}`,
            );
            refused++;
            return;
          }
          const canonical = concatBytes(bytes.subarray(0, 38), utf8(result.path), new Uint8Array([0]));
          const again = encodeSimplifyPath(result);
          checkSameBytes(again, canonical, () => `re-encoding ${hex(bytes)}`);
          if (sameBytes(again, bytes)) same++;
        }),
      );
      expectCoverage(decoded, 0.1, "decoded");
      expectCoverage(same, 0.02, "same");
      expectCoverage(refused, 0, "refused");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded SIMPLIFY_PATH to the same fields",
    () => {
      assertProperty(
        fc.property(simplifyPackets, (packet) => {
          const result = decodeSimplifyPath(encodeSimplifyPath(packet));
          check(
            !(result instanceof GdnetError) &&
              result.methodsMd5 === packet.methodsMd5 &&
              result.cacheId === packet.cacheId &&
              result.path === packet.path,
            () => `round trip of ${JSON.stringify(packet)} gave ${String(result)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`CONFIRM_PATH decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, decodes exactly the 6-byte packets `02, 0|1, u32`, and re-encodes each to the same bytes",
    () => {
      let decoded = 0;
      assertProperty(
        fc.property(confirmInput, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeConfirmPath(wrapBytes(bytes, wrapping));
          const valid = bytes.length === 6 && bytes[0] === 2 && (bytes[1] === 0 || bytes[1] === 1);
          if (!valid) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          checkSameBytes(encodeConfirmPath(result), bytes, () => `re-encoding ${hex(bytes)}`);
        }),
      );
      expectCoverage(decoded, 0.1, "decoded");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded CONFIRM_PATH to the same fields",
    () => {
      assertProperty(
        fc.property(confirmPackets, (packet) => {
          const result = decodeConfirmPath(encodeConfirmPath(packet));
          check(
            !(result instanceof GdnetError) && result.validChecksum === packet.validChecksum && result.cacheId === packet.cacheId,
            () => `round trip of ${JSON.stringify(packet)} gave ${String(result)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`RAW decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, decodes exactly `03` + at least one byte to a copy of the payload, and re-encodes it to the same bytes",
    () => {
      let decoded = 0;
      assertProperty(
        fc.property(rawInput, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeRawPacket(wrapBytes(bytes, wrapping));
          if (bytes.length < 2 || bytes[0] !== 3) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          checkSameBytes(result, bytes.subarray(1), "payload");
          check(result.buffer !== bytes.buffer, () => "the payload must be a copy");
          checkSameBytes(encodeRawPacket(result), bytes, "re-encoding");
        }),
      );
      expectCoverage(decoded, 0.1, "decoded");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded RAW packet to the same payload",
    () => {
      assertProperty(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 16 }), (payload) => {
          const result = decodeRawPacket(encodeRawPacket(payload));
          check(!(result instanceof GdnetError) && sameBytes(result, payload), () => `round trip of ${hex(payload)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
