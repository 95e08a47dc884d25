import { describe, expect, it } from "vitest";
import {
  decodeMpApiRemoteCall,
  decodeMpApiRemoteSet,
  encodeMpApiRemoteCall,
  encodeMpApiRemoteSet,
} from "../../src/multiplayer/mp-api-remote-call.js";
import { NodePath } from "../../src/variant/names.js";
import { PackedStringArray } from "../../src/variant/packed-arrays.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { Vector2, Vector2i } from "../../src/variant/vectors.js";
import { fromHex, toHex } from "../variant/hex.js";
import { expectNeverThrows, expectThrow, failure, ok, prefixes } from "./packet-test-helpers.js";

// godot-protocols.md §3.3: node "Game", method "foo", one int argument 7.
const CALL_CACHED = "00 01 00 00 00 66 6F 6F 00 01 02 00 00 00 07 00 00 00";
const CALL_UNCACHED = "00 12 00 00 80 66 6F 6F 00 01 02 00 00 00 07 00 00 00 47 61 6D 65 00";
// rset("hp", 7) on the same node, laid out as §3.3 describes (one value, no count).
const SET_CACHED = "01 01 00 00 00 68 70 00 02 00 00 00 07 00 00 00";
const SET_UNCACHED = "01 10 00 00 80 68 70 00 02 00 00 00 07 00 00 00 47 61 6D 65 00";

describe("Godot 3 REMOTE_CALL golden packets (godot-protocols.md §3.3)", () => {
  it("encodes the cached call Game.foo(7) with cache id 1", () => {
    expect(toHex(encodeMpApiRemoteCall({ nodeId: 1, method: "foo", args: [7] }))).toBe(CALL_CACHED);
    expect(ok(decodeMpApiRemoteCall(fromHex(CALL_CACHED)))).toEqual({ nodeId: 1, method: "foo", args: [7] });
  });

  it("encodes the uncached call with target 0x80000000 | 18 and 'Game' appended", () => {
    expect(toHex(encodeMpApiRemoteCall({ nodeId: 1, method: "foo", args: [7], path: "Game" }))).toBe(CALL_UNCACHED);
    expect(ok(decodeMpApiRemoteCall(fromHex(CALL_UNCACHED)))).toEqual({
      nodeId: 0x8000_0012,
      pathFromPacket: "Game",
      method: "foo",
      args: [7],
    });
  });

  it("returns an error for every truncation of both", () => {
    for (const hex of [CALL_CACHED, CALL_UNCACHED]) {
      for (const prefix of prefixes(fromHex(hex))) failure(decodeMpApiRemoteCall(prefix));
    }
  });

  it("writes the argument count even for zero arguments (Godot 3 has no byte-only form)", () => {
    const hex = toHex(encodeMpApiRemoteCall({ nodeId: 2, method: "ping", args: [] }));
    expect(hex).toBe("00 02 00 00 00 70 69 6E 67 00 00");
    expect(ok(decodeMpApiRemoteCall(fromHex(hex))).args).toEqual([]);
  });

  it("sends byte arrays as ordinary PoolByteArray Variants", () => {
    const hex = toHex(encodeMpApiRemoteCall({ nodeId: 1, method: "b", args: [fromHex("DE AD")] }));
    expect(hex).toBe("00 01 00 00 00 62 00 01 14 00 00 00 02 00 00 00 DE AD 00 00");
  });

  it("round-trips Godot 3 values, a non-ASCII method name and an empty one", () => {
    const args = [true, 2n ** 40n, 0.1, "hé", new Vector2(1, 2), NodePath.parse("Game/Sub"), new PackedStringArray(["a", "bcd"])];
    const decoded = ok(decodeMpApiRemoteCall(encodeMpApiRemoteCall({ nodeId: 7, method: "ünï", args, path: "A/B" })));
    expect(decoded.method).toBe("ünï");
    expect(decoded.pathFromPacket).toBe("A/B");
    expect(decoded.args.every((value, i) => variantEquals(value, args[i]))).toBe(true);
    expect(ok(decodeMpApiRemoteCall(encodeMpApiRemoteCall({ nodeId: 7, method: "", args: [] }))).method).toBe("");
  });
});

