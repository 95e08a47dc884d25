// Property tests of the Godot 3.2 WebSocket multiplayer header decoder (ws-mp-header.ts:
// decodeWsMpPacket): `u8 type, i32 from, i32 to, payload`, SYS payloads one i32.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import {
  decodeWsMpPacket,
  encodeWsMpPacket,
  encodeWsMpSys,
  WS_MP_HEADER_SIZE,
  type WsMpPacket,
  WsMpType,
} from "../../src/multiplayer/ws-mp-header.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import {
  check,
  checkDocumentedError,
  checkSameBytes,
  concatBytes,
  hex,
  mutatedBytes,
  sameBytes,
  thrownError,
  wrapBytes,
  wrappingArbitrary,
} from "./fuzz-support.js";

const int32 = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
const peerId = fc.integer({ min: 1, max: 0x7fff_ffff });

/** Packets gdnet (and Godot 3.2) can send: SYS_NONE with any payload, SYS types with one i32. */
const packets: fc.Arbitrary<WsMpPacket> = fc.oneof(
  fc.record({ type: fc.constant(WsMpType.SYS_NONE), from: peerId, to: int32, payload: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({
    type: fc.constantFrom(WsMpType.SYS_ADD, WsMpType.SYS_DEL, WsMpType.SYS_ID),
    from: peerId,
    to: int32,
    payload: fc.uint8Array({ minLength: 4, maxLength: 4 }),
  }),
);

function header(type: number, from: number, to: number): Uint8Array {
  const bytes = new Uint8Array(WS_MP_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, type);
  view.setInt32(1, from, true);
  view.setInt32(5, to, true);
  return bytes;
}

/** Random bytes, header-shaped bytes with any type, ids and payload length, and mutated valid packets. */
const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 16 }),
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 255 })),
      fc.oneof(peerId, int32, fc.constantFrom(0, 1, -1)),
      fc.oneof(int32, fc.constantFrom(0, 1, -1)),
      fc.oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ maxLength: 8 })),
    )
    .map(([type, from, to, payload]) => concatBytes(header(type, from, to), payload)),
  mutatedBytes(packets.map(encodeWsMpPacket)),
);

describe(`Godot 3.2 gd_mp_api header decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "either decodes each byte string to its header fields and a copy of the payload, re-encoding to the same bytes, or fails with ERR_INVALID_DATA exactly where the format says; never throws (a `from` below 1 decodes as sent and the encoder refuses it)",
    () => {
      let decoded = 0;
      let refused = 0;
      assertProperty(
        fc.property(input, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeWsMpPacket(wrapBytes(bytes, wrapping));
          const type = bytes[0];
          // The documented refusals: short header, unknown type, SYS payload not one i32.
          const valid =
            bytes.length >= WS_MP_HEADER_SIZE &&
            type !== undefined &&
            type <= 3 &&
            (type === WsMpType.SYS_NONE || bytes.length === WS_MP_HEADER_SIZE + 4);
          if (!valid) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          decoded++;
          const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          check(result.type === type, () => "type");
          check(result.from === view.getInt32(1, true) && result.to === view.getInt32(5, true), () => "from/to");
          checkSameBytes(result.payload, bytes.subarray(WS_MP_HEADER_SIZE), "payload");
          check(result.payload.buffer !== bytes.buffer, () => "the payload must be a copy");
          if (result.type !== WsMpType.SYS_NONE) check(result.peerId === view.getInt32(9, true), () => "peerId");
          const { from, to, payload } = result;
          if (from < 1) {
            // encodeWsMpPacket documents `from` as 1..2^31-1 (a peer id); decodeWsMpPacket returns the i32 as sent.
            thrownError(
              () => encodeWsMpPacket({ type: result.type, from, to, payload }),
              "ERR_INVALID_PARAMETER",
              () => `re-encode ${hex(bytes)}`,
            );
            refused++;
            return;
          }
          checkSameBytes(encodeWsMpPacket({ type: result.type, from, to, payload }), bytes, "re-encoding");
          if (result.type !== WsMpType.SYS_NONE && from === 1 && to === 0) {
            checkSameBytes(encodeWsMpSys(result.type, result.peerId), bytes, "re-encoding as a SYS message");
          }
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
      expectCoverage(refused, 0, "refused");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded packet to the same fields",
    () => {
      assertProperty(
        fc.property(packets, (packet) => {
          const bytes = encodeWsMpPacket(packet);
          const result = decodeWsMpPacket(bytes);
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          check(result.type === packet.type && result.from === packet.from && result.to === packet.to, () => "header fields");
          check(sameBytes(result.payload, packet.payload), () => "payload");
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("copies a 1 MB payload and refuses a 1 MB SYS message, quickly", () => {
    const big = concatBytes(header(0, 5, 0), new Uint8Array(1 << 20).fill(9));
    const started = performance.now();
    const result = decodeWsMpPacket(big);
    expect(result instanceof GdnetError ? result.message : result.payload.length).toBe(1 << 20);
    checkDocumentedError(decodeWsMpPacket(concatBytes(header(1, 1, 0), new Uint8Array(1 << 20))), ["ERR_INVALID_DATA"], "SYS");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
