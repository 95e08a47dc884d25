// Property tests of Godot 3's REMOTE_CALL and REMOTE_SET decoders (mp-api-remote-call.ts:
// decodeMpApiRemoteCall, decodeMpApiRemoteSet):
//   00, u32 target, cstring method, u8 argc, argc x Variant, [cstring path]
//   01, u32 target, cstring property, one Variant, [cstring path]
// with an independent model of the layout (godot-protocols.md §3.3 and the decoders' JSDoc) that
// also gives the canonical form gdnet's encoder writes for a decoded packet.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BytesLike } from "../../src/bytes.js";
import { GdnetError } from "../../src/gdnet-error.js";
import {
  decodeMpApiRemoteCall,
  decodeMpApiRemoteSet,
  encodeMpApiRemoteCall,
  encodeMpApiRemoteSet,
  type MpApiRemoteCall,
  type MpApiRemoteSet,
} from "../../src/multiplayer/mp-api-remote-call.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { var2bytes } from "../../src/variant/variant3.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import {
  check,
  checkDocumentedError,
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
  wordsToBytes,
  wrapBytes,
  wrappingArbitrary,
} from "./fuzz-support.js";
import { variantValue, wireVariant } from "./variant-arbitraries.js";
import { type CanonicalBytes, checkCanonical, modelVariant, Out } from "./variant-model.js";

const NODE_PATH_FLAG = 0x8000_0000;
const CALL = 0;
const SET = 1;

const cleanText = (maxLength: number) =>
  textArbitrary(maxLength).map((text) => text.replaceAll("\0", "").replace(/^\uFEFF+/, ""));
const nodePath = cleanText(8).filter((text) => text !== "");
const values = variantValue({ generation: 3, allowObjects: true, depth: 0 });
const target = { nodeId: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0x7fff_ffff })), path: nodePath };

const remoteCalls: fc.Arbitrary<MpApiRemoteCall> = fc.record(
  { ...target, method: cleanText(8), args: fc.array(values, { maxLength: 3 }) },
  { requiredKeys: ["nodeId", "method", "args"] },
);
const remoteSets: fc.Arbitrary<MpApiRemoteSet> = fc.record(
  { ...target, property: cleanText(8), value: values },
  { requiredKeys: ["nodeId", "property", "value"] },
);

/** A Godot 3 Variant: valid, grammatical but non-canonical, or random words. */
const variantBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  values.map((value) => var2bytes(value, { allowObjects: true })),
  wireVariant(3),
  fc.uint8Array({ maxLength: 8 }),
);

/** A REMOTE_CALL (command 0) or REMOTE_SET (1) laid out field by field, every field sometimes wrong. */
function structured(command: number): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      command: fc.oneof({ weight: 9, arbitrary: fc.constant(command) }, fc.integer({ min: 0, max: 255 })),
      nodeId: u32Arbitrary,
      name: fc.tuple(cstringBytes, cstringEnd),
      values: fc.array(variantBytes, { minLength: command === SET ? 1 : 0, maxLength: command === SET ? 1 : 3 }),
      argcDelta: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1)),
      path: fc.option(fc.tuple(cstringBytes, cstringEnd), { freq: 2 }),
      offsetDelta: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.integer({ min: -8, max: 3 })),
    })
    .map((f) => {
      const name = concatBytes(...f.name);
      const body =
        command === SET
          ? concatBytes(...f.values)
          : concatBytes(new Uint8Array([(f.values.length + f.argcDelta) & 0xff]), ...f.values);
      const offset = Math.max(0, 5 + name.length + body.length + f.offsetDelta);
      const head = concatBytes(new Uint8Array([f.command]), u32Bytes(f.path === null ? f.nodeId : NODE_PATH_FLAG + offset));
      return concatBytes(head, name, body, f.path === null ? new Uint8Array(0) : concatBytes(...f.path));
    });
}

type Model =
  | { readonly ok: false; readonly code: "ERR_INVALID_DATA" | "ERR_UNAUTHORIZED" }
  | {
      readonly ok: true;
      readonly nodeId: number;
      readonly name: string;
      readonly path: string | undefined;
      readonly valueCount: number;
      /** The canonical re-encoding; undefined when a value cannot be re-encoded. */
      readonly canonical: CanonicalBytes | undefined;
    };

const INVALID: Model = { ok: false, code: "ERR_INVALID_DATA" };