describe("Godot 3 REMOTE_SET", () => {
  it("encodes rset('hp', 7) cached and uncached (path offset 16)", () => {
    expect(toHex(encodeMpApiRemoteSet({ nodeId: 1, property: "hp", value: 7 }))).toBe(SET_CACHED);
    expect(toHex(encodeMpApiRemoteSet({ nodeId: 1, property: "hp", value: 7, path: "Game" }))).toBe(SET_UNCACHED);
  });

  it("decodes both forms", () => {
    expect(ok(decodeMpApiRemoteSet(fromHex(SET_CACHED)))).toEqual({ nodeId: 1, property: "hp", value: 7 });
    expect(ok(decodeMpApiRemoteSet(fromHex(SET_UNCACHED)))).toEqual({
      nodeId: 0x8000_0010,
      pathFromPacket: "Game",
      property: "hp",
      value: 7,
    });
  });

  it("returns an error for every truncation of both", () => {
    for (const hex of [SET_CACHED, SET_UNCACHED]) {
      for (const prefix of prefixes(fromHex(hex))) failure(decodeMpApiRemoteSet(prefix));
    }
  });

  it("refuses a REMOTE_CALL given to the REMOTE_SET decoder and the reverse", () => {
    expect(failure(decodeMpApiRemoteSet(fromHex(CALL_CACHED))).message).toMatch(/expected 0x01/);
    expect(failure(decodeMpApiRemoteCall(fromHex(SET_CACHED))).message).toMatch(/expected 0x00/);
  });
});

describe("Godot 3 REMOTE_CALL / REMOTE_SET malformed packets", () => {
  it.each([
    ["fewer than 6 bytes", "00 01 00 00 00", /at least 6/],
    ["an unterminated method name", "00 01 00 00 00 66 6F 6F", /Unterminated/],
    ["a missing argument count", "00 01 00 00 00 66 00", /argument count is missing/],
    ["an argument count past the data", "00 01 00 00 00 66 00 02 02 00 00 00 07 00 00 00", /announces 2/],
    ["a byte after the last argument", `${CALL_CACHED} 00`, /after the last argument/],
    ["a bad Variant", "00 01 00 00 00 66 00 01 63 00 00 00", /argument 0/],
    ["a path offset past the end", "00 40 00 00 80 66 00 00 47 00", /past the end/],
    ["a path offset inside the header", "00 02 00 00 80 66 00 00 47 00", /into the header/],
    ["the name running into the path", "00 06 00 00 80 66 47 00", /Unterminated/],
    ["an empty path", "00 08 00 00 80 66 00 00 00", /path is empty/],
    ["arguments stopping short of the path", "00 09 00 00 80 66 00 00 00 47 00", /after the last argument/],
  ])("rejects a REMOTE_CALL with %s", (_name, hex, message) => {
    expect(failure(decodeMpApiRemoteCall(fromHex(hex))).message).toMatch(message);
  });

  it("rejects a REMOTE_SET without value or with two", () => {
    expect(failure(decodeMpApiRemoteSet(fromHex("01 01 00 00 00 68 70 00"))).message).toMatch(/value is missing/);
    expect(failure(decodeMpApiRemoteSet(fromHex(`${SET_CACHED} 00 00 00 00`))).message).toMatch(/after the value/);
  });

  it("keeps ERR_UNAUTHORIZED for a full Object unless allowObjects", () => {
    const hex = "01 01 00 00 00 6F 00 11 00 00 00 00 00 00 00";
    failure(decodeMpApiRemoteSet(fromHex(hex)), "ERR_UNAUTHORIZED");
    expect(ok(decodeMpApiRemoteSet(fromHex(hex), { allowObjects: true })).value).toBeNull();
  });

  it("never throws on corrupted packets", () => {
    for (const hex of [CALL_CACHED, CALL_UNCACHED]) expectNeverThrows(fromHex(hex), (bytes) => decodeMpApiRemoteCall(bytes));
    for (const hex of [SET_CACHED, SET_UNCACHED]) expectNeverThrows(fromHex(hex), (bytes) => decodeMpApiRemoteSet(bytes));
  });
});

describe("Godot 3 REMOTE_CALL / REMOTE_SET encoders refuse impossible values", () => {
  it.each([
    [() => encodeMpApiRemoteCall({ nodeId: -1, method: "f", args: [] }), /nodeId/],
    [() => encodeMpApiRemoteCall({ nodeId: 0x8000_0000, method: "f", args: [] }), /nodeId/],
    [() => encodeMpApiRemoteCall({ nodeId: 1, method: "f\0", args: [] }), /NUL/],
    [() => encodeMpApiRemoteCall({ nodeId: 1, method: "f", args: new Array(256).fill(null) }), /256 values/],
    [() => encodeMpApiRemoteCall({ nodeId: 1, method: "f", args: [new Vector2i(1, 2)] }), /args\[0\]/],
    [() => encodeMpApiRemoteCall({ nodeId: 1, method: "f", args: [], path: "" }), /path must not be empty/],
    [() => encodeMpApiRemoteSet({ nodeId: 1, property: "p", value: Symbol("x") }), /value/],
  ])("throws ERR_INVALID_PARAMETER (%#)", (encode, message) => {
    expectThrow(encode, message);
  });
});
