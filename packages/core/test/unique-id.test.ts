import { describe, expect, it } from "vitest";
import { generateUniqueId } from "../src/unique-id.js";

describe("generateUniqueId", () => {
  it("returns 31-bit positive ids that are never 0 or 1", () => {
    for (let i = 0; i < 10_000; i++) {
      const id = generateUniqueId();
      expect(Number.isInteger(id) && id > 1 && id <= 0x7fffffff).toBe(true);
    }
  });

  it("avoids ids already taken", () => {
    const taken = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const id = generateUniqueId(taken);
      expect(taken.has(id)).toBe(false);
      taken.add(id);
    }
  });
});
