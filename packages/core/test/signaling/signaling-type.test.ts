import { describe, expect, it } from "vitest";
import { isSignalingType, SignalingType } from "../../src/signaling/signaling-type.js";

describe("SignalingType", () => {
  it("has the demo's message numbers (Message in ws_webrtc_client.gd, CMD in server.js)", () => {
    expect(SignalingType).toEqual({
      JOIN: 0,
      ID: 1,
      PEER_CONNECT: 2,
      PEER_DISCONNECT: 3,
      OFFER: 4,
      ANSWER: 5,
      CANDIDATE: 6,
      SEAL: 7,
    });
  });

  it("isSignalingType accepts exactly the integers 0 to 7", () => {
    for (const type of Object.values(SignalingType)) expect(isSignalingType(type)).toBe(true);
    for (const value of [-1, 8, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "1", null, undefined]) {
      expect(isSignalingType(value)).toBe(false);
    }
  });
});
