// Property tests of the 3.2 (text) signaling message decoders (signaling-text.ts:
// splitSignalingText, decodeSignalingText): `"<C>: <arg>\n<payload>"`.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import type { SignalingMessage } from "../../src/signaling/signaling-message.js";
import { decodeSignalingText, encodeSignalingText, splitSignalingText } from "../../src/signaling/signaling-text.js";
import { SignalingType } from "../../src/signaling/signaling-type.js";
import { assertProperty, expectCoverage, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import { check, checkDocumentedError } from "./fuzz-support.js";

const LETTERS = "JINDOACS";
const TYPE_OF_LETTER: Readonly<Record<string, SignalingType>> = {
  J: SignalingType.JOIN,
  I: SignalingType.ID,
  N: SignalingType.PEER_CONNECT,
  D: SignalingType.PEER_DISCONNECT,
  O: SignalingType.OFFER,
  A: SignalingType.ANSWER,
  C: SignalingType.CANDIDATE,
  S: SignalingType.SEAL,
};

const lineText = fc.string({ maxLength: 8 }).map((text) => text.replaceAll("\n", ""));
const payload = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", "\n0\n0\ncandidate:1 1 udp 1 192.0.2.3 1 typ host", "v=0\r\n"),
);

/** Integer arguments as a sender may write them: signs, leading zeros, past 2^53, or not integers at all. */
const argument: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.maxSafeInteger().map(String),
  fc.constantFrom("+5", "-0", "007", "9007199254740993", "-9007199254740993", "", " 1", "1 ", "1a", "0x10", "1.0", "+", "-"),
  lineText,
);

const messages: fc.Arbitrary<SignalingMessage> = fc.oneof(
  fc.record({ type: fc.constant(SignalingType.JOIN), id: fc.constant(0), data: lineText }),
  fc.constant({ type: SignalingType.SEAL, id: 0, data: "" }),
  fc.record({
    type: fc.constantFrom(
      SignalingType.ID,
      SignalingType.PEER_CONNECT,
      SignalingType.PEER_DISCONNECT,
      SignalingType.OFFER,
      SignalingType.ANSWER,
      SignalingType.CANDIDATE,
    ),
    id: fc.oneof(fc.integer(), fc.maxSafeInteger()),
    data: payload,
  }),
);

const input: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...LETTERS) }, fc.constantFrom("X", "j", "", "JJ", "\n")),
        fc.oneof({ weight: 6, arbitrary: fc.constant(": ") }, fc.constantFrom(":", " :", ":  ", "")),
        argument,
        fc.oneof({ weight: 6, arbitrary: fc.constant("\n") }, fc.constantFrom("", "\r\n", "\n\n")),
        payload,
      )
      .map((parts) => parts.join("")),
  },
  { weight: 2, arbitrary: messages.map(encodeSignalingText) },
);

/** The 3.2 demo client's reading (`_parse_msg`), and the text gdnet's encoder writes for what it read. */
function model(text: string): { message: SignalingMessage; canonical: string } | undefined {
  const newline = text.indexOf("\n");
  if (newline === -1) return undefined;
  const head = text.slice(0, newline);
  const rest = text.slice(newline + 1);
  const type = head.length >= 3 && head.slice(1, 3) === ": " ? TYPE_OF_LETTER[head.charAt(0)] : undefined;
  if (type === undefined) return undefined;
  const argument = head.slice(3);
  if (type === SignalingType.JOIN) return { message: { type, id: 0, data: argument }, canonical: `J: ${argument}\n` };
  if (type === SignalingType.SEAL) return { message: { type, id: 0, data: "" }, canonical: "S: \n" };
  if (!/^[+-]?[0-9]+$/.test(argument) || !Number.isSafeInteger(Number(argument))) return undefined;
  const id = Number(argument) + 0;
  return { message: { type, id, data: rest }, canonical: `${head.charAt(0)}: ${id}\n${rest}` };
}

function sameMessage(a: SignalingMessage, b: SignalingMessage): boolean {
  return a.type === b.type && Object.is(a.id, b.id) && a.data === b.data;
}

describe(`3.2 text signaling decoders (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "splitSignalingText never throws, and cuts every text with a first line of 3+ characters at its first newline (head + newline + payload is the text); ERR_INVALID_DATA otherwise",
    () => {
      assertProperty(
        fc.property(input, (text) => {
          const result = splitSignalingText(text);
          const newline = text.indexOf("\n");
          if (newline < 3) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `split ${JSON.stringify(text)}`);
            return;
          }
          check(
            !(result instanceof GdnetError) && !result.head.includes("\n") && `${result.head}\n${result.payload}` === text,
            () => `split ${JSON.stringify(text)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodeSignalingText never throws, decodes exactly what the 3.2 client reads, and re-encodes it to its canonical text (the input itself when it was canonical)",
    () => {
      let decoded = 0;
      let same = 0;
      assertProperty(
        fc.property(input, (text) => {
          const result = decodeSignalingText(text);
          const expected = model(text);
          if (expected === undefined) {
            checkDocumentedError(result, ["ERR_INVALID_DATA"], () => `decode ${JSON.stringify(text)}`);
            return;
          }
          decoded++;
          check(!(result instanceof GdnetError) && sameMessage(result, expected.message), () => `decode ${JSON.stringify(text)}`);
          // Lossy by design (encodeSignalingText's JSDoc): J drops its payload, S its argument and payload,
          // and an id is written in plain decimal ("+05" is 5).
          const again = encodeSignalingText(result);
          check(again === expected.canonical, () => `re-encoding ${JSON.stringify(text)} gave ${JSON.stringify(again)}`);
          if (again === text) same++;
        }),
      );
      expectCoverage(decoded, 0.2, "decoded");
      expectCoverage(same, 0.1, "same");
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "decodes every encoded message to the same type, id and data",
    () => {
      assertProperty(
        fc.property(messages, (message) => {
          const text = encodeSignalingText(message);
          const result = decodeSignalingText(text);
          check(!(result instanceof GdnetError) && sameMessage(result, message), () => `round trip of ${JSON.stringify(text)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("answers a 1 MB line without a newline and a 1 MB payload quickly", () => {
    const started = performance.now();
    checkDocumentedError(decodeSignalingText(`O: ${"1".repeat(1 << 20)}`), ["ERR_INVALID_DATA"], "no newline");
    checkDocumentedError(decodeSignalingText(`O: ${"1".repeat(1 << 20)}\n`), ["ERR_INVALID_DATA"], "id past 2^53");
    const result = decodeSignalingText(`O: 1\n${"x".repeat(1 << 20)}`);
    expect(result instanceof GdnetError ? result.message : result.data.length).toBe(1 << 20);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
