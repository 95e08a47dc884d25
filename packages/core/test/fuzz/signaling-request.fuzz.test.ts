// Property tests of the signaling server's request reader (signaling-request.ts:
// parseSignalingRequest), for both protocol versions.

import fc from "fast-check";
import { describe, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { encodeSignalingJson, parseSignalingJson } from "../../src/signaling/signaling-json.js";
import { parseSignalingRequest, type SignalingRequest } from "../../src/signaling/signaling-request.js";
import { encodeSignalingText, splitSignalingText } from "../../src/signaling/signaling-text.js";
import { SignalingType } from "../../src/signaling/signaling-type.js";
import { assertProperty, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import { check } from "./fuzz-support.js";

const RELAY_LETTERS: Readonly<Record<string, 4 | 5 | 6>> = {
  O: SignalingType.OFFER,
  A: SignalingType.ANSWER,
  C: SignalingType.CANDIDATE,
};

const text = fc.string({ maxLength: 10 });
const destination = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }));

/** 3.2 lines: any letter, separator and argument, then a payload. */
const textRequest: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(..."JSOACINDX j"),
    fc.oneof({ weight: 5, arbitrary: fc.constant(": ") }, fc.constantFrom(":", "")),
    fc.oneof(destination.map(String), fc.constantFrom(" 12abc", "0x10", "", "  7 ", "-", "1e3"), text),
    fc.oneof({ weight: 5, arbitrary: fc.constant("\n") }, fc.constant("")),
    text,
  )
  .map((parts) => parts.join(""));

/** 4.x JSON objects with types in and out of the protocol. */
const jsonRequest: fc.Arbitrary<string> = fc
  .record({
    type: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.double({ min: -1, max: 9, noNaN: true })),
    id: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.double({ min: -1, max: 1e6, noNaN: true })),
    data: fc.oneof(text, fc.constant(undefined)),
  })
  .map((fields) => JSON.stringify(fields));

const input: fc.Arbitrary<string> = fc.oneof(text, textRequest, jsonRequest, fc.json({ maxDepth: 1 }));

/** A client's message: what it asks, and how each version writes it. */
type ClientMessage =
  | { readonly kind: "join"; readonly lobby: string; readonly mesh: boolean }
  | { readonly kind: "seal" }
  | { readonly kind: "relay"; readonly type: 4 | 5 | 6; readonly destination: number; readonly data: string };

const clientMessages: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record({ kind: fc.constant("join" as const), lobby: text.map((lobby) => lobby.replaceAll("\n", "")), mesh: fc.boolean() }),
  fc.constant({ kind: "seal" as const }),
  fc.record({
    kind: fc.constant("relay" as const),
    type: fc.constantFrom(SignalingType.OFFER, SignalingType.ANSWER, SignalingType.CANDIDATE),
    destination,
    data: text,
  }),
);

function sameRequest(a: SignalingRequest, b: SignalingRequest): boolean {
  switch (a.kind) {
    case "malformed":
      return b.kind === "malformed" && b.error instanceof GdnetError && b.error.code === "ERR_INVALID_DATA";
    case "join":
      return b.kind === "join" && a.lobby === b.lobby && a.mesh === b.mesh;
    case "seal":
      return b.kind === "seal";
    case "relay":
      return b.kind === "relay" && a.type === b.type && Object.is(a.destination, b.destination) && a.data === b.data;
    case "other":
      return b.kind === "other" && Object.is(a.destination, b.destination);
  }
}

/** The Node demo server's reading of a 4.x message (master's server.js), from the fields parseSignalingJson gives. */
function expected4(message: string): SignalingRequest {
  const fields = parseSignalingJson(message);
  if (fields instanceof GdnetError) return { kind: "malformed", error: fields };
  const { type, id, data } = fields;
  if (type === SignalingType.JOIN) return { kind: "join", lobby: data, mesh: id === 0 };
  if (type === SignalingType.SEAL) return { kind: "seal" };
  if (type === SignalingType.OFFER || type === SignalingType.ANSWER || type === SignalingType.CANDIDATE) {
    return { kind: "relay", type, destination: id, data };
  }
  return { kind: "other", destination: null };
}

/** The 3.2 demo server's reading (branch 3.2's server.js): the command by its first three characters. */
function expected3(message: string): SignalingRequest {
  const parts = splitSignalingText(message);
  if (parts instanceof GdnetError) return { kind: "malformed", error: parts };
  const { head, payload } = parts;
  if (head.startsWith("J: ")) return { kind: "join", lobby: head.slice(3).trim(), mesh: false };
  if (head.startsWith("S: ")) return { kind: "seal" };
  // biome-ignore lint/correctness/useParseIntRadix: the demo server calls parseInt without a radix.
  const destination = Number.parseInt(head.slice(3).trim());
  const type = head.slice(2, 3) === " " && head.slice(1, 2) === ":" ? RELAY_LETTERS[head.charAt(0)] : undefined;
  return type === undefined ? { kind: "other", destination } : { kind: "relay", type, destination, data: payload };
}

describe(`signaling server request reader (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, and reads every text as the demo server of its version does (malformed exactly when the message format is invalid)",
    () => {
      assertProperty(
        fc.property(input, (message) => {
          const request4 = parseSignalingRequest(message, 4);
          check(
            sameRequest(expected4(message), request4),
            () => `4.x ${JSON.stringify(message)} read as ${JSON.stringify(request4)}`,
          );
          const request3 = parseSignalingRequest(message, 3);
          check(
            sameRequest(expected3(message), request3),
            () => `3.2 ${JSON.stringify(message)} read as ${JSON.stringify(request3)}`,
          );
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "reads every client message, written by either version's encoder, as the request it makes",
    () => {
      assertProperty(
        fc.property(clientMessages, (message) => {
          let json: string;
          let line: string;
          let want3: SignalingRequest = message;
          if (message.kind === "join") {
            json = encodeSignalingJson({ type: SignalingType.JOIN, id: message.mesh ? 0 : 1, data: message.lobby });
            line = encodeSignalingText({ type: SignalingType.JOIN, id: 0, data: message.lobby });
            // 3.2 has no mesh flag, and its server trims the lobby name.
            want3 = { kind: "join", lobby: message.lobby.trim(), mesh: false };
          } else if (message.kind === "seal") {
            json = encodeSignalingJson({ type: SignalingType.SEAL, id: 0 });
            line = encodeSignalingText({ type: SignalingType.SEAL, id: 0 });
          } else {
            json = encodeSignalingJson({ type: message.type, id: message.destination, data: message.data });
            line = encodeSignalingText({ type: message.type, id: message.destination, data: message.data });
            // 4.x destinations are non-negative (the server refuses the rest as malformed).
            if (message.destination < 0) {
              check(parseSignalingRequest(json, 4).kind === "malformed", () => `4.x ${json}`);
              json = "";
            }
          }
          if (json !== "") check(sameRequest(message, parseSignalingRequest(json, 4)), () => `4.x ${json}`);
          check(sameRequest(want3, parseSignalingRequest(line, 3)), () => `3.2 ${JSON.stringify(line)}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
