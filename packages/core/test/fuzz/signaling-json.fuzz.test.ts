// Property tests of the 4.x (JSON) signaling message decoders (signaling-json.ts:
// parseSignalingJson, decodeSignalingJson).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { decodeSignalingJson, encodeSignalingJson, parseSignalingJson } from "../../src/signaling/signaling-json.js";
import type { SignalingMessage } from "../../src/signaling/signaling-message.js";
import type { SignalingType } from "../../src/signaling/signaling-type.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import { check, checkDocumentedError, codePointArbitrary } from "./fuzz-support.js";

/** Number literals, including ones JSON.parse reads as ±Infinity or -0, and some that are not JSON at all. */
const numberLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -2, max: 9 }).map(String),
  fc.integer({ min: 0, max: 0x7fff_ffff }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc.constantFrom(
    "1e400",
    "-1e400",
    "-0",
    "0.5",
    "7.9",
    "1E2",
    "-0.5",
    "1e-400",
    "-1e-400",
    "9007199254740993",
    "1e21",
    "00",
    "+1",
    ".5",
    "0x1",
  ),
);

/** A JSON value of any type, for fields that should be numbers or strings. */
const anyJson: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 1 }),
  fc.string({ maxLength: 6 }).map((text) => JSON.stringify(text)),
  fc.constantFrom("null", "true", "[]", "{}", '"3"'),
);

/** Strings JSON can carry, lone surrogates included (JSON.stringify escapes them). */
const dataString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: codePointArbitrary, maxLength: 6 }),
  fc.constantFrom("", "true", "\n0\n0\ncandidate:1 1 udp 1 192.0.2.3 1 typ host", "\ud800", "a\udc00b"),
);

/** Objects shaped like messages: fields right or wrong, extra keys, any order, any whitespace. */
const messageLike: fc.Arbitrary<string> = fc
  .record(
    {
      type: fc.oneof({ weight: 4, arbitrary: numberLiteral }, anyJson),
      id: fc.oneof({ weight: 4, arbitrary: numberLiteral }, anyJson),
      data: fc.oneof({ weight: 4, arbitrary: dataString.map((text) => JSON.stringify(text)) }, anyJson),
      extra: fc.oneof(anyJson, fc.constant("1")),
    },
    { requiredKeys: [] },
  )
  .chain((fields) =>
    fc
      .tuple(
        fc.shuffledSubarray(Object.entries(fields), { minLength: Object.keys(fields).length }),
        fc.constantFrom("", " ", "\n\t"),
      )
      .map(
        ([entries, space]) =>
          `${space}{${entries.map(([key, value]) => `${space}"${key}"${space}:${space}${value}`).join(",")}}${space}`,
      ),
  );

const messages: fc.Arbitrary<SignalingMessage> = fc.record({
  type: fc.integer({ min: 0, max: 7 }).map((type) => type as SignalingType),
  id: fc.oneof(fc.integer({ min: 0, max: 0x7fff_ffff }), fc.maxSafeInteger().map(Math.abs)),
  data: dataString,
});

/** Canonical texts, with a character deleted, inserted or replaced, or cut short. */
const mutatedCanonical: fc.Arbitrary<string> = fc
  .tuple(
    messages.map(encodeSignalingJson),
    fc.nat(),
    fc.constantFrom("delete", "insert", "replace", "cut"),
    fc.constantFrom(...'{}[]",:0-9 e.n'),
  )
  .map(([text, at, op, char]) => {
    const i = at % (text.length + 1);
    if (op === "delete") return text.slice(0, i) + text.slice(i + 1);
    if (op === "insert") return text.slice(0, i) + char + text.slice(i);
    if (op === "replace") return text.slice(0, i) + char + text.slice(i + 1);
    return text.slice(0, i);
  });

