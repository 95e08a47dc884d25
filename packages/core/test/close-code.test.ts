import { describe, expect, it } from "vitest";
import { checkClose, isSendableCloseCode, MAX_CLOSE_REASON_BYTES, stripTrailingNul } from "../src/close-code.js";

describe("isSendableCloseCode", () => {
  it.each([1000, 1001, 1003, 1007, 1011, 1014, 3000, 4000, 4999])("allows %i", (code) => {
    expect(isSendableCloseCode(code)).toBe(true);
  });

  it.each([999, 1004, 1005, 1006, 1015, 2000, 2999, 5000])("refuses %i, which RFC 6455 reserves", (code) => {
    expect(isSendableCloseCode(code)).toBe(false);
  });
});

describe("checkClose", () => {
  it("accepts a normal close", () => {
    expect(checkClose(1000, "bye", false)).toBeUndefined();
  });

  it("refuses codes a browser cannot send when only application codes are allowed", () => {
    const error = checkClose(1001, "", true);
    expect(error?.code).toBe("ERR_INVALID_PARAMETER");
    expect(error?.message).toMatch(/browser/);
    expect(checkClose(4001, "", true)).toBeUndefined();
  });

  it("refuses a reason longer than 123 UTF-8 bytes", () => {
    expect(checkClose(1000, "é".repeat(62), false)?.code).toBe("ERR_INVALID_PARAMETER");
    expect(checkClose(1000, "a".repeat(MAX_CLOSE_REASON_BYTES), false)).toBeUndefined();
  });

  it("refuses a non-integer code", () => {
    expect(checkClose(1000.5, "", false)?.code).toBe("ERR_INVALID_PARAMETER");
  });
});

describe("stripTrailingNul", () => {
  it("drops the C string terminator Godot 3 sends after a reason", () => {
    expect(stripTrailingNul("bye\0")).toBe("bye");
    expect(stripTrailingNul("bye")).toBe("bye");
    expect(stripTrailingNul("")).toBe("");
  });
});
