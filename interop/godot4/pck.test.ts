// The PCK writer byte for byte: if this layout is wrong, Godot 4.6 prints "Couldn't load project
// data" and every other Godot 4 test fails for a reason far from its cause. Needs no browser.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { writePck } from "./pck.js";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const md5 = (text: string): string => createHash("md5").update(text).digest("hex");
const u32 = (n: number): string => Buffer.from(new Uint32Array([n]).buffer).toString("hex");
const u64 = (n: number): string => u32(n) + u32(0);

describe("writePck (Godot 4 pack format version 3)", () => {
  it("writes the header, the aligned files and the directory as Godot 4.6's PCKPacker does", () => {
    const pack = writePck([
      { path: "res://project.godot", data: "hello" }, // 13-byte path: padded to 16
      { path: "a/bc.gd", data: "xyz" }, // 7-byte path: padded to 8
    ]);

    // Header: magic, version 3, engine 4.6.0, flags 2 (relative file base), file base 112 (the
    // 104-byte header aligned to 16), directory at 112 + 16 + 16 = 144, 64 reserved zero bytes.
    expect(hex(pack.subarray(0, 40))).toBe(["47445043", u32(3), u32(4), u32(6), u32(0), u32(2), u64(112), u64(144)].join(""));
    expect(pack.subarray(40, 112).every((byte) => byte === 0)).toBe(true);

    // File data, each padded to 16 with zeros.
    expect(Buffer.from(pack.subarray(112, 128)).toString("latin1")).toBe(`hello${"\0".repeat(11)}`);
    expect(Buffer.from(pack.subarray(128, 144)).toString("latin1")).toBe(`xyz${"\0".repeat(13)}`);

    // Directory: count, then per file: padded path length, NUL-padded path without res://,
    // offset from the file base, size, MD5 of the data, flags.
    const directory =
      u32(2) +
      u32(16) +
      Buffer.from("project.godot\0\0\0", "latin1").toString("hex") +
      u64(0) +
      u64(5) +
      md5("hello") +
      u32(0) +
      u32(8) +
      Buffer.from("a/bc.gd\0", "latin1").toString("hex") +
      u64(16) +
      u64(3) +
      md5("xyz") +
      u32(0);
    expect(hex(pack.subarray(144))).toBe(directory);
  });

  it("pads a path whose length is a multiple of 4 with nothing, as Godot does (no NUL is added)", () => {
    const pack = writePck([{ path: "abcd", data: new Uint8Array([1]) }]);
    expect(hex(pack.subarray(128 + 4, 128 + 12))).toBe(u32(4) + Buffer.from("abcd").toString("hex"));
  });

  it("encodes paths as UTF-8, counts their bytes, and takes other engine versions and alignments", () => {
    const pack = writePck([{ path: "é.gd", data: "" }], { engine: [4, 4, 1], alignment: 32 });
    const view = new DataView(pack.buffer);
    expect([view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true)]).toEqual([4, 4, 1]);
    expect(Number(view.getBigUint64(24, true))).toBe(128); // 104 aligned to 32
    expect(Number(view.getBigUint64(32, true))).toBe(128); // an empty file takes no room
    expect(view.getUint32(132, true)).toBe(8); // "é.gd" is 5 bytes, padded to 8
    expect(Buffer.from(pack.subarray(136, 144)).toString("utf8")).toBe("é.gd\0\0\0");
  });

  it("refuses a path given twice and an empty path", () => {
    expect(() =>
      writePck([
        { path: "a", data: "" },
        { path: "res://a", data: "" },
      ]),
    ).toThrow(/twice/);
    expect(() => writePck([{ path: "res://", data: "" }])).toThrow(/path/);
  });
});
