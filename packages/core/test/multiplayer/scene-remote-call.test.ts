import { describe, expect, it } from "vitest";
import { type DecodedRemoteCall, decodeRemoteCall, encodeRemoteCall } from "../../src/multiplayer/scene-remote-call.js";
import { GdFloat } from "../../src/variant/gd-float.js";
import { NodePath } from "../../src/variant/names.js";
import { variantEquals } from "../../src/variant/variant-equals.js";
import { Vector2, Vector3i } from "../../src/variant/vectors.js";
import { fromHex, toHex } from "../variant/hex.js";
import { expectNeverThrows, expectThrow, failure, ok, prefixes } from "./packet-test-helpers.js";

const CACHED = "00 01 00 02 02 05 04 00 00 00 02 00 00 00 68 69 00 00";
const UNCACHED = "20 15 00 00 80 00 02 02 05 04 00 00 00 02 00 00 00 68 69 00 00 47 61 6D 65 00";
const BYTE_ONLY = "80 01 03 DE AD";

function decode(hex: string): DecodedRemoteCall {
  return ok(decodeRemoteCall(fromHex(hex)));
}

describe("REMOTE_CALL golden packets (godot-protocols.md §4.2)", () => {
  it("encodes a cached call to node 1, method 0 with args 5, 'hi'", () => {
    expect(toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [5, "hi"] }))).toBe(CACHED);
  });

  it("decodes the cached call, without a path", () => {
    const call = decode(CACHED);
    expect(call).toEqual({ nodeId: 1, methodId: 0, args: [5, "hi"] });
    expect("pathFromPacket" in call).toBe(false);
  });

  it("encodes the uncached call with a u32 0x80000000 | 21 target and the path 'Game' appended", () => {
    expect(toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [5, "hi"], path: "Game" }))).toBe(UNCACHED);
  });

  it("decodes the uncached call: the raw target, the path, and the args cut at the path offset", () => {
    expect(decode(UNCACHED)).toEqual({ nodeId: 0x8000_0015, pathFromPacket: "Game", methodId: 0, args: [5, "hi"] });
  });

  it("encodes a single PackedByteArray argument raw, with bit 7 and no argument count", () => {
    expect(toHex(encodeRemoteCall({ nodeId: 1, methodId: 3, args: [fromHex("DE AD")] }))).toBe(BYTE_ONLY);
    expect(decode(BYTE_ONLY)).toEqual({ nodeId: 1, methodId: 3, args: [fromHex("DE AD")] });
  });
});

describe("REMOTE_CALL BYTE_ONLY_OR_NO_ARGS rule", () => {
  it("sets bit 7 and writes nothing for a call without arguments", () => {
    expect(toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [] }))).toBe("80 01 00");
    expect(decode("80 01 00").args).toEqual([]);
  });

  it("receives a single empty PackedByteArray as a call without arguments (Godot's receiver surprise)", () => {
    const bytes = encodeRemoteCall({ nodeId: 1, methodId: 0, args: [new Uint8Array(0)] });
    expect(toHex(bytes)).toBe("80 01 00");
    expect(ok(decodeRemoteCall(bytes)).args).toEqual([]);
  });

  it("treats ArrayBuffer, DataView, Uint8ClampedArray and Buffer as PackedByteArray", () => {
    const data = fromHex("01 02 03");
    for (const arg of [data.buffer, new DataView(data.buffer), new Uint8ClampedArray(data), Buffer.from(data)]) {
      expect(toHex(encodeRemoteCall({ nodeId: 2, methodId: 1, args: [arg] }))).toBe("80 02 01 01 02 03");
    }
  });

  it("writes an argument count for one argument that is not a byte array", () => {
    expect(toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [7] }))).toBe("00 01 00 01 02 07");
    expect(decode("00 01 00 01 02 07").args).toEqual([7]);
  });

  it("never sets bit 7 for two arguments, even when both are byte arrays", () => {
    const hex = toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [fromHex("DE AD"), fromHex("BE")] }));
    expect(hex).toBe("00 01 00 02 1D 00 00 00 02 00 00 00 DE AD 00 00 1D 00 00 00 01 00 00 00 BE 00 00 00");
    expect(decode(hex).args).toEqual([fromHex("DE AD"), fromHex("BE")]);
  });

  it("combines bit 7 with the uncached form: raw bytes end at the path offset", () => {
    const hex = toHex(encodeRemoteCall({ nodeId: 9, methodId: 3, args: [fromHex("DE AD")], path: "Game" }));
    expect(hex).toBe("A0 08 00 00 80 03 DE AD 47 61 6D 65 00");
    expect(decode(hex)).toEqual({ nodeId: 0x8000_0008, pathFromPacket: "Game", methodId: 3, args: [fromHex("DE AD")] });
    expect(decode("A0 06 00 00 80 00 47 61 6D 65 00").args).toEqual([]);
  });

  it("decodes the raw argument as a copy of the packet bytes", () => {
    const bytes = fromHex(BYTE_ONLY);
    const arg = ok(decodeRemoteCall(bytes)).args[0] as Uint8Array;
    bytes[3] = 0;
    expect(toHex(arg)).toBe("DE AD");
  });
});