const input: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.json({ maxDepth: 2 }),
  { weight: 4, arbitrary: messageLike },
  { weight: 2, arbitrary: messages.map(encodeSignalingJson) },
  { weight: 2, arbitrary: mutatedCanonical },
);

/** The Node demo server's reading (`parseMsg`): JSON object, numeric type and id floored to >= 0, string data or "". */
function model(text: string): { type: number; id: number; data: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null) return undefined;
  const { type, id, data } = json as Record<string, unknown>;
  if (typeof type !== "number" || typeof id !== "number") return undefined;
  const floorType = Math.floor(type);
  const floorId = Math.floor(id);
  if (!(floorType >= 0 && floorId >= 0)) return undefined;
  // Object.is(-0, 0) is false: the fields hold +0 for a -0 in the text.
  return { type: floorType + 0, id: floorId + 0, data: typeof data === "string" ? data : "" };
}

function sameFields(a: { type: number; id: number; data: string }, b: { type: number; id: number; data: string }): boolean {
  return Object.is(a.type, b.type) && Object.is(a.id, b.id) && a.data === b.data;
}

describe(`4.x JSON signaling decoders (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "parseSignalingJson never throws, and reads exactly the messages the Node demo server accepts, to the same fields; ERR_INVALID_DATA otherwise",
    () => {
      let parsed = 0;
      assertProperty(
        fc.property(input, (text) => {
          const result = parseSignalingJson(text);
          const expected = model(text);
          if (expected === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `parse ${JSON.stringify(text)}`);
            return;
          }
          parsed++;
          check(!(result instanceof GdnetError) && sameFields(result, expected), () => `parse ${JSON.stringify(text)}`);
        }),
      );
      expectCoverage(parsed, 0.2, "parsed");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodeSignalingJson never throws, decodes exactly the readable messages whose type is 0-7, and re-encodes each to its canonical text (the input itself when it was canonical), which decodes to the same message",
    () => {
      let decoded = 0;
      let same = 0;
      assertProperty(
        fc.property(input, (text) => {
          const result = decodeSignalingJson(text);
          const fields = model(text);
          const valid = fields !== undefined && Number.isInteger(fields.type) && fields.type <= 7 && Number.isFinite(fields.id);
          if (!valid) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${JSON.stringify(text)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError) && sameFields(result, fields), () => `decode ${JSON.stringify(text)}`);
          const again = encodeSignalingJson(result);
          const canonical = `{"type":${fields.type},"id":${JSON.stringify(fields.id)},"data":${JSON.stringify(fields.data)}}`;
          check(again === canonical, () => `re-encoding ${JSON.stringify(text)} gave ${again}`);
          const reread = decodeSignalingJson(again);
          check(
            !(reread instanceof GdnetError) && sameFields(reread, result),
            () => `${again} does not decode to the same message`,
          );
          if (again === text) same++;
        }),
      );
      expectCoverage(decoded, 0.1, "decoded");
      expectCoverage(same, 0.05, "same");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded message to the same type, id and data",
    () => {
      assertProperty(
        fc.property(messages, (message) => {
          const text = encodeSignalingJson(message);
          const result = decodeSignalingJson(text);
          check(!(result instanceof GdnetError) && sameFields(result, message), () => `round trip of ${text}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("answers a 1 MB message, 100,000 levels of JSON nesting and a 1 MB data string quickly", () => {
    const started = performance.now();
    checkDocumentedError(
      decodeSignalingJson(`${"[".repeat(100_000)}${"]".repeat(100_000)}`),
      ["ERR_INVALID_DATA"],
      "nested arrays",
    );
    checkDocumentedError(parseSignalingJson(`{"type":${"[".repeat(100_000)}`), ["ERR_INVALID_DATA"], "unterminated nesting");
    const data = "x".repeat(1 << 20);
    const result = decodeSignalingJson(`{"type":4,"id":1,"data":"${data}"}`);
    expect(result instanceof GdnetError ? result.message : result.data).toBe(data);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
