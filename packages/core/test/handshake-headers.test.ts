import { describe, expect, it } from "vitest";
import { GdnetError } from "../src/gdnet-error.js";
import { parseHeaderLines } from "../src/handshake-headers.js";

describe("parseHeaderLines", () => {
  it('splits Godot\'s "Name: value" lines into pairs, trimming spaces', () => {
    expect(parseHeaderLines(["X-Token: abc", "Cookie:  a=b; c=d "])).toEqual([
      ["X-Token", "abc"],
      ["Cookie", "a=b; c=d"],
    ]);
  });

  it.each([
    ["a line without a colon", "NoColon"],
    ["an empty name", ": value"],
    ["a name with a space", "Bad Name: v"],
    ["an empty value, which Godot's parser refuses", "X-Empty:"],
    ["a value with a line break (header injection)", "X-A: b\r\nX-Evil: 1"],
    ["a header the handshake owns", "Sec-WebSocket-Key: abc"],
    ["the Host header", "Host: example.com"],
  ])("refuses %s", (_what, line) => {
    const result = parseHeaderLines([line]);
    expect(result).toBeInstanceOf(GdnetError);
    expect((result as GdnetError).code).toBe("ERR_INVALID_PARAMETER");
  });

  it("refuses something that is not a list of strings", () => {
    expect(parseHeaderLines([42 as unknown as string])).toBeInstanceOf(GdnetError);
    expect(parseHeaderLines("X-A: b" as unknown as string[])).toBeInstanceOf(GdnetError);
  });
});
