import { describe, expect, it } from "vitest";
import { asBytes } from "../src/bytes.js";
import { GdnetError } from "../src/gdnet-error.js";

describe("asBytes", () => {
  it("views any ArrayBufferView or ArrayBuffer as bytes without copying", () => {
    const buffer = new ArrayBuffer(8);
    const words = new Uint32Array(buffer, 4, 1);
    words[0] = 0x04030201;
    const view = asBytes(words, "test");
    expect([...view]).toEqual([1, 2, 3, 4]);
    expect(view.buffer).toBe(buffer);
    expect(asBytes(buffer, "test").length).toBe(8);
  });

  it("throws ERR_TYPE for a string, pointing to toUtf8", () => {
    const error = (() => {
      try {
        asBytes("hello" as unknown as Uint8Array, "putPacket");
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GdnetError);
    expect((error as GdnetError).code).toBe("ERR_TYPE");
    expect((error as GdnetError).message).toMatch(/toUtf8/);
  });
});
