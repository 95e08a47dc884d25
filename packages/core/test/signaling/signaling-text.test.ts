import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import type { SignalingMessage } from "../../src/signaling/signaling-message.js";
import {
  decodeSignalingText,
  encodeSignalingText,
  SignalingTextCommand,
  splitSignalingText,
} from "../../src/signaling/signaling-text.js";
import { type SignalingType, SignalingType as Type } from "../../src/signaling/signaling-type.js";

const SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n";
const CANDIDATE = "\n0\n0\ncandidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx";

/** Every message of the 3.2 protocol, with the exact text the 3.2 demo server and client exchange. */
const GOLDEN: Array<[string, SignalingMessage, string]> = [
  ["J to create a lobby", { type: Type.JOIN, id: 0, data: "" }, "J: \n"],
  ["J with a lobby name (both ways)", { type: Type.JOIN, id: 0, data: "AbCd1234EfGh5678" }, "J: AbCd1234EfGh5678\n"],
  ["I, the host's id", { type: Type.ID, id: 1, data: "" }, "I: 1\n"],
  ["N, a peer connected", { type: Type.PEER_CONNECT, id: 1234567, data: "" }, "N: 1234567\n"],
  ["D, a peer disconnected", { type: Type.PEER_DISCONNECT, id: 1234567, data: "" }, "D: 1234567\n"],
  ["O, an offer", { type: Type.OFFER, id: 1, data: SDP }, `O: 1\n${SDP}`],
  ["A, an answer", { type: Type.ANSWER, id: 99, data: SDP }, `A: 99\n${SDP}`],
  [
    "C, a candidate (payload starts with its own newline)",
    { type: Type.CANDIDATE, id: 99, data: CANDIDATE },
    `C: 99\n${CANDIDATE}`,
  ],
  ["S, seal", { type: Type.SEAL, id: 0, data: "" }, "S: \n"],
];

function expectInvalid(result: unknown): void {
  expect(result).toBeInstanceOf(GdnetError);
  expect((result as GdnetError).code).toBe("ERR_INVALID_DATA");
}

describe("SignalingTextCommand", () => {
  it("names the 3.2 command letters", () => {
    expect(SignalingTextCommand).toEqual({
      JOIN: "J",
      ID: "I",
      PEER_CONNECT: "N",
      PEER_DISCONNECT: "D",
      OFFER: "O",
      ANSWER: "A",
      CANDIDATE: "C",
      SEAL: "S",
    });
  });
});

describe("encodeSignalingText", () => {
  it.each(GOLDEN)("encodes %s", (_name, message, text) => {
    expect(encodeSignalingText(message)).toBe(text);
  });

  it("has no place for JOIN's id (4.x's mesh flag) nor SEAL's id and data", () => {
    expect(encodeSignalingText({ type: Type.JOIN, id: 1, data: "lobby" })).toBe("J: lobby\n");
    expect(encodeSignalingText({ type: Type.SEAL, id: 5, data: "x" })).toBe("S: \n");
  });

  it("writes no payload when data is left out", () => {
    expect(encodeSignalingText({ type: Type.PEER_CONNECT, id: 7 })).toBe("N: 7\n");
  });

  it("throws ERR_TYPE for a type that is not a SignalingType", () => {
    expect(() => encodeSignalingText({ type: 9 as SignalingType, id: 1 })).toThrow(expect.objectContaining({ code: "ERR_TYPE" }));
  });
});

describe("decodeSignalingText", () => {
  it.each(GOLDEN)("decodes %s", (_name, message, text) => {
    expect(decodeSignalingText(text)).toEqual(message);
  });

  it("keeps a J lobby name as is, as the 3.2 client does (only the server trims)", () => {
    expect(decodeSignalingText("J:  name \n")).toEqual({ type: Type.JOIN, id: 0, data: " name " });
  });

  it("ignores S's argument and payload, and J's payload", () => {
    expect(decodeSignalingText("S: anything\nmore")).toEqual({ type: Type.SEAL, id: 0, data: "" });
    expect(decodeSignalingText("J: lobby\nextra")).toEqual({ type: Type.JOIN, id: 0, data: "lobby" });
  });

  it("reads a signed id as Godot's is_valid_integer does", () => {
    expect(decodeSignalingText("N: +7\n")).toEqual({ type: Type.PEER_CONNECT, id: 7, data: "" });
    expect(decodeSignalingText("D: -3\n")).toEqual({ type: Type.PEER_DISCONNECT, id: -3, data: "" });
  });

  it("keeps every newline of the payload after the first", () => {
    expect(decodeSignalingText("O: 2\n\na\n\n")).toEqual({ type: Type.OFFER, id: 2, data: "\na\n\n" });
  });

  it.each([
    ["empty text", ""],
    ["a message without a newline", "J: lobby"],
    ["a first line shorter than 3 characters", "S:\n"],
    ["a bare newline", "\n"],
    ["an unknown letter", "X: 1\n"],
    ["a lowercase letter", "j: lobby\n"],
    ["a letter without ': '", "J:lobby\n"],
    ["an id that is not a number", "I: abc\n"],
    ["an empty id", "N: \n"],
    ["a sign without digits", "D: +\n"],
    ["a fractional id", "O: 1.5\nsdp"],
    ["an id with trailing text", "A: 12abc\nsdp"],
    ["an id past 2^53", "C: 99999999999999999999\n"],
  ])("refuses %s with ERR_INVALID_DATA, without throwing", (_name, text) => {
    expectInvalid(decodeSignalingText(text));
  });
});

describe("splitSignalingText", () => {
  it("cuts at the first newline", () => {
    expect(splitSignalingText("C: 5\n\n0\n0\ncand")).toEqual({ head: "C: 5", payload: "\n0\n0\ncand" });
    expect(splitSignalingText("X: \n")).toEqual({ head: "X: ", payload: "" });
  });

  it("refuses text without a newline or with a first line shorter than 3", () => {
    expectInvalid(splitSignalingText("S: "));
    expectInvalid(splitSignalingText("ab\nc"));
  });
});