describe("REMOTE_CALL id widths", () => {
  it.each([
    [0, "00 00"],
    [255, "00 FF"],
    [256, "10 00 01"],
    [65535, "10 FF FF"],
    [65536, "20 00 00 01 00"],
    [0x7fff_ffff, "20 FF FF FF 7F"],
  ])("sends node id %i in the smallest width (%s ...)", (nodeId, head) => {
    const hex = toHex(encodeRemoteCall({ nodeId, methodId: 0, args: [1] }));
    expect(hex).toBe(`${head} 00 01 02 01`);
    expect(decode(hex).nodeId).toBe(nodeId);
  });

  it("sends the node id as u32 whatever its value with compressNodeId: false", () => {
    const hex = toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [], compressNodeId: false }));
    expect(hex).toBe("A0 01 00 00 00 00");
    expect(decode(hex)).toEqual({ nodeId: 1, methodId: 0, args: [] });
  });

  it.each([
    [255, "80 01 FF"],
    [256, "C0 01 00 01"],
    [0x8003, "C0 01 03 80"],
    [65535, "C0 01 FF FF"],
  ])("sends method id %i as u8 up to 255, else u16 with bit 6 (%s)", (methodId, hex) => {
    expect(toHex(encodeRemoteCall({ nodeId: 1, methodId, args: [] }))).toBe(hex);
    expect(decode(hex).methodId).toBe(methodId);
  });

  it("accepts non-canonical widths Godot may send (a small id as u16 or u32)", () => {
    expect(decode("90 01 00 00").nodeId).toBe(1);
    expect(decode("E0 07 00 00 00 05 00").methodId).toBe(5);
  });
});

describe("REMOTE_CALL round trips", () => {
  it("carries any compressed Variant argument", () => {
    const args = [true, false, -2, 300, 100000, 2n ** 40n, new GdFloat(1), 0.5, new Vector2(1, 2), new Vector3i(1, -2, 3)];
    const more = [NodePath.parse("Game/Sub"), [1, "x", [null]], new Map([["k", 1]]), "ünïcode", null];
    const decoded = decode(toHex(encodeRemoteCall({ nodeId: 300, methodId: 400, args: [...args, ...more] })));
    expect(decoded.args).toHaveLength(args.length + more.length);
    expect(variantEquals(decoded.args[0], true)).toBe(true);
    expect(variantEquals(decoded.args[8], new Vector2(1, 2))).toBe(true);
    expect(variantEquals(decoded.args[11], [1, "x", [null]])).toBe(true);
    expect(decoded.args[13]).toBe("ünïcode");
  });

  it("sends 255 arguments", () => {
    const args = Array.from({ length: 255 }, (_, i) => i);
    expect(decode(toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args }))).args).toEqual(args);
  });

  it("appends a non-ASCII path as UTF-8", () => {
    const decoded = decode(toHex(encodeRemoteCall({ nodeId: 1, methodId: 0, args: [], path: "Wörld/Spieler" })));
    expect(decoded.pathFromPacket).toBe("Wörld/Spieler");
  });
});

