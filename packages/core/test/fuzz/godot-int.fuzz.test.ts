// Property tests of Godot's integer check used by both signaling protocols (godot-int.ts:
// parseGodotInt, Godot's `String.is_valid_int()` with the value kept exact).

import fc from "fast-check";
import { describe, it } from "vitest";
import { parseGodotInt } from "../../src/signaling/godot-int.js";
import { assertProperty, FUZZ_RUNS, FUZZ_TIMEOUT_MS } from "./fuzz-runs.js";
import { check } from "./fuzz-support.js";

const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 20 });
const input: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc
    .tuple(fc.constantFrom("", "+", "-", "--", " "), digits, fc.constantFrom("", " ", ".0", "e1", "\n"))
    .map((parts) => parts.join("")),
  fc.maxSafeInteger().map(String),
);

describe(`parseGodotInt (${FUZZ_RUNS} cases per property)`, () => {
  it(
    "never throws, and reads exactly an optional sign and digits whose value is a safe integer, as that value (never -0)",
    () => {
      assertProperty(
        fc.property(input, (text) => {
          const result = parseGodotInt(text);
          const valid = /^[+-]?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text));
          if (!valid) {
            check(result === undefined, () => `parse ${JSON.stringify(text)} gave ${result}`);
            return;
          }
          check(result !== undefined && result === Number(text) && !Object.is(result, -0), () => `parse ${JSON.stringify(text)}`);
          // Re-encoded in decimal, it reads back the same.
          check(parseGodotInt(String(result)) === result, () => `${result} does not read back`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    "reads every safe integer written in decimal, with a plus sign or with leading zeros",
    () => {
      assertProperty(
        fc.property(fc.maxSafeInteger(), fc.nat({ max: 3 }), (value, zeros) => {
          const text = String(Math.abs(value));
          const sign = value < 0 ? "-" : "+";
          check(parseGodotInt(String(value)) === value, () => `${value}`);
          check(parseGodotInt(`${sign}${"0".repeat(zeros)}${text}`) === value, () => `${sign}${"0".repeat(zeros)}${text}`);
        }),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
