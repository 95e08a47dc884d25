import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { md5, md5Hex } from "../../src/multiplayer/md5.js";
import { toUtf8 } from "../../src/utf8.js";
import { randomBytes } from "./packet-test-helpers.js";

function nodeMd5(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("hex");
}

describe("md5Hex matches RFC 1321's test suite (appendix A.5)", () => {
  it.each([
    ["", "d41d8cd98f00b204e9800998ecf8427e"],
    ["a", "0cc175b9c0f1b6a831c399e269772661"],
    ["abc", "900150983cd24fb0d6963f7d28e17f72"],
    ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
    ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
    ["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"],
    ["12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"],
  ])("MD5(%j) = %s", (text, hex) => {
    expect(md5Hex(toUtf8(text))).toBe(hex);
  });
});

describe("md5Hex on other inputs", () => {
  it("hashes the SIMPLIFY_PATH vector of godot-protocols.md §4.3 ('moveshoot')", () => {
    expect(md5Hex(toUtf8("moveshoot"))).toBe("dfc81dd1b0d77591db11cc79d5a8fab9");
  });

  it("agrees with node:crypto for every length from 0 to 300 bytes (all padding boundaries)", () => {
    const next = randomBytes(12345);
    for (let length = 0; length <= 300; length++) {
      const bytes = next(length);
      expect(md5Hex(bytes), `length ${length}`).toBe(nodeMd5(bytes));
    }
  });

  it("agrees with node:crypto on a 3 MiB input", () => {
    const bytes = randomBytes(99)(3 * 1024 * 1024 + 17);
    expect(md5Hex(bytes)).toBe(nodeMd5(bytes));
  });

  it("hashes the UTF-8 bytes of non-ASCII text like node:crypto", () => {
    for (const text of ["héllo wörld", "日本語のメソッド", "emoji 🎉 and 𝄞", "\u{10FFFF}\uFFFF\u0000"]) {
      expect(md5Hex(toUtf8(text))).toBe(nodeMd5(Buffer.from(text, "utf8")));
    }
  });

  it("reads a subarray view at a non-zero offset without hashing the bytes around it", () => {
    const backing = toUtf8("xxabcxx");
    expect(md5Hex(backing.subarray(2, 5))).toBe("900150983cd24fb0d6963f7d28e17f72");
  });

  it("leaves its input unchanged", () => {
    const bytes = toUtf8("message digest");
    const copy = bytes.slice();
    md5(bytes);
    expect(bytes).toEqual(copy);
  });

  it("returns the 16 raw digest bytes from md5() and lowercase hex from md5Hex()", () => {
    const digest = md5(toUtf8("abc"));
    expect(digest).toHaveLength(16);
    expect(Buffer.from(digest).toString("hex")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5Hex(toUtf8("abc"))).toMatch(/^[0-9a-f]{32}$/);
  });
});
