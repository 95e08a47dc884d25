// Property tests of Godot 4's REMOTE_CALL decoder (scene-remote-call.ts: decodeRemoteCall):
//   meta, node target (u8/u16/u32), method id (u8/u16), [u8 argc unless bit 7], args, [cstring path]
// with an independent model of the layout (godot-protocols.md §4.2 and decodeRemoteCall's JSDoc)
// that also gives the canonical form gdnet's encoder writes for a decoded call.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { decodeRemoteCall, encodeRemoteCall, type RemoteCall } from "../../src/multiplayer/scene-remote-call.js";
import { ByteWriter } from "../../src/variant/byte-writer.js";
import { encodeAndCompressVariant } from "../../src/variant/compressed-variant.js";
import type { VariantCodecOptions } from "../../src/variant/variant-codec-options.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
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
  utf8,
  wordsToBytes,
  wrapBytes,
  wrappingArbitrary,
} from "./fuzz-support.js";
import { variantValue, wireVariant } from "./variant-arbitraries.js";
import { type CanonicalBytes, checkCanonical, type ModelResult, modelCompressed, Out } from "./variant-model.js";

const NODE_PATH_FLAG = 0x8000_0000;

function compress(value: unknown): Uint8Array {
  const writer = new ByteWriter();
  encodeAndCompressVariant(writer, value, { allowObjects: true });
  return writer.finish();
}

const nodePath = textArbitrary(8)
  .map((text) => text.replaceAll("\0", "").replace(/^\uFEFF+/, ""))
  .filter((text) => text !== "");
const argValues = variantValue({ generation: 4, allowObjects: true, depth: 1 });

const calls: fc.Arbitrary<RemoteCall> = fc.record(
  {
    nodeId: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0x7fff_ffff })),
    methodId: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff })),
    args: fc.oneof(
      fc.array(argValues, { maxLength: 3 }),
      fc.uint8Array({ maxLength: 6 }).map((bytes) => [bytes]),
    ),
    path: nodePath,
    compressNodeId: fc.boolean(),
  },
  { requiredKeys: ["nodeId", "methodId", "args"] },
);

/** One compressed argument: a valid encoding, a grammatical non-canonical Variant, or a BOOL/INT with any mode. */
const compressedArg: fc.Arbitrary<Uint8Array> = fc.oneof(
  argValues.map(compress),
  wireVariant(4),
  fc
    .tuple(fc.constantFrom(0x01, 0x41, 0x81, 0xc1, 0x02, 0x42, 0x82, 0xc2), fc.uint8Array({ minLength: 8, maxLength: 8 }))
    .map(([meta, payload]) =>
      concatBytes(
        new Uint8Array([meta]),
        payload.subarray(0, meta === 0x42 ? 2 : meta === 0x82 ? 4 : meta === 0xc2 ? 8 : meta === 0x02 ? 1 : 0),
      ),
    ),
);

/** A REMOTE_CALL laid out field by field, with every field sometimes wrong. */
const structured: fc.Arbitrary<Uint8Array> = fc
  .record({
    nodeWidth: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 2 }) }, fc.constant(3)),
    methodWidth: fc.integer({ min: 0, max: 1 }),
    byteOnly: fc.boolean(),
    bit3: fc.oneof({ weight: 19, arbitrary: fc.constant(0) }, fc.constant(8)),
    command: fc.oneof({ weight: 19, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 7 })),
    nodeId: u32Arbitrary,
    methodId: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff })),
    args: fc.array(compressedArg, { maxLength: 3 }),
    argcDelta: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1)),
    raw: fc.uint8Array({ maxLength: 6 }),
    path: fc.option(fc.tuple(cstringBytes, cstringEnd), { freq: 2 }),
    offsetDelta: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.integer({ min: -12, max: 3 })),
  })
  .map((f) => {
    const nodeWidth = f.path === null ? f.nodeWidth : 2;
    const body = f.byteOnly ? f.raw : concatBytes(new Uint8Array([(f.args.length + f.argcDelta) & 0xff]), ...f.args);
    const nodeBytes = nodeWidth === 0 ? 1 : nodeWidth === 1 ? 2 : 4;
    const methodBytes = f.methodWidth === 0 ? 1 : 2;
    const out = new Out();
    out.u8(f.command | f.bit3 | (nodeWidth << 4) | (f.methodWidth << 6) | (f.byteOnly ? 0x80 : 0));
    const offset = 1 + nodeBytes + methodBytes + body.length + f.offsetDelta;
    const target = f.path === null ? f.nodeId : NODE_PATH_FLAG + Math.max(0, offset);
    if (nodeBytes === 1) out.u8(target & 0xff);
    else if (nodeBytes === 2) out.u16(target & 0xffff);
    else out.u32(target);
    if (methodBytes === 1) out.u8(f.methodId & 0xff);
    else out.u16(f.methodId);
    out.bytes(body);
    if (f.path !== null) out.bytes(concatBytes(...f.path));
    return out.finish();
  });

