// Property tests of Godot 3's MultiplayerAPI path-cache and raw packet decoders (mp-api-packets.ts:
// peekMpApiCommand, decodeMpApiSimplifyPath, decodeMpApiConfirmPath, decodeMpApiRawPacket).

import fc from "fast-check";
import { describe, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import {
  decodeMpApiConfirmPath,
  decodeMpApiRawPacket,
  decodeMpApiSimplifyPath,
  encodeMpApiConfirmPath,
  encodeMpApiRawPacket,
  encodeMpApiSimplifyPath,
  type MpApiSimplifyPath,
  peekMpApiCommand,
} from "../../src/multiplayer/mp-api-packets.js";
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

/** A node path as it survives the wire: non-empty, no NUL, no leading byte order mark. */
const nodePath = textArbitrary(10)
  .map((text) => text.replaceAll("\0", "").replace(/^\uFEFF+/, ""))
  .filter((text) => text !== "");

const simplifyPackets: fc.Arbitrary<MpApiSimplifyPath> = fc.record({
  cacheId: fc.integer({ min: 0, max: 0x7fff_ffff }),
  path: nodePath,
});

function commandByte(command: number): fc.Arbitrary<Uint8Array> {
  return fc
    .oneof({ weight: 5, arbitrary: fc.constant(command) }, fc.integer({ min: 0, max: 255 }))
    .map((byte) => new Uint8Array([byte]));
}

const simplifyInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc
    .tuple(commandByte(2), u32Arbitrary.map(u32Bytes), cstringBytes, cstringEnd, fc.nat({ max: 9 }))
    .map(([command, id, path, end, cut]) => {
      const bytes = concatBytes(command, id, path, end);
      return cut === 0 ? bytes.subarray(0, bytes.length >>> 1) : bytes;
    }),
  mutatedBytes(simplifyPackets.map(encodeMpApiSimplifyPath)),
);

const confirmInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 8 }),
  fc.tuple(commandByte(3), cstringBytes, cstringEnd).map((parts) => concatBytes(...parts)),
  mutatedBytes(nodePath.map(encodeMpApiConfirmPath)),
);

const rawInput: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc.tuple(commandByte(4), fc.uint8Array({ maxLength: 12 })).map(([command, payload]) => concatBytes(command, payload)),
);

/** A non-empty path whose NUL is the packet's last byte, read from `bytes[start]`; undefined otherwise. */
function pathAt(bytes: Uint8Array, start: number): string | undefined {
  const field = bytes.subarray(start);
  if (field.indexOf(0) !== field.length - 1) return undefined;
  const text = lenientText(field);
  return text === "" ? undefined : text;
}

describe(`Godot 3 MultiplayerAPI command peek (${FUZZ_RUNS} cases)`, () => {
  it(
    "never throws: gives the first byte when it is a command (0-4), ERR_INVALID_DATA otherwise",
    () => {
      assertProperty(
        fc.property(fc.uint8Array({ maxLength: 3 }), (bytes) => {
          const result = peekMpApiCommand(bytes);
          const first = bytes[0];
          if (first === undefined || first > 4) checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `peek ${hex(bytes)}`);
          else check(result === first, () => `peek ${hex(bytes)} gave ${String(result)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`Godot 3 SIMPLIFY_PATH decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "either decodes each byte string, exactly when it is `02, u32 id, non-empty path, NUL at the end`, to its fields, re-encoding to the same bytes with the path's UTF-8 normalized (BOM dropped, invalid bytes as U+FFFD), or fails with ERR_INVALID_DATA; never throws (an id past 2^31 - 1 decodes as sent and the encoder refuses it)",
    () => {
      let decoded = 0;
      let same = 0;
      let refused = 0;
      assertProperty(
        fc.property(simplifyInput, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeMpApiSimplifyPath(wrapBytes(bytes, wrapping));
          const path = bytes.length >= 5 && bytes[0] === 2 ? pathAt(bytes, 5) : undefined;
          if (path === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          const cacheId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1, true);
          check(
            !(result instanceof GdnetError) && result.cacheId === cacheId && result.path === path,
            () => `decode ${hex(bytes)} gave ${String(result instanceof GdnetError ? result.message : JSON.stringify(result))}`,
          );
          if (result.cacheId > 0x7fff_ffff) {
            // MpApiSimplifyPath.cacheId: "0..0x7FFFFFFF when encoding; decoding returns the u32 as sent".
            thrownError(
              () => encodeMpApiSimplifyPath(result),
              "ERR_INVALID_PARAMETER",
              () => `re-encode ${hex(bytes)}`,
            );
            refused++;
            return;
          }
          const again = encodeMpApiSimplifyPath(result);
          checkSameBytes(
            again,
            concatBytes(bytes.subarray(0, 5), utf8(path), new Uint8Array([0])),
            () => `re-encoding ${hex(bytes)}`,
          );
          if (sameBytes(again, bytes)) same++;
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
      expectCoverage(same, 0.05, "same");
      expectCoverage(refused, 0, "refused");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded SIMPLIFY_PATH to the same fields",
    () => {
      assertProperty(
        fc.property(simplifyPackets, (packet) => {
          const result = decodeMpApiSimplifyPath(encodeMpApiSimplifyPath(packet));
          check(
            !(result instanceof GdnetError) && result.cacheId === packet.cacheId && result.path === packet.path,
            () => `round trip of ${JSON.stringify(packet)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`Godot 3 CONFIRM_PATH decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, decodes exactly `03, non-empty path, NUL at the end`, and re-encodes it to the same bytes, the path's UTF-8 normalized",
    () => {
      let decoded = 0;
      let same = 0;
      assertProperty(
        fc.property(confirmInput, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeMpApiConfirmPath(wrapBytes(bytes, wrapping));
          const path = bytes[0] === 3 ? pathAt(bytes, 1) : undefined;
          if (path === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(result === path, () => `decode ${hex(bytes)} gave ${String(result)}`);
          const again = encodeMpApiConfirmPath(result);
          checkSameBytes(
            again,
            concatBytes(new Uint8Array([3]), utf8(path), new Uint8Array([0])),
            () => `re-encoding ${hex(bytes)}`,
          );
          if (sameBytes(again, bytes)) same++;
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
      expectCoverage(same, 0.05, "same");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded CONFIRM_PATH to the same path",
    () => {
      assertProperty(
        fc.property(nodePath, (path) => {
          check(decodeMpApiConfirmPath(encodeMpApiConfirmPath(path)) === path, () => `round trip of ${JSON.stringify(path)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe(`Godot 3 RAW decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, decodes exactly `04` + at least one byte to a copy of the payload, and re-encodes it to the same bytes",
    () => {
      let decoded = 0;
      assertProperty(
        fc.property(rawInput, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeMpApiRawPacket(wrapBytes(bytes, wrapping));
          if (bytes.length < 2 || bytes[0] !== 4) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          checkSameBytes(result, bytes.subarray(1), "payload");
          check(result.buffer !== bytes.buffer, () => "the payload must be a copy");
          checkSameBytes(encodeMpApiRawPacket(result), bytes, "re-encoding");
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded RAW packet to the same payload",
    () => {
      assertProperty(
        fc.property(fc.uint8Array({ minLength: 1, maxLength: 16 }), (payload) => {
          const result = decodeMpApiRawPacket(encodeMpApiRawPacket(payload));
          check(!(result instanceof GdnetError) && sameBytes(result, payload), () => `round trip of ${hex(payload)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
