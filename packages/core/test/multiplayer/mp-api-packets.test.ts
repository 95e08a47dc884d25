import { describe, expect, it } from "vitest";
import {
  decodeMpApiConfirmPath,
  decodeMpApiRawPacket,
  decodeMpApiSimplifyPath,
  encodeMpApiConfirmPath,
  encodeMpApiRawPacket,
  encodeMpApiSimplifyPath,
  MpApiCommand,
  peekMpApiCommand,
} from "../../src/multiplayer/mp-api-packets.js";
import { toUtf8 } from "../../src/utf8.js";
import { fromHex, toHex } from "../variant/hex.js";
import { expectNeverThrows, expectThrow, failure, ok, prefixes } from "./packet-test-helpers.js";

const SIMPLIFY = "02 01 00 00 00 47 61 6D 65 00";
const CONFIRM = "03 47 61 6D 65 00";

describe("Godot 3 MultiplayerAPI commands (godot-protocols.md §3.1)", () => {
  it("numbers REMOTE_CALL 0, REMOTE_SET 1, SIMPLIFY_PATH 2, CONFIRM_PATH 3, RAW 4", () => {
    expect(Object.entries(MpApiCommand)).toEqual([
      ["NETWORK_COMMAND_REMOTE_CALL", 0],
      ["NETWORK_COMMAND_REMOTE_SET", 1],
      ["NETWORK_COMMAND_SIMPLIFY_PATH", 2],
      ["NETWORK_COMMAND_CONFIRM_PATH", 3],
      ["NETWORK_COMMAND_RAW", 4],
    ]);
  });

  it("peeks the command from the whole first byte, and refuses unknown ones and empty packets", () => {
    expect(peekMpApiCommand(fromHex(SIMPLIFY))).toBe(MpApiCommand.NETWORK_COMMAND_SIMPLIFY_PATH);
    expect(peekMpApiCommand(fromHex("04 00"))).toBe(MpApiCommand.NETWORK_COMMAND_RAW);
    expect(failure(peekMpApiCommand(fromHex("05"))).message).toMatch(/unknown command 5/);
    failure(peekMpApiCommand(new Uint8Array(0)));
  });
});

describe("Godot 3 SIMPLIFY_PATH / CONFIRM_PATH (godot-protocols.md §3.2)", () => {
  it("encodes and decodes SIMPLIFY_PATH 'Game' with id 1: 02 01 00 00 00 47 61 6D 65 00", () => {
    expect(toHex(encodeMpApiSimplifyPath({ cacheId: 1, path: "Game" }))).toBe(SIMPLIFY);
    expect(ok(decodeMpApiSimplifyPath(fromHex(SIMPLIFY)))).toEqual({ cacheId: 1, path: "Game" });
  });

  it("encodes and decodes the CONFIRM_PATH answer, which echoes the path: 03 47 61 6D 65 00", () => {
    expect(toHex(encodeMpApiConfirmPath("Game"))).toBe(CONFIRM);
    expect(ok(decodeMpApiConfirmPath(fromHex(CONFIRM)))).toBe("Game");
  });

  it("returns an error for every truncation of both", () => {
    for (const prefix of prefixes(fromHex(SIMPLIFY))) failure(decodeMpApiSimplifyPath(prefix));
    for (const prefix of prefixes(fromHex(CONFIRM))) failure(decodeMpApiConfirmPath(prefix));
  });

  it.each([
    ["SIMPLIFY_PATH with an empty path", () => decodeMpApiSimplifyPath(fromHex("02 01 00 00 00 00")), /path is empty/],
    ["SIMPLIFY_PATH with a trailing byte", () => decodeMpApiSimplifyPath(fromHex(`${SIMPLIFY} 00`)), /after the node path/],
    ["SIMPLIFY_PATH with another first byte", () => decodeMpApiSimplifyPath(fromHex(`01${SIMPLIFY.slice(2)}`)), /0x01/],
    ["CONFIRM_PATH with an empty path", () => decodeMpApiConfirmPath(fromHex("03 00")), /path is empty/],
    ["CONFIRM_PATH with a trailing byte", () => decodeMpApiConfirmPath(fromHex(`${CONFIRM} 41`)), /after the node path/],
    ["CONFIRM_PATH with the Godot 4 number", () => decodeMpApiConfirmPath(fromHex("02 47 00")), /expected 0x03/],
  ])("rejects %s", (_name, decode, message) => {
    expect(failure(decode()).message).toMatch(message);
  });

  it("round-trips a non-ASCII path and the largest cache id", () => {
    const bytes = encodeMpApiSimplifyPath({ cacheId: 0x7fff_ffff, path: "Wörld/Ünit" });
    expect(ok(decodeMpApiSimplifyPath(bytes))).toEqual({ cacheId: 0x7fff_ffff, path: "Wörld/Ünit" });
    expect(ok(decodeMpApiConfirmPath(encodeMpApiConfirmPath("Wörld/Ünit")))).toBe("Wörld/Ünit");
  });

  it("refuses to encode impossible values", () => {
    expectThrow(() => encodeMpApiSimplifyPath({ cacheId: -1, path: "a" }), /cacheId/);
    expectThrow(() => encodeMpApiSimplifyPath({ cacheId: 0x8000_0000, path: "a" }), /cacheId/);
    expectThrow(() => encodeMpApiSimplifyPath({ cacheId: 1, path: "" }), /empty/);
    expectThrow(() => encodeMpApiConfirmPath("a\0b"), /NUL/);
  });

  it("never throws on corrupted packets", () => {
    expectNeverThrows(fromHex(SIMPLIFY), (bytes) => decodeMpApiSimplifyPath(bytes));
    expectNeverThrows(fromHex(CONFIRM), (bytes) => decodeMpApiConfirmPath(bytes));
  });
});

describe("Godot 3 RAW (godot-protocols.md §3.1)", () => {
  it("encodes send_bytes('xy') as 04 78 79 and decodes it", () => {
    expect(toHex(encodeMpApiRawPacket(toUtf8("xy")))).toBe("04 78 79");
    expect(ok(decodeMpApiRawPacket(fromHex("04 78 79")))).toEqual(toUtf8("xy"));
  });

  it("needs at least 2 bytes and the 04 command; longer truncations are shorter payloads", () => {
    failure(decodeMpApiRawPacket(fromHex("")));
    expect(failure(decodeMpApiRawPacket(fromHex("04"))).message).toMatch(/no payload/);
    expect(ok(decodeMpApiRawPacket(fromHex("04 78")))).toEqual(toUtf8("x"));
    expect(failure(decodeMpApiRawPacket(fromHex("03 78"))).message).toMatch(/expected 0x04/);
  });

  it("refuses to encode an empty payload", () => {
    expectThrow(() => encodeMpApiRawPacket(new Uint8Array(0)), /must not be empty/);
  });
});