const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 24 }),
  { weight: 3, arbitrary: structured },
  { weight: 2, arbitrary: mutatedBytes(calls.map((call) => encodeRemoteCall(call, { allowObjects: true }))) },
);

type Model =
  | { readonly ok: false; readonly code: "ERR_INVALID_DATA" | "ERR_UNAUTHORIZED" }
  | {
      readonly ok: true;
      readonly nodeId: number;
      readonly methodId: number;
      readonly nodeWidth: number;
      readonly path: string | undefined;
      readonly argCount: number;
      /** The canonical re-encoding; undefined when an argument cannot be re-encoded. */
      readonly canonical: CanonicalBytes | undefined;
    };

const INVALID: Model = { ok: false, code: "ERR_INVALID_DATA" };

/** REMOTE_CALL as documented: what must decode, and the canonical bytes of what it decodes to. */
function model(bytes: Uint8Array, options: VariantCodecOptions): Model {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta = bytes[0];
  if (meta === undefined || (meta & 7) !== 0 || (meta & 8) !== 0) return INVALID;
  const nodeWidth = (meta >> 4) & 3;
  if (nodeWidth === 3) return INVALID;
  const nodeBytes = nodeWidth === 0 ? 1 : nodeWidth === 1 ? 2 : 4;
  const methodBytes = (meta & 0x40) !== 0 ? 2 : 1;
  const headerEnd = 1 + nodeBytes + methodBytes;
  if (bytes.length < headerEnd) return INVALID;
  const nodeId = nodeBytes === 1 ? view.getUint8(1) : nodeBytes === 2 ? view.getUint16(1, true) : view.getUint32(1, true);
  const methodId = methodBytes === 1 ? view.getUint8(1 + nodeBytes) : view.getUint16(1 + nodeBytes, true);
  let argsEnd = bytes.length;
  let path: string | undefined;
  if (nodeId >= NODE_PATH_FLAG) {
    const offset = nodeId - NODE_PATH_FLAG;
    if (offset >= bytes.length || offset < headerEnd) return INVALID;
    const field = bytes.subarray(offset);
    if (field.indexOf(0) !== field.length - 1) return INVALID;
    path = lenientText(field);
    if (path === "") return INVALID;
    argsEnd = offset;
  }

  // The arguments, each as the canonical compressed bytes the encoder writes for it.
  const args: { canonical: CanonicalBytes; kind: string; unencodable: boolean }[] = [];
  if ((meta & 0x80) !== 0) {
    if (argsEnd > headerEnd) {
      const raw = bytes.subarray(headerEnd, argsEnd);
      args.push({ canonical: { bytes: raw, nans: [] }, kind: "RAW", unencodable: false });
    }
  } else {
    if (argsEnd === headerEnd) return INVALID;
    const argc = bytes[headerEnd] as number;
    let at = headerEnd + 1;
    for (let i = 0; i < argc; i++) {
      if (at === argsEnd) return INVALID;
      const arg: ModelResult = modelCompressed(bytes, options, at, argsEnd);
      if (!arg.ok) return arg;
      args.push({ canonical: arg.value, kind: arg.value.kind, unencodable: arg.value.unencodable });
      at += arg.length;
    }
    if (at !== argsEnd) return INVALID;
  }
  const base = { ok: true as const, nodeId, methodId, nodeWidth, path, argCount: args.length };
  if (args.some((arg) => arg.unencodable)) return { ...base, canonical: undefined };

  // No arguments, or one PackedByteArray, go out raw with bit 7 (encode_and_compress_variants).
  const only = args.length === 1 ? args[0] : undefined;
  let byteOnly = args.length === 0;
  const body = new Out();
  if (only?.kind === "RAW") {
    byteOnly = true;
    body.bytes(only.canonical.bytes);
  } else if (only?.kind === "PACKED_BYTE_ARRAY") {
    byteOnly = true;
    const plain = only.canonical.bytes;
    body.bytes(plain.subarray(8, 8 + new DataView(plain.buffer, plain.byteOffset).getUint32(4, true)));
  } else if (!byteOnly) {
    body.u8(args.length);
    for (const arg of args) body.child(arg.canonical);
  }
  // Node id: u32 with a path; else the smallest width, unless the sender used u32 (compressNodeId: false).
  const width = path !== undefined || nodeWidth === 2 ? 2 : nodeId <= 0xff ? 0 : nodeId <= 0xffff ? 1 : 2;
  const methodWidth = methodId <= 0xff ? 0 : 1;
  const out = new Out();
  out.u8((width << 4) | (methodWidth << 6) | (byteOnly ? 0x80 : 0));
  const bodyBytes = body.finish();
  if (path !== undefined) out.u32(NODE_PATH_FLAG + 1 + 4 + (methodWidth === 0 ? 1 : 2) + bodyBytes.length);
  else if (width === 0) out.u8(nodeId);
  else if (width === 1) out.u16(nodeId);
  else out.u32(nodeId);
  if (methodWidth === 0) out.u8(methodId);
  else out.u16(methodId);
  out.child({ bytes: bodyBytes, nans: body.nans });
  if (path !== undefined) out.bytes(concatBytes(utf8(path), new Uint8Array([0])));
  return { ...base, canonical: { bytes: out.finish(), nans: out.nans } };
}