describe("encodeRemoteCall refuses impossible values", () => {
  it.each([
    [{ nodeId: -1, methodId: 0, args: [] }, /nodeId/],
    [{ nodeId: 0x8000_0000, methodId: 0, args: [] }, /nodeId/],
    [{ nodeId: 1.5, methodId: 0, args: [] }, /nodeId/],
    [{ nodeId: 1, methodId: 65536, args: [] }, /methodId/],
    [{ nodeId: 1, methodId: -1, args: [] }, /methodId/],
    [{ nodeId: 1, methodId: 0, args: new Array(256).fill(0) }, /256 values/],
    [{ nodeId: 1, methodId: 0, args: [], path: "" }, /path must not be empty/],
    [{ nodeId: 1, methodId: 0, args: [], path: "a\0b" }, /NUL/],
    [{ nodeId: 1, methodId: 0, args: [1, () => 0] }, /args\[1\]/],
    [{ nodeId: 1, methodId: 0, args: [2n ** 64n] }, /args\[0\]/],
  ])("throws ERR_INVALID_PARAMETER for %o", (call, message) => {
    expectThrow(() => encodeRemoteCall(call), message);
  });

  it("throws ERR_TYPE when args is not an array or an id not a number", () => {
    expectThrow(() => encodeRemoteCall({ nodeId: 1, methodId: 0, args: "x" as unknown as unknown[] }), /array/, "ERR_TYPE");
    expectThrow(() => encodeRemoteCall({ nodeId: "1" as unknown as number, methodId: 0, args: [] }), /number/, "ERR_TYPE");
  });
});

describe("decodeRemoteCall rejects malformed packets with ERR_INVALID_DATA", () => {
  it.each([CACHED, UNCACHED])("returns an error for every truncation of %s", (hex) => {
    for (const prefix of prefixes(fromHex(hex))) {
      failure(decodeRemoteCall(prefix));
    }
  });

  it("reads truncations of the byte-only packet as shorter calls once the header is complete", () => {
    failure(decodeRemoteCall(fromHex("")));
    failure(decodeRemoteCall(fromHex("80")));
    failure(decodeRemoteCall(fromHex("80 01")));
    expect(decode("80 01 03").args).toEqual([]);
    expect(decode("80 01 03 DE").args).toEqual([fromHex("DE")]);
  });

  it.each([
    ["node id compression 3", "30 01 00 00 00 00 00 01 02 05", /compression 3/],
    ["another command", "01 01 00 01 02 05", /command is 1/],
    ["bit 3 set", "08 01 00 01 02 05", /bit 3/],
    ["a missing argument count", "00 01 00", /argument count is missing/],
    ["an argument count past the data", "00 01 00 03 02 05 02 06", /announces 3 argument\(s\) but the data ends after 2/],
    ["a byte after the last argument", `${CACHED} 00`, /1 unexpected byte/],
    ["an unknown Variant type", "00 01 00 01 3F", /argument 0/],
    ["a path offset past the end", "A0 1A 00 00 80 00 47 00", /past the end/],
    ["a path offset inside the header", "A0 03 00 00 80 00 47 00", /into the 6-byte header/],
    ["a path without NUL", "A0 06 00 00 80 00 47 61", /Unterminated/],
    ["an empty path", "A0 06 00 00 80 00 00", /path is empty/],
    ["a byte after the path's NUL", "A0 06 00 00 80 00 47 00 00", /after the node path/],
    ["arguments overrunning the path offset", "20 08 00 00 80 00 01 02 47 00", /argument 0/],
    ["arguments stopping short of the path offset", "20 0A 00 00 80 00 01 02 05 00 47 00", /after the last argument/],
  ])("rejects %s", (_name, hex, message) => {
    expect(failure(decodeRemoteCall(fromHex(hex))).message).toMatch(message);
  });

  it("keeps ERR_UNAUTHORIZED for a full Object argument unless allowObjects", () => {
    const hex = "00 01 00 01 18 00 00 00 00 00 00 00";
    failure(decodeRemoteCall(fromHex(hex)), "ERR_UNAUTHORIZED");
    expect(ok(decodeRemoteCall(fromHex(hex), { allowObjects: true })).args).toEqual([null]);
  });

  it("never throws on corrupted golden packets", () => {
    for (const hex of [CACHED, UNCACHED, BYTE_ONLY]) expectNeverThrows(fromHex(hex), (bytes) => decodeRemoteCall(bytes));
  });
});
