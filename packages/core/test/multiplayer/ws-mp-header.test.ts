import { describe, expect, it } from "vitest";
import { encodeMpApiRemoteCall } from "../../src/multiplayer/mp-api-remote-call.js";
import {
  type DecodedWsMpPacket,
  decodeWsMpPacket,
  encodeWsMpPacket,
  encodeWsMpSys,
  WS_MP_HEADER_SIZE,
  WsMpType,
} from "../../src/multiplayer/ws-mp-header.js";
import { fromHex, toHex } from "../variant/hex.js";
import { expectNeverThrows, expectThrow, failure, ok, prefixes } from "./packet-test-helpers.js";

const SYS_ID = "03 01 00 00 00 00 00 00 00 78 56 34 12";
const CALL_CACHED = "00 01 00 00 00 66 6F 6F 00 01 02 00 00 00 07 00 00 00";
const CLIENT_TO_SERVER = `00 0D 0C 0B 0A 01 00 00 00 ${CALL_CACHED}`;

function decode(hex: string): DecodedWsMpPacket {
  return ok(decodeWsMpPacket(fromHex(hex)));
}

describe("Godot 3.2 WebSocket multiplayer header (godot-protocols.md §1.4)", () => {
  it("has the types SYS_NONE 0, SYS_ADD 1, SYS_DEL 2, SYS_ID 3 and a 9-byte header", () => {
    expect(Object.entries(WsMpType)).toEqual([
      ["SYS_NONE", 0],
      ["SYS_ADD", 1],
      ["SYS_DEL", 2],
      ["SYS_ID", 3],
    ]);
    expect(WS_MP_HEADER_SIZE).toBe(9);
  });

  it("encodes SYS_ID(0x12345678) from the server: 03 01 00 00 00 00 00 00 00 78 56 34 12", () => {
    expect(toHex(encodeWsMpSys(WsMpType.SYS_ID, 0x12345678))).toBe(SYS_ID);
    expect(decode(SYS_ID)).toEqual({
      type: WsMpType.SYS_ID,
      from: 1,
      to: 0,
      payload: fromHex("78 56 34 12"),
      peerId: 0x12345678,
    });
  });

  it("encodes SYS_ADD(1) and SYS_DEL(id) the same way", () => {
    expect(toHex(encodeWsMpSys(WsMpType.SYS_ADD, 1))).toBe("01 01 00 00 00 00 00 00 00 01 00 00 00");
    expect(decode("02 01 00 00 00 00 00 00 00 05 00 00 00")).toMatchObject({ type: WsMpType.SYS_DEL, peerId: 5 });
  });

  it("prefixes a client's MultiplayerAPI packet with SYS_NONE, from = own id, to = target (§3.3 example)", () => {
    const payload = encodeMpApiRemoteCall({ nodeId: 1, method: "foo", args: [7] });
    const bytes = encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 0x0a0b0c0d, to: 1, payload });
    expect(toHex(bytes)).toBe(CLIENT_TO_SERVER);
    expect(decode(CLIENT_TO_SERVER)).toEqual({ type: WsMpType.SYS_NONE, from: 0x0a0b0c0d, to: 1, payload });
  });

  it("carries negative targets (everyone but -to) and an empty payload", () => {
    const bytes = encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 2, to: -3, payload: new Uint8Array(0) });
    expect(toHex(bytes)).toBe("00 02 00 00 00 FD FF FF FF");
    expect(decode(toHex(bytes))).toEqual({ type: WsMpType.SYS_NONE, from: 2, to: -3, payload: new Uint8Array(0) });
  });

  it("returns a copy of the payload", () => {
    const bytes = fromHex(CLIENT_TO_SERVER);
    const packet = ok(decodeWsMpPacket(bytes));
    bytes[9] = 0xff;
    expect(packet.payload[0]).toBe(0);
  });
});

describe("decodeWsMpPacket rejects malformed messages", () => {
  it("returns an error for every truncation of SYS_ID", () => {
    for (const prefix of prefixes(fromHex(SYS_ID))) failure(decodeWsMpPacket(prefix));
  });

  it("needs the whole header for SYS_NONE; longer truncations carry shorter payloads", () => {
    const golden = fromHex(CLIENT_TO_SERVER);
    for (const prefix of prefixes(golden).slice(0, 9)) {
      expect(failure(decodeWsMpPacket(prefix)).message).toMatch(/shorter than the 9-byte header/);
    }
    expect(ok(decodeWsMpPacket(golden.slice(0, 12))).payload).toEqual(golden.slice(9, 12));
  });

  it.each([
    ["an unknown type", "04 01 00 00 00 00 00 00 00 01 00 00 00", /unknown message type 4/],
    ["a SYS message with a 5-byte payload", `${SYS_ID} 00`, /this one has 5 bytes/],
    ["a SYS message without payload", "01 01 00 00 00 00 00 00 00", /this one has 0 bytes/],
  ])("rejects %s", (_name, hex, message) => {
    expect(failure(decodeWsMpPacket(fromHex(hex))).message).toMatch(message);
  });

  it("never throws on corrupted messages", () => {
    for (const hex of [SYS_ID, CLIENT_TO_SERVER]) expectNeverThrows(fromHex(hex), (bytes) => decodeWsMpPacket(bytes));
  });
});

describe("encodeWsMpPacket refuses impossible values", () => {
  const payload = new Uint8Array(4);
  it.each([
    [() => encodeWsMpPacket({ type: 4 as WsMpType, from: 1, to: 0, payload }), /type/],
    [() => encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 0, to: 0, payload }), /from/],
    [() => encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 2 ** 31, to: 0, payload }), /from/],
    [() => encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 2, to: 2 ** 31, payload }), /to must/],
    [() => encodeWsMpPacket({ type: WsMpType.SYS_ADD, from: 1, to: 0, payload: new Uint8Array(3) }), /4 bytes/],
    [() => encodeWsMpSys(WsMpType.SYS_NONE as 1, 5), /type/],
    [() => encodeWsMpSys(WsMpType.SYS_ID, 2 ** 31), /peerId/],
  ])("throws ERR_INVALID_PARAMETER (%#)", (encode, message) => {
    expectThrow(encode, message);
  });
});
