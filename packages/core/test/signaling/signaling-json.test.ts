import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { decodeSignalingJson, encodeSignalingJson, parseSignalingJson } from "../../src/signaling/signaling-json.js";
import type { SignalingMessage } from "../../src/signaling/signaling-message.js";
import { SignalingType } from "../../src/signaling/signaling-type.js";

const SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n";
const CANDIDATE = "\n0\n0\ncandidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx";

/** Every message of the 4.x protocol, with the exact text the demo server and client exchange. */
const GOLDEN: Array<[string, SignalingMessage, string]> = [
  ["JOIN to create a mesh lobby", { type: SignalingType.JOIN, id: 0, data: "" }, '{"type":0,"id":0,"data":""}'],
  [
    "JOIN a lobby as client/server",
    { type: SignalingType.JOIN, id: 1, data: "AbCd1234EfGh5678" },
    '{"type":0,"id":1,"data":"AbCd1234EfGh5678"}',
  ],
  ["ID of a mesh host", { type: SignalingType.ID, id: 1, data: "true" }, '{"type":1,"id":1,"data":"true"}'],
  ["ID in a client/server lobby", { type: SignalingType.ID, id: 1234567, data: "" }, '{"type":1,"id":1234567,"data":""}'],
  ["PEER_CONNECT", { type: SignalingType.PEER_CONNECT, id: 1234567, data: "" }, '{"type":2,"id":1234567,"data":""}'],
  ["PEER_DISCONNECT", { type: SignalingType.PEER_DISCONNECT, id: 1, data: "" }, '{"type":3,"id":1,"data":""}'],
  [
    "OFFER",
    { type: SignalingType.OFFER, id: 1, data: SDP },
    '{"type":4,"id":1,"data":"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n"}',
  ],
  [
    "ANSWER",
    { type: SignalingType.ANSWER, id: 99, data: SDP },
    '{"type":5,"id":99,"data":"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n"}',
  ],
  [
    "CANDIDATE",
    { type: SignalingType.CANDIDATE, id: 99, data: CANDIDATE },
    '{"type":6,"id":99,"data":"\\n0\\n0\\ncandidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx"}',
  ],
  ["SEAL", { type: SignalingType.SEAL, id: 0, data: "" }, '{"type":7,"id":0,"data":""}'],
];

function expectInvalid(result: unknown): void {
  expect(result).toBeInstanceOf(GdnetError);
  expect((result as GdnetError).code).toBe("ERR_INVALID_DATA");
}

describe("encodeSignalingJson", () => {
  it.each(GOLDEN)("encodes %s", (_name, message, text) => {
    expect(encodeSignalingJson(message)).toBe(text);
  });

  it('always writes "data", "" when the message has none (the GDScript client drops messages without it)', () => {
    expect(encodeSignalingJson({ type: SignalingType.SEAL, id: 0 })).toBe('{"type":7,"id":0,"data":""}');
  });
});

describe("decodeSignalingJson", () => {
  it.each(GOLDEN)("decodes %s", (_name, message, text) => {
    expect(decodeSignalingJson(text)).toEqual(message);
  });

  it("floors type and id, as the demo server does", () => {
    expect(decodeSignalingJson('{"type":4.9,"id":7.2,"data":"x"}')).toEqual({ type: 4, id: 7, data: "x" });
  });

  it("reads -0 as 0", () => {
    const message = decodeSignalingJson('{"type":-0,"id":-0}') as SignalingMessage;
    expect([Object.is(message.type, 0), Object.is(message.id, 0)]).toEqual([true, true]);
  });

  it('reads "data" that is missing or not a string as ""', () => {
    for (const data of ["", ',"data":5', ',"data":null', ',"data":{"a":1}', ',"data":["x"]', ',"data":true']) {
      expect(decodeSignalingJson(`{"type":3,"id":8${data}}`)).toEqual({ type: 3, id: 8, data: "" });
    }
  });

  it("ignores key order, extra keys and whitespace", () => {
    expect(decodeSignalingJson(' { "data" : "n", "extra": [1], "id" : 2 , "type" : 0 } ')).toEqual({
      type: 0,
      id: 2,
      data: "n",
    });
  });

  it.each([
    ["empty text", ""],
    ["text that is not JSON", "hello"],
    ["truncated JSON", '{"type":0,"id":0'],
    ["null (a TypeError in the demo server)", "null"],
    ["an array", '[0,0,""]'],
    ["a number", "5"],
    ["a string", '"J: \\n"'],
    ["a boolean", "true"],
    ["an object without type", '{"id":0,"data":""}'],
    ["an object without id", '{"type":0,"data":""}'],
    ["a string type", '{"type":"4","id":1,"data":""}'],
    ["a string id", '{"type":4,"id":"1","data":""}'],
    ["a null id", '{"type":4,"id":null,"data":""}'],
    ["a negative type", '{"type":-1,"id":0,"data":""}'],
    ["a negative id", '{"type":4,"id":-1,"data":""}'],
    ["a type that floors below 0", '{"type":-0.5,"id":0,"data":""}'],
    ["an unknown type", '{"type":8,"id":0,"data":""}'],
    ["an infinite type", '{"type":1e999,"id":0,"data":""}'],
    ["an infinite id (fuzz regression: it re-encoded as null)", '{"type":4,"id":1e400,"data":"x"}'],
  ])("refuses %s with ERR_INVALID_DATA, without throwing", (_name, text) => {
    expectInvalid(decodeSignalingJson(text));
  });

  it("keeps an infinite id in parseSignalingJson, as the demo server reads it (its destination lookup then fails)", () => {
    expect(parseSignalingJson('{"type":4,"id":1e400,"data":"x"}')).toEqual({ type: 4, id: Number.POSITIVE_INFINITY, data: "x" });
  });
});

describe("parseSignalingJson", () => {
  it("keeps a type the protocol does not know (the server answers it with Invalid command)", () => {
    expect(parseSignalingJson('{"type":42,"id":3,"data":"x"}')).toEqual({ type: 42, id: 3, data: "x" });
  });

  it("refuses what the demo server calls an invalid message format", () => {
    expectInvalid(parseSignalingJson("{"));
    expectInvalid(parseSignalingJson('{"type":-1,"id":0}'));
    expectInvalid(parseSignalingJson('{"type":0,"id":-2}'));
  });
});