/** The documented layout of REMOTE_CALL / REMOTE_SET: what must decode, and its canonical bytes. */
function model(bytes: Uint8Array, command: number, options: VariantCodecOptions): Model {
  if (bytes[0] !== command || bytes.length < 6) return INVALID;
  const nodeId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1, true);
  let end = bytes.length;
  let path: string | undefined;
  if (nodeId >= NODE_PATH_FLAG) {
    const offset = nodeId - NODE_PATH_FLAG;
    if (offset >= bytes.length || offset < 5) return INVALID;
    const field = bytes.subarray(offset);
    if (field.indexOf(0) !== field.length - 1) return INVALID;
    path = lenientText(field);
    if (path === "") return INVALID;
    end = offset;
  }
  const nul = bytes.subarray(5, end).indexOf(0);
  if (nul === -1) return INVALID;
  const name = lenientText(bytes.subarray(5, 5 + nul));
  let at = 5 + nul + 1;
  let count = 1;
  if (command === CALL) {
    if (at === end) return INVALID;
    count = bytes[at++] as number;
  }
  const body = new Out();
  if (command === CALL) body.u8(count);
  let unencodable = false;
  for (let i = 0; i < count; i++) {
    if (at === end) return INVALID;
    const value = modelVariant(3, bytes, options, at, end);
    if (!value.ok) return value;
    unencodable ||= value.value.unencodable;
    body.child(value.value);
    at += value.length;
  }
  if (at !== end) return INVALID;
  const base = { ok: true as const, nodeId, name, path, valueCount: count };
  if (unencodable) return { ...base, canonical: undefined };
  const out = new Out();
  const nameBytes = utf8(name);
  const bodyBytes = body.finish();
  out.u8(command);
  out.u32(path === undefined ? nodeId : NODE_PATH_FLAG + 5 + nameBytes.length + 1 + bodyBytes.length);
  out.bytes(nameBytes);
  out.u8(0);
  out.child({ bytes: bodyBytes, nans: body.nans });
  if (path !== undefined) out.bytes(concatBytes(utf8(path), new Uint8Array([0])));
  return { ...base, canonical: { bytes: out.finish(), nans: out.nans } };
}

interface Codec {
  readonly label: string;
  readonly command: number;
  readonly input: fc.Arbitrary<Uint8Array>;
  /** Decodes, giving the decoded name and values and a packet to re-encode them, or the error. */
  readonly decode: (
    bytes: BytesLike,
    options: VariantCodecOptions,
  ) => GdnetError | { nodeId: number; pathFromPacket?: string; name: string; values: unknown[]; encode: () => Uint8Array };
}

const codecs: readonly Codec[] = [
  {
    label: "REMOTE_CALL",
    command: CALL,
    input: fc.oneof(
      fc.uint8Array({ maxLength: 20 }),
      { weight: 3, arbitrary: structured(CALL) },
      { weight: 2, arbitrary: mutatedBytes(remoteCalls.map((call) => encodeMpApiRemoteCall(call, { allowObjects: true }))) },
    ),
    decode: (bytes, options) => {
      const result = decodeMpApiRemoteCall(bytes, options);
      if (result instanceof GdnetError) return result;
      const { nodeId, pathFromPacket, method, args } = result;
      const packet = { nodeId: pathFromPacket === undefined ? nodeId : 0, path: pathFromPacket, method, args };
      return { ...result, name: method, values: args, encode: () => encodeMpApiRemoteCall(packet, options) };
    },
  },
  {
    label: "REMOTE_SET",
    command: SET,
    input: fc.oneof(
      fc.uint8Array({ maxLength: 20 }),
      { weight: 3, arbitrary: structured(SET) },
      { weight: 2, arbitrary: mutatedBytes(remoteSets.map((set) => encodeMpApiRemoteSet(set, { allowObjects: true }))) },
    ),
    decode: (bytes, options) => {
      const result = decodeMpApiRemoteSet(bytes, options);
      if (result instanceof GdnetError) return result;
      const { nodeId, pathFromPacket, property, value } = result;
      const packet = { nodeId: pathFromPacket === undefined ? nodeId : 0, path: pathFromPacket, property, value };
      return { ...result, name: property, values: [value], encode: () => encodeMpApiRemoteSet(packet, options) };
    },
  },
];

