import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { parseSignalingRequest } from "../../src/signaling/signaling-request.js";
import { SignalingType } from "../../src/signaling/signaling-type.js";

describe("parseSignalingRequest, 4.x (JSON, master's server.js)", () => {
  it("reads JOIN with id 0 as creating a mesh lobby, any other id as client/server", () => {
    expect(parseSignalingRequest('{"type":0,"id":0,"data":""}', 4)).toEqual({ kind: "join", lobby: "", mesh: true });
    expect(parseSignalingRequest('{"type":0,"id":1,"data":""}', 4)).toEqual({ kind: "join", lobby: "", mesh: false });
    expect(parseSignalingRequest('{"type":0,"id":7,"data":"Lobby"}', 4)).toEqual({ kind: "join", lobby: "Lobby", mesh: false });
  });

  it("keeps the lobby name as sent (no trimming in 4.x)", () => {
    expect(parseSignalingRequest('{"type":0,"id":0,"data":" L "}', 4)).toEqual({ kind: "join", lobby: " L ", mesh: true });
  });

  it("reads SEAL whatever its id", () => {
    expect(parseSignalingRequest('{"type":7,"id":3}', 4)).toEqual({ kind: "seal" });
  });

  it("reads OFFER, ANSWER and CANDIDATE as relays to id", () => {
    for (const type of [SignalingType.OFFER, SignalingType.ANSWER, SignalingType.CANDIDATE]) {
      expect(parseSignalingRequest(`{"type":${type},"id":1,"data":"x"}`, 4)).toEqual({
        kind: "relay",
        type,
        destination: 1,
        data: "x",
      });
    }
  });

  it("reads server-to-client and unknown types as other commands, without a destination check", () => {
    for (const type of [SignalingType.ID, SignalingType.PEER_CONNECT, SignalingType.PEER_DISCONNECT, 8, 1000]) {
      expect(parseSignalingRequest(`{"type":${type},"id":1,"data":""}`, 4)).toEqual({ kind: "other", destination: null });
    }
  });

  it("reads unparsable JSON, and 3.2 text, as malformed", () => {
    for (const text of ["{", "J: \n", '{"type":-1,"id":0}', "null"]) {
      const request = parseSignalingRequest(text, 4);
      expect(request.kind).toBe("malformed");
      if (request.kind === "malformed") expect(request.error).toBeInstanceOf(GdnetError);
    }
  });
});

describe("parseSignalingRequest, 3.2 (text, branch 3.2's server.js)", () => {
  it("reads J with the lobby name trimmed, never a mesh flag", () => {
    expect(parseSignalingRequest("J: \n", 3)).toEqual({ kind: "join", lobby: "", mesh: false });
    expect(parseSignalingRequest("J:  AbC \n", 3)).toEqual({ kind: "join", lobby: "AbC", mesh: false });
  });

  it("reads S whatever follows it", () => {
    expect(parseSignalingRequest("S: \n", 3)).toEqual({ kind: "seal" });
    expect(parseSignalingRequest("S: x\ny", 3)).toEqual({ kind: "seal" });
  });

  it("reads O, A and C as relays of everything after the first newline", () => {
    expect(parseSignalingRequest("O: 1\nsdp\r\n", 3)).toEqual({
      kind: "relay",
      type: SignalingType.OFFER,
      destination: 1,
      data: "sdp\r\n",
    });
    expect(parseSignalingRequest("A: 42\nsdp", 3)).toEqual({
      kind: "relay",
      type: SignalingType.ANSWER,
      destination: 42,
      data: "sdp",
    });
    expect(parseSignalingRequest("C: 42\n\n0\n0\ncand", 3)).toEqual({
      kind: "relay",
      type: SignalingType.CANDIDATE,
      destination: 42,
      data: "\n0\n0\ncand",
    });
  });

  it("reads the destination with JavaScript's parseInt, as the demo does", () => {
    expect(parseSignalingRequest("O: 12abc\nx", 3)).toMatchObject({ kind: "relay", destination: 12 });
    expect(parseSignalingRequest("O: 0x10\nx", 3)).toMatchObject({ kind: "relay", destination: 16 });
    expect(parseSignalingRequest("O:  7 \nx", 3)).toMatchObject({ kind: "relay", destination: 7 });
    expect(parseSignalingRequest("O: none\nx", 3)).toMatchObject({ kind: "relay", destination: Number.NaN });
  });

  it("reads any other letter as another command whose destination the server checks first", () => {
    expect(parseSignalingRequest("X: 5\n", 3)).toEqual({ kind: "other", destination: 5 });
    expect(parseSignalingRequest("I: 1\n", 3)).toEqual({ kind: "other", destination: 1 });
    expect(parseSignalingRequest("Sx: \n", 3)).toEqual({ kind: "other", destination: Number.NaN });
  });

  it("reads text without a newline, or with a first line under 3 characters, as malformed", () => {
    for (const text of ["J: lobby", "S:\n", "", '{"type":0,"id":0,"data":""}']) {
      expect(parseSignalingRequest(text, 3).kind).toBe("malformed");
    }
  });
});
