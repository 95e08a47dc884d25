import { describe, expect, it } from "vitest";
import { buildRpcMethodTable } from "../../src/multiplayer/rpc-method-ids.js";
import { SceneCommand } from "../../src/multiplayer/scene-command.js";
import {
  decodeConfirmPath,
  decodeRawPacket,
  decodeSimplifyPath,
  encodeConfirmPath,
  encodeRawPacket,
  encodeSimplifyPath,
  peekSceneCommand,
} from "../../src/multiplayer/scene-packets.js";
import { toUtf8 } from "../../src/utf8.js";
import { fromHex, toHex } from "../variant/hex.js";
import { expectNeverThrows, expectThrow, failure, ok, prefixes } from "./packet-test-helpers.js";

// godot-protocols.md §4.3: script RPCs shoot and move, cache id 1, path "Game/Player".
const SIMPLIFY =
  "01 64 66 63 38 31 64 64 31 62 30 64 37 37 35 39 31 64 62 31 31 63 63 37 39 64 35 61 38 66 61 62 39 00 01 00 00 00 47 61 6D 65 2F 50 6C 61 79 65 72 00";
const CONFIRM = "02 01 01 00 00 00";
const MD5 = "dfc81dd1b0d77591db11cc79d5a8fab9";

describe("SIMPLIFY_PATH (godot-protocols.md §4.3)", () => {
  it("encodes the §4.3 vector: MD5 of the method names, NUL, u32 cache id, path, NUL (50 bytes)", () => {
    const methodsMd5 = buildRpcMethodTable({ script: ["shoot", "move"] }).md5;
    const bytes = encodeSimplifyPath({ methodsMd5, cacheId: 1, path: "Game/Player" });
    expect(toHex(bytes)).toBe(SIMPLIFY);
    expect(bytes).toHaveLength(50);
  });

  it("decodes the §4.3 vector", () => {
    expect(ok(decodeSimplifyPath(fromHex(SIMPLIFY)))).toEqual({ methodsMd5: MD5, cacheId: 1, path: "Game/Player" });
  });

  it("returns the MD5 field as sent, even when it is not hex (Godot only logs a checksum mismatch)", () => {
    const bytes = fromHex(SIMPLIFY);
    bytes.fill(0x7a, 1, 33);
    expect(ok(decodeSimplifyPath(bytes)).methodsMd5).toBe("z".repeat(32));
  });

  it("round-trips a large cache id and a non-ASCII path", () => {
    const packet = { methodsMd5: "d41d8cd98f00b204e9800998ecf8427e", cacheId: 0x7fff_ffff, path: "Wörld/Ünit" };
    expect(ok(decodeSimplifyPath(encodeSimplifyPath(packet)))).toEqual(packet);
  });

  it("returns an error for every truncation of the §4.3 vector", () => {
    for (const prefix of prefixes(fromHex(SIMPLIFY))) failure(decodeSimplifyPath(prefix));
  });

  it.each([
    ["another first byte", `11${SIMPLIFY.slice(2)}`, /first byte is 0x11/],
    ["a missing NUL after the MD5", SIMPLIFY.replace("39 00 01", "39 20 01"), /not followed by a NUL/],
    ["an empty path", `${SIMPLIFY.slice(0, 3 * 38)}00`, /path is empty/],
    ["a byte after the path's NUL", `${SIMPLIFY} 00`, /after the node path/],
    ["fewer than 38 bytes", "01 00", /at least 38/],
  ])("rejects %s", (_name, hex, message) => {
    expect(failure(decodeSimplifyPath(fromHex(hex))).message).toMatch(message);
  });

  it.each([
    [{ methodsMd5: MD5.toUpperCase(), cacheId: 1, path: "a" }, /methodsMd5/],
    [{ methodsMd5: MD5.slice(1), cacheId: 1, path: "a" }, /methodsMd5/],
    [{ methodsMd5: MD5, cacheId: -1, path: "a" }, /cacheId/],
    [{ methodsMd5: MD5, cacheId: 0x8000_0000, path: "a" }, /cacheId/],
    [{ methodsMd5: MD5, cacheId: 1, path: "" }, /path must not be empty/],
    [{ methodsMd5: MD5, cacheId: 1, path: "a\0" }, /NUL/],
  ])("refuses to encode %o", (packet, message) => {
    expectThrow(() => encodeSimplifyPath(packet), message);
  });

  it("never throws on corrupted packets", () => {
    expectNeverThrows(fromHex(SIMPLIFY), (bytes) => decodeSimplifyPath(bytes));
  });
});