for (const codec of codecs) {
  describe(`Godot 3 ${codec.label} decoder (${FUZZ_RUNS} cases per property)`, () => {
    it(
      `either decodes each byte string, exactly where the documented layout allows, to a ${codec.label} that re-encodes to its canonical form (names and path as normalized UTF-8, values in canonical Variant 3 form; the input itself when canonical), or fails with ERR_INVALID_DATA / ERR_UNAUTHORIZED (a full Object without allowObjects); never throws`,
      () => {
        let decoded = 0;
        let same = 0;
        let normalized = 0;
        assertProperty(
          fc.property(codec.input, fc.boolean(), wrappingArbitrary, (bytes, allowObjects, wrapping) => {
            const options = { allowObjects };
            const result = codec.decode(wrapBytes(bytes, wrapping), options);
            const expected = model(bytes, codec.command, options);
            if (!expected.ok) {
              checkDocumentedError(result, [expected.code], () => `decode ${hex(bytes)}`);
              return;
            }
            decoded++;
            check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
            check(
              result.nodeId === expected.nodeId &&
                result.name === expected.name &&
                result.pathFromPacket === expected.path &&
                result.values.length === expected.valueCount,
              () => `decode ${hex(bytes)} gave the wrong fields`,
            );
            if (expected.canonical === undefined) {
              // An integral REAL past 2^53 in a value: see variant-model.ts.
              thrownError(result.encode, "ERR_INVALID_PARAMETER", () => `re-encode ${hex(bytes)}`);
              return;
            }
            const again = result.encode();
            checkCanonical(again, expected.canonical, () => `re-encoding ${hex(bytes)}`);
            if (sameBytes(again, bytes)) same++;
            else normalized++;
          }),
        );
        expectCoverage(decoded, 0.15, "decoded");
        expectCoverage(same, 0.03, "same");
        expectCoverage(normalized, 0.02, "normalized");
      },
      FUZZ_TIMEOUT_MS,
    );
  });
}

describe(`Godot 3 REMOTE_CALL / REMOTE_SET round trips (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "decodes every encoded REMOTE_CALL to the same node, method, path and arguments",
    () => {
      assertProperty(
        fc.property(remoteCalls, (call) => {
          const options = { allowObjects: true };
          const bytes = encodeMpApiRemoteCall(call, options);
          const result = decodeMpApiRemoteCall(bytes, options);
          check(
            !(result instanceof GdnetError) &&
              (call.path === undefined ? result.nodeId === call.nodeId : result.nodeId >= NODE_PATH_FLAG) &&
              result.pathFromPacket === call.path &&
              result.method === call.method &&
              variantEquals(result.args, call.args),
            () => `round trip of ${hex(bytes)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded REMOTE_SET to the same node, property, path and value",
    () => {
      assertProperty(
        fc.property(remoteSets, (set) => {
          const options = { allowObjects: true };
          const bytes = encodeMpApiRemoteSet(set, options);
          const result = decodeMpApiRemoteSet(bytes, options);
          check(
            !(result instanceof GdnetError) &&
              (set.path === undefined ? result.nodeId === set.nodeId : result.nodeId >= NODE_PATH_FLAG) &&
              result.pathFromPacket === set.path &&
              result.property === set.property &&
              variantEquals(result.value, set.value),
            () => `round trip of ${hex(bytes)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("refuses values nested past maxDepth and length bombs, quickly, with ERR_INVALID_DATA", () => {
    const MB = 1 << 20;
    const nested = new Uint8Array(MB);
    for (let i = 0; i < MB / 8; i++) nested.set([19, 0, 0, 0, 1, 0, 0, 0], i * 8); // Godot 3 ARRAY = 19
    const head = concatBytes(new Uint8Array([CALL]), u32Bytes(1), utf8("f"), new Uint8Array([0, 1]));
    const started = performance.now();
    const deep = decodeMpApiRemoteCall(concatBytes(head, nested));
    checkDocumentedError(deep, ["ERR_INVALID_DATA"], "1 MB of nesting in an argument");
    expect(deep.message).toContain("maxDepth (1024)");
    const bomb = concatBytes(head, wordsToBytes([4, 0x7fff_ffff]), new Uint8Array(MB));
    checkDocumentedError(decodeMpApiRemoteCall(bomb), ["ERR_INVALID_DATA"], "string length bomb in an argument");
    const set = concatBytes(
      new Uint8Array([SET]),
      u32Bytes(1),
      utf8("p"),
      new Uint8Array([0]),
      wordsToBytes([18, 0xffff_ffff]),
      new Uint8Array(MB),
    );
    checkDocumentedError(decodeMpApiRemoteSet(set), ["ERR_INVALID_DATA"], "Dictionary count bomb in a value");
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