describe(`REMOTE_CALL decoder (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "either decodes each byte string, exactly where the documented layout allows, to a call that re-encodes to its canonical form (smallest method id, smallest node id unless sent as u32, bit 7 for no arguments or one PackedByteArray, canonical arguments; the input itself when Godot could have sent it), or fails with ERR_INVALID_DATA / ERR_UNAUTHORIZED (a full Object without allowObjects); never throws",
    () => {
      let decoded = 0;
      let same = 0;
      let normalized = 0;
      assertProperty(
        fc.property(input, fc.boolean(), wrappingArbitrary, (bytes, allowObjects, wrapping) => {
          const options = { allowObjects };
          const result = decodeRemoteCall(wrapBytes(bytes, wrapping), options);
          const expected = model(bytes, options);
          if (!expected.ok) {
            checkDocumentedError(result, [expected.code], () => `decode ${hex(bytes)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          check(
            result.nodeId === expected.nodeId &&
              result.methodId === expected.methodId &&
              result.pathFromPacket === expected.path &&
              result.args.length === expected.argCount,
            () => `decode ${hex(bytes)} gave the wrong fields`,
          );
          const call: RemoteCall = {
            nodeId: result.pathFromPacket === undefined ? result.nodeId : 0,
            methodId: result.methodId,
            args: result.args,
            path: result.pathFromPacket,
            compressNodeId: expected.nodeWidth !== 2,
          };
          if (expected.canonical === undefined) {
            // An integral FLOAT past 2^53 in an argument: see variant-model.ts.
            thrownError(
              () => encodeRemoteCall(call, options),
              "ERR_INVALID_PARAMETER",
              () => `re-encode ${hex(bytes)}`,
            );
            return;
          }
          const again = encodeRemoteCall(call, options);
          checkCanonical(again, expected.canonical, () => `re-encoding ${hex(bytes)}`);
          if (sameBytes(again, bytes)) same++;
          else normalized++;
        }),
      );
      expectCoverage(decoded, 0.15, "decoded");
      expectCoverage(same, 0.05, "same");
      expectCoverage(normalized, 0.02, "normalized");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded call to the same node, method, path and arguments",
    () => {
      assertProperty(
        fc.property(calls, (call) => {
          const options = { allowObjects: true };
          const bytes = encodeRemoteCall(call, options);
          const result = decodeRemoteCall(bytes, options);
          check(!(result instanceof GdnetError), () => `decode ${hex(bytes)}: ${String(result)}`);
          // A single empty PackedByteArray is received as a call without arguments, as in Godot.
          const only = call.args.length === 1 ? call.args[0] : undefined;
          const args = only instanceof Uint8Array && only.length === 0 ? [] : call.args;
          check(
            (call.path === undefined ? result.nodeId === call.nodeId : result.nodeId >= NODE_PATH_FLAG) &&
              result.pathFromPacket === call.path &&
              result.methodId === call.methodId &&
              variantEquals(result.args, args),
            () => `round trip of ${hex(bytes)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("refuses arguments nested past maxDepth, length bombs and path offsets past the end, quickly, with ERR_INVALID_DATA", () => {
    const MB = 1 << 20;
    const nested = new Uint8Array(MB);
    for (let i = 0; i < MB / 8; i++) nested.set([28, 0, 0, 0, 1, 0, 0, 0], i * 8);
    const started = performance.now();
    const deep = decodeRemoteCall(concatBytes(new Uint8Array([0x00, 1, 0, 1]), nested));
    checkDocumentedError(deep, ["ERR_INVALID_DATA"], "1 MB of nesting in an argument");
    expect(deep.message).toContain("maxDepth (1024)");
    const bomb = concatBytes(new Uint8Array([0x00, 1, 0, 1]), wordsToBytes([4, 0x7fff_ffff]), new Uint8Array(MB));
    checkDocumentedError(decodeRemoteCall(bomb), ["ERR_INVALID_DATA"], "string length bomb in an argument");
    const farPath = concatBytes(new Uint8Array([0x20]), wordsToBytes([0xffff_ffff]), new Uint8Array(MB).fill(0x41));
    checkDocumentedError(decodeRemoteCall(farPath), ["ERR_INVALID_DATA"], "path offset 2^31 - 1");
    const bigRaw = decodeRemoteCall(concatBytes(new Uint8Array([0x80, 1, 0]), new Uint8Array(MB)));
    expect(bigRaw instanceof GdnetError ? bigRaw.message : bigRaw.args[0]).toHaveLength(MB);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