describe("CONFIRM_PATH (godot-protocols.md §4.3)", () => {
  it("encodes and decodes the §4.3 answer 02 01 01 00 00 00", () => {
    expect(toHex(encodeConfirmPath({ validChecksum: true, cacheId: 1 }))).toBe(CONFIRM);
    expect(ok(decodeConfirmPath(fromHex(CONFIRM)))).toEqual({ validChecksum: true, cacheId: 1 });
  });

  it("carries a failed checksum as 0", () => {
    expect(toHex(encodeConfirmPath({ validChecksum: false, cacheId: 0x01020304 }))).toBe("02 00 04 03 02 01");
    expect(ok(decodeConfirmPath(fromHex("02 00 04 03 02 01")))).toEqual({ validChecksum: false, cacheId: 0x01020304 });
  });

  it("returns an error for every truncation, for 7 bytes, a checksum flag of 2, or another first byte", () => {
    for (const prefix of prefixes(fromHex(CONFIRM))) failure(decodeConfirmPath(prefix));
    expect(failure(decodeConfirmPath(fromHex(`${CONFIRM} 00`))).message).toMatch(/exactly 6/);
    expect(failure(decodeConfirmPath(fromHex("02 02 01 00 00 00"))).message).toMatch(/expected 0 or 1/);
    expect(failure(decodeConfirmPath(fromHex("12 01 01 00 00 00"))).message).toMatch(/first byte is 0x12/);
  });

  it("refuses to encode a cache id outside u32", () => {
    expectThrow(() => encodeConfirmPath({ validChecksum: true, cacheId: 2 ** 32 }), /cacheId/);
    expectThrow(() => encodeConfirmPath({ validChecksum: true, cacheId: -1 }), /cacheId/);
  });
});

describe("RAW (godot-protocols.md §4.1)", () => {
  it("encodes send_bytes('xy') as 03 78 79 and decodes it", () => {
    expect(toHex(encodeRawPacket(toUtf8("xy")))).toBe("03 78 79");
    expect(ok(decodeRawPacket(fromHex("03 78 79")))).toEqual(toUtf8("xy"));
  });

  it("needs at least 2 bytes; longer truncations are shorter payloads", () => {
    failure(decodeRawPacket(fromHex("")));
    expect(failure(decodeRawPacket(fromHex("03"))).message).toMatch(/no payload/);
    expect(ok(decodeRawPacket(fromHex("03 78")))).toEqual(toUtf8("x"));
  });

  it("rejects another first byte, including a flagged RAW", () => {
    expect(failure(decodeRawPacket(fromHex("13 78"))).message).toMatch(/first byte is 0x13/);
    failure(decodeRawPacket(fromHex("04 78")));
  });

  it("returns a copy of the payload", () => {
    const bytes = fromHex("03 78 79");
    const payload = ok(decodeRawPacket(bytes));
    bytes[1] = 0;
    expect(toHex(payload)).toBe("78 79");
  });

  it("refuses to encode an empty payload, as Godot's send_bytes does", () => {
    expectThrow(() => encodeRawPacket(new Uint8Array(0)), /must not be empty/);
    expectThrow(() => encodeRawPacket("xy" as unknown as Uint8Array), /Uint8Array/, "ERR_TYPE");
  });
});

describe("peekSceneCommand", () => {
  it("reads bits 0-2 of the first byte, ignoring the flags as Godot's _process_packet does", () => {
    expect(peekSceneCommand(fromHex("00 01 00"))).toBe(SceneCommand.NETWORK_COMMAND_REMOTE_CALL);
    expect(peekSceneCommand(fromHex("A0 01"))).toBe(SceneCommand.NETWORK_COMMAND_REMOTE_CALL);
    expect(peekSceneCommand(fromHex(SIMPLIFY))).toBe(SceneCommand.NETWORK_COMMAND_SIMPLIFY_PATH);
    expect(peekSceneCommand(fromHex(CONFIRM))).toBe(SceneCommand.NETWORK_COMMAND_CONFIRM_PATH);
    expect(peekSceneCommand(fromHex("03 78"))).toBe(SceneCommand.NETWORK_COMMAND_RAW);
    expect(peekSceneCommand(fromHex("16 00"))).toBe(SceneCommand.NETWORK_COMMAND_SYNC);
    expect(peekSceneCommand(fromHex("07 00"))).toBe(SceneCommand.NETWORK_COMMAND_SYS);
  });

  it("returns an error for an empty packet", () => {
    failure(peekSceneCommand(new Uint8Array(0)));
  });
});
