import { describe, expect, it } from "vitest";
import { GdnetError } from "../../src/gdnet-error.js";
import { decodeCandidateData, encodeCandidateData } from "../../src/signaling/ice-candidate-data.js";

const LINE = "candidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx raddr 0.0.0.0 rport 0";

function expectInvalid(result: unknown): void {
  expect(result).toBeInstanceOf(GdnetError);
  expect((result as GdnetError).code).toBe("ERR_INVALID_DATA");
}

describe("encodeCandidateData", () => {
  it('writes "\\n<mid>\\n<index>\\n<candidate>" as the demo client does', () => {
    expect(encodeCandidateData("0", 0, LINE)).toBe(`\n0\n0\n${LINE}`);
    expect(encodeCandidateData("audio", 2, "candidate:x")).toBe("\naudio\n2\ncandidate:x");
  });
});

describe("decodeCandidateData", () => {
  it("reads what encodeCandidateData writes", () => {
    expect(decodeCandidateData(encodeCandidateData("data", 1, LINE))).toEqual({ mid: "data", index: 1, candidate: LINE });
  });

  it('skips empty lines, as the demo\'s split("\\n", false) does', () => {
    expect(decodeCandidateData("0\n0\ncand")).toEqual({ mid: "0", index: 0, candidate: "cand" });
    expect(decodeCandidateData("\n\n0\n\n3\ncand\n\n")).toEqual({ mid: "0", index: 3, candidate: "cand" });
  });

  it("reads a signed index as is_valid_int does", () => {
    expect(decodeCandidateData("\n0\n+2\ncand")).toEqual({ mid: "0", index: 2, candidate: "cand" });
    expect(decodeCandidateData("\n0\n-1\ncand")).toEqual({ mid: "0", index: -1, candidate: "cand" });
  });

  it.each([
    ["empty data", ""],
    ["two parts", "\n0\n0"],
    ["four parts", "\na\n0\nc\nd"],
    ["an empty mid (skipped, leaving two parts)", "\n\n0\ncand"],
    ["an index that is not a number", "\n0\nx\ncand"],
    ["a fractional index", "\n0\n1.5\ncand"],
    ["an index with a space", "\n0\n 1\ncand"],
    ["an index past 2^53", "\n0\n99999999999999999999\ncand"],
  ])("refuses %s with ERR_INVALID_DATA, without throwing", (_name, data) => {
    expectInvalid(decodeCandidateData(data));
  });
});
