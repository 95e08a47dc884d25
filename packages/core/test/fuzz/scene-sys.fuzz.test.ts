// Property tests of Godot 4's SYS and authentication packet decoder (scene-sys.ts: decodeSysPacket):
//   07 00 <auth payload>            AUTH (the bare `07 00` is "authentication done")
//   07 01|02 <i32 peer>             ADD_PEER / DEL_PEER
//   07 03 <i32 peer> <packet>       RELAY

import fc from "fast-check";
import { describe, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { SysCommand } from "../../src/multiplayer/scene-command.js";
import { decodeSysPacket, encodeSysPacket, type SysPacket } from "../../src/multiplayer/scene-sys.js";
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

const sysPackets: fc.Arbitrary<SysPacket> = fc.oneof(
  fc.record({ command: fc.constant(SysCommand.SYS_COMMAND_AUTH), payload: fc.uint8Array({ maxLength: 12 }) }),
  fc.record({
    command: fc.constantFrom(SysCommand.SYS_COMMAND_ADD_PEER, SysCommand.SYS_COMMAND_DEL_PEER),
    peerId: fc.integer({ min: 1, max: 0x7fff_ffff }),
  }),
  fc.record({
    command: fc.constant(SysCommand.SYS_COMMAND_RELAY),
    peerId: int32,
    packet: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  }),
);

const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  fc
    .tuple(
      fc.oneof({ weight: 5, arbitrary: fc.constant(7) }, fc.integer({ min: 0, max: 255 })),
      fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }) }, fc.integer({ min: 0, max: 255 })),
      fc.oneof(int32, fc.constantFrom(0, 1, -1)),
      fc.oneof({ weight: 2, arbitrary: fc.constant(new Uint8Array(0)) }, fc.uint8Array({ maxLength: 8 })),
      fc.boolean(),
    )
    .map(([first, command, peer, rest, cut]) => {
      const bytes = concatBytes(new Uint8Array([first, command, 0, 0, 0, 0]), rest);
      new DataView(bytes.buffer).setInt32(2, peer, true);
      return cut ? bytes.subarray(0, bytes.length % 7) : bytes;
    }),
  mutatedBytes(sysPackets.map(encodeSysPacket)),
);

/** The documented layout: what decodes, and to what (undefined: must fail). */
function model(bytes: Uint8Array): SysPacket | undefined {
  if (bytes.length < 2 || bytes[0] !== 7) return undefined;
  const command = bytes[1] as number;
  if (command === 0) return { command, payload: bytes.subarray(2) };
  if (command > 3 || bytes.length < 6) return undefined;
  const peerId = new DataView(bytes.buffer, bytes.byteOffset).getInt32(2, true);
  if (command === 3) return bytes.length > 6 ? { command, peerId, packet: bytes.subarray(6) } : undefined;
  return bytes.length === 6 ? { command: command as 1 | 2, peerId } : undefined;
}

function samePacket(a: SysPacket, b: SysPacket): boolean {
  if (a.command !== b.command) return false;
  if (a.command === SysCommand.SYS_COMMAND_AUTH) return sameBytes(a.payload, (b as typeof a).payload);
  if (a.peerId !== (b as typeof a).peerId) return false;
  return a.command !== SysCommand.SYS_COMMAND_RELAY || sameBytes(a.packet, (b as typeof a).packet);
}

describe(`SYS / AUTH packet decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "either decodes each byte string, exactly where the documented layout allows, to its fields (payloads copied) and re-encodes them to the same bytes, or fails with ERR_INVALID_DATA; never throws (an ADD_PEER/DEL_PEER id below 1 decodes as sent and the encoder refuses it)",
    () => {
      let decoded = 0;
      let refused = 0;
      assertProperty(
        fc.property(input, wrappingArbitrary, (bytes, wrapping) => {
          const result = decodeSysPacket(wrapBytes(bytes, wrapping));
          const expected = model(bytes);
          if (expected === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          check(samePacket(result, expected), () => `decode ${hex(bytes)} gave the wrong fields`);
          const copy = "payload" in result ? result.payload : "packet" in result ? result.packet : undefined;
          check(copy === undefined || copy.buffer !== bytes.buffer, () => "payloads must be copies");
          if (
            result.command !== SysCommand.SYS_COMMAND_AUTH &&
            result.command !== SysCommand.SYS_COMMAND_RELAY &&
            result.peerId < 1
          ) {
            // SysPeerPacket.peerId: "1..2^31-1 when encoding (decoding returns the i32 as sent)".
            thrownError(
              () => encodeSysPacket(result),
              "ERR_INVALID_PARAMETER",
              () => `re-encode ${hex(bytes)}`,
            );
            refused++;
            return;
          }
          checkSameBytes(encodeSysPacket(result), bytes, () => `re-encoding ${hex(bytes)}`);
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
      expectCoverage(refused, 0, "refused");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded SYS packet to the same fields",
    () => {
      assertProperty(
        fc.property(sysPackets, (packet) => {
          const bytes = encodeSysPacket(packet);
          const result = decodeSysPacket(bytes);
          check(!(result instanceof GdnetError) && samePacket(result, packet), () => `round trip of ${hex(bytes)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
