import { describe, expect, it } from "vitest";
import { decodeUtf8Strict, getStringFromUtf8, isValidUtf8, toUtf8, utf8Length } from "../src/utf8.js";

describe("toUtf8", () => {
  it("encodes like String.to_utf8_buffer()", () => {
    expect([...toUtf8("hé€😀")]).toEqual([0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it("turns a lone surrogate into U+FFFD", () => {
    expect([...toUtf8("\ud800")]).toEqual([0xef, 0xbf, 0xbd]);
  });
});

describe("getStringFromUtf8", () => {
  it("decodes UTF-8 bytes", () => {
    expect(getStringFromUtf8(new Uint8Array([0x68, 0xc3, 0xa9]))).toBe("hé");
  });

  it("stops at the first NUL byte, as Godot's parse_utf8 does", () => {
    expect(getStringFromUtf8(new Uint8Array([0x61, 0x62, 0x00, 0x63]))).toBe("ab");
  });

  it("skips a leading byte order mark", () => {
    expect(getStringFromUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe("a");
  });

  it("replaces an invalid sequence with U+FFFD instead of failing", () => {
    expect(getStringFromUtf8(new Uint8Array([0x61, 0xff, 0x62]))).toBe("a\ufffdb");
  });

  it("round-trips every string toUtf8 made", () => {
    for (const text of ["", "plain", "Ünïcödé", "日本語", "🎮 game"]) expect(getStringFromUtf8(toUtf8(text))).toBe(text);
  });
});

describe("decodeUtf8Strict", () => {
  it("keeps NUL bytes and refuses invalid input", () => {
    expect(decodeUtf8Strict(new Uint8Array([0x61, 0x00, 0x62]))).toBe("a\0b");
    expect(decodeUtf8Strict(new Uint8Array([0xc0, 0x80]))).toBeUndefined();
  });
});

describe("utf8Length", () => {
  it("equals the encoded length for every kind of character", () => {
    for (const text of ["", "a", "é", "€", "😀", "a😀b€", "\ud800x", "x\udc00"]) {
      expect(utf8Length(text)).toBe(toUtf8(text).length);
    }
  });
});

describe("isValidUtf8", () => {
  it("accepts well-formed text", () => {
    expect(isValidUtf8(toUtf8("hé€😀"))).toBe(true);
    expect(isValidUtf8(new Uint8Array(0))).toBe(true);
  });

  it.each([
    ["a lone continuation byte", [0x80]],
    ["an overlong NUL", [0xc0, 0x80]],
    ["an overlong 3-byte form", [0xe0, 0x80, 0x80]],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["0xFF", [0xff]],
  ])("rejects %s", (_name, bytes) => {
    expect(isValidUtf8(new Uint8Array(bytes))).toBe(false);
  });

  it("agrees with a strict TextDecoder on every 2-byte input", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        const bytes = new Uint8Array([a, b]);
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(isValidUtf8(bytes)).toBe(valid);
      }
    }
  });
});
