import { describe, expect, it } from "vitest";
import { SysCommand } from "../../src/multiplayer/scene-command.js";
import { decodeRawPacket, encodeRawPacket } from "../../src/multiplayer/scene-packets.js";
import { decodeSysPacket, encodeSysPacket, type SysPacket } from "../../src/multiplayer/scene-sys.js";
import { toUtf8 } from "../../src/utf8.js";
import { fromHex, toHex } from "../variant/hex.js";
import { expectNeverThrows, expectThrow, failure, ok, prefixes } from "./packet-test-helpers.js";

const RELAY = "07 03 00 00 00 00 03 78 79";
const ADD = "07 01 78 56 34 12";

describe("SYS golden packets (godot-protocols.md §4.5)", () => {
  it("wraps a client's broadcast RAW 'xy' as RELAY to peer 0: 07 03 00 00 00 00 03 78 79", () => {
    const packet: SysPacket = { command: SysCommand.SYS_COMMAND_RELAY, peerId: 0, packet: encodeRawPacket(toUtf8("xy")) };
    expect(toHex(encodeSysPacket(packet))).toBe(RELAY);
    const decoded = ok(decodeSysPacket(fromHex(RELAY)));
    expect(decoded).toEqual({ command: SysCommand.SYS_COMMAND_RELAY, peerId: 0, packet: fromHex("03 78 79") });
    if (decoded.command !== SysCommand.SYS_COMMAND_RELAY) throw new Error("not a relay");
    expect(ok(decodeRawPacket(decoded.packet))).toEqual(toUtf8("xy"));
  });

  it("announces peer 0x12345678 with ADD_PEER: 07 01 78 56 34 12", () => {
    expect(toHex(encodeSysPacket({ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: 0x12345678 }))).toBe(ADD);
    expect(ok(decodeSysPacket(fromHex(ADD)))).toEqual({ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: 0x12345678 });
  });

  it("announces a departure with DEL_PEER", () => {
    expect(toHex(encodeSysPacket({ command: SysCommand.SYS_COMMAND_DEL_PEER, peerId: 2 }))).toBe("07 02 02 00 00 00");
    expect(ok(decodeSysPacket(fromHex("07 02 02 00 00 00")))).toEqual({ command: SysCommand.SYS_COMMAND_DEL_PEER, peerId: 2 });
  });

  it("sends auth data as 07 00 <data> and 'auth done' as the bare 07 00", () => {
    expect(toHex(encodeSysPacket({ command: SysCommand.SYS_COMMAND_AUTH, payload: fromHex("AB CD") }))).toBe("07 00 AB CD");
    expect(toHex(encodeSysPacket({ command: SysCommand.SYS_COMMAND_AUTH, payload: new Uint8Array(0) }))).toBe("07 00");
    expect(ok(decodeSysPacket(fromHex("07 00 AB CD")))).toEqual({
      command: SysCommand.SYS_COMMAND_AUTH,
      payload: fromHex("AB CD"),
    });
    expect(ok(decodeSysPacket(fromHex("07 00")))).toEqual({ command: SysCommand.SYS_COMMAND_AUTH, payload: new Uint8Array(0) });
  });

  it("carries negative relay targets (everyone but -target) and relay sources as i32", () => {
    const bytes = encodeSysPacket({ command: SysCommand.SYS_COMMAND_RELAY, peerId: -5, packet: fromHex("03 01") });
    expect(toHex(bytes)).toBe("07 03 FB FF FF FF 03 01");
    expect(ok(decodeSysPacket(bytes))).toMatchObject({ peerId: -5 });
  });
});

describe("decodeSysPacket rejects malformed packets", () => {
  it("returns an error for every truncation of ADD_PEER", () => {
    for (const prefix of prefixes(fromHex(ADD))) failure(decodeSysPacket(prefix));
  });

  it("needs the 6-byte header and one inner byte for RELAY; longer truncations relay shorter packets", () => {
    const golden = fromHex(RELAY);
    for (const prefix of prefixes(golden).slice(0, 7)) failure(decodeSysPacket(prefix));
    expect(ok(decodeSysPacket(golden.slice(0, 7)))).toMatchObject({ packet: fromHex("03") });
    expect(ok(decodeSysPacket(golden.slice(0, 8)))).toMatchObject({ packet: fromHex("03 78") });
  });

  it("needs 07 00 for AUTH", () => {
    failure(decodeSysPacket(fromHex("")));
    expect(failure(decodeSysPacket(fromHex("07"))).message).toMatch(/command byte is missing/);
  });

  it.each([
    ["an unknown SYS command", "07 04 00 00 00 00", /unknown SYS command 4/],
    ["another first byte", "17 01 02 00 00 00", /first byte is 0x17/],
    ["a byte after an ADD_PEER id", `${ADD} 00`, /unexpected byte/],
    ["a RELAY without inner packet", "07 03 02 00 00 00", /no inner packet/],
  ])("rejects %s", (_name, hex, message) => {
    expect(failure(decodeSysPacket(fromHex(hex))).message).toMatch(message);
  });

  it("never throws on corrupted packets", () => {
    for (const hex of [RELAY, ADD, "07 00 01"]) expectNeverThrows(fromHex(hex), (bytes) => decodeSysPacket(bytes));
  });
});

describe("encodeSysPacket refuses impossible values", () => {
  it.each([
    [{ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: 0 }, /peerId/],
    [{ command: SysCommand.SYS_COMMAND_DEL_PEER, peerId: -2 }, /peerId/],
    [{ command: SysCommand.SYS_COMMAND_ADD_PEER, peerId: 2 ** 31 }, /peerId/],
    [{ command: SysCommand.SYS_COMMAND_RELAY, peerId: -(2 ** 31) - 1, packet: fromHex("03 01") }, /peerId/],
    [{ command: SysCommand.SYS_COMMAND_RELAY, peerId: 2, packet: new Uint8Array(0) }, /must not be empty/],
    [{ command: 9, peerId: 2 } as unknown as SysPacket, /unknown SYS command 9/],
  ] as [SysPacket, RegExp][])("throws ERR_INVALID_PARAMETER for %o", (packet, message) => {
    expectThrow(() => encodeSysPacket(packet), message);
  });
});
