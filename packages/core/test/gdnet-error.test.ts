import { describe, expect, it } from "vitest";
import { GdnetError, isGdnetError } from "../src/gdnet-error.js";
import { errorName, GodotError } from "../src/godot-error.js";

describe("GodotError", () => {
  it("has Godot's numbers", () => {
    expect([GodotError.OK, GodotError.FAILED, GodotError.ERR_UNAVAILABLE, GodotError.ERR_OUT_OF_MEMORY]).toEqual([0, 1, 2, 6]);
    expect([GodotError.ERR_ALREADY_IN_USE, GodotError.ERR_INVALID_DATA, GodotError.ERR_INVALID_PARAMETER]).toEqual([22, 30, 31]);
    expect(GodotError.ERR_PRINTER_ON_FIRE).toBe(48);
  });

  it("names a number", () => {
    expect(errorName(31)).toBe("ERR_INVALID_PARAMETER");
    expect(errorName(99)).toBe("ERR_UNKNOWN(99)");
  });
});

describe("GdnetError", () => {
  it("carries a stable code, its Godot number and a close code", () => {
    const error = new GdnetError("ERR_OUT_OF_MEMORY", "too big", { closeCode: 1009 });
    expect([error.code, error.error, error.closeCode, error.name, error.message]).toEqual([
      "ERR_OUT_OF_MEMORY",
      6,
      1009,
      "GdnetError",
      "too big",
    ]);
    expect(error).toBeInstanceOf(Error);
  });

  it("maps ERR_TYPE to FAILED and keeps the cause", () => {
    const cause = new Error("inner");
    const error = new GdnetError("ERR_TYPE", "wrong type", { cause });
    expect(error.error).toBe(GodotError.FAILED);
    expect(error.cause).toBe(cause);
  });

  it("is recognised by isGdnetError", () => {
    expect(isGdnetError(new GdnetError("FAILED", "x"))).toBe(true);
    expect(isGdnetError(new Error("x"))).toBe(false);
  });
});
