import { describe, expect, it } from "vitest";
import { md5Hex } from "../../src/multiplayer/md5.js";
import { buildRpcMethodTable, compareCodePoints, NATIVE_RPC_ID_FLAG } from "../../src/multiplayer/rpc-method-ids.js";
import { toUtf8 } from "../../src/utf8.js";
import { expectThrow } from "./packet-test-helpers.js";

describe("Godot 4 RPC method ids (godot-protocols.md §4.2, §4.3)", () => {
  it("numbers script RPCs shoot, move as move = 0, shoot = 1 and hashes 'moveshoot'", () => {
    const table = buildRpcMethodTable({ script: ["shoot", "move"] });
    expect([...table.idByName]).toEqual([
      ["move", 0],
      ["shoot", 1],
    ]);
    expect(table.md5Input).toBe("moveshoot");
    expect(table.md5).toBe("dfc81dd1b0d77591db11cc79d5a8fab9");
  });

  it("hashes the empty string for a node without RPCs", () => {
    const table = buildRpcMethodTable();
    expect(table.entries).toEqual([]);
    expect(table.md5).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(buildRpcMethodTable({ native: [], script: [] }).md5).toBe("d41d8cd98f00b204e9800998ecf8427e");
  });

  it("sorts case-sensitively by code point: 'Zebra' < '_x' < 'apple'", () => {
    const table = buildRpcMethodTable({ script: ["apple", "_x", "Zebra"] });
    expect(table.entries.map((entry) => [entry.name, entry.id])).toEqual([
      ["Zebra", 0],
      ["_x", 1],
      ["apple", 2],
    ]);
  });

  it("orders by code point, not UTF-16 unit: U+FF01 comes before U+1F600", () => {
    const names = ["\u{1F600}", "\uFF01", "a"];
    expect([...names].sort()).toEqual(["a", "\u{1F600}", "\uFF01"]); // what plain JS sort would do
    expect(buildRpcMethodTable({ script: names }).entries.map((entry) => entry.name)).toEqual(["a", "\uFF01", "\u{1F600}"]);
  });

  it("puts a prefix before the longer name", () => {
    expect(buildRpcMethodTable({ script: ["ab", "a", "abc"] }).md5Input).toBe("aababc");
  });

  it("gives native rpc_config names bit 15", () => {
    const table = buildRpcMethodTable({ native: ["set_pos", "get_x"] });
    expect(table.entries).toEqual([
      { name: "get_x", id: 0x8000, native: true },
      { name: "set_pos", id: 0x8001, native: true },
    ]);
    expect(NATIVE_RPC_ID_FLAG).toBe(0x8000);
  });

  it("lists native names first in the MD5 input, then script names, keeping a name present in both twice", () => {
    const table = buildRpcMethodTable({ native: ["sync", "b"], script: ["sync", "a"] });
    expect(table.entries.map((entry) => entry.id)).toEqual([0x8000, 0x8001, 0, 1]);
    expect(table.md5Input).toBe("bsyncasync");
    expect(table.md5).toBe(md5Hex(toUtf8("bsyncasync")));
  });

  it("calls a name present in both configurations with its script id, and keeps both ids resolvable", () => {
    const table = buildRpcMethodTable({ native: ["sync"], script: ["sync", "a"] });
    expect(table.idByName.get("sync")).toBe(1);
    expect(table.nameById.get(0x8000)).toBe("sync");
    expect(table.nameById.get(1)).toBe("sync");
    expect(table.nameById.get(0)).toBe("a");
  });

  it("hashes non-ASCII names as UTF-8", () => {
    expect(buildRpcMethodTable({ script: ["héllo"] }).md5).toBe(md5Hex(toUtf8("héllo")));
  });

  it("does not reorder the caller's arrays", () => {
    const script = ["b", "a"];
    buildRpcMethodTable({ script });
    expect(script).toEqual(["b", "a"]);
  });

  it("refuses repeated, empty and non-string names", () => {
    expectThrow(() => buildRpcMethodTable({ script: ["a", "a"] }), /twice/);
    expectThrow(() => buildRpcMethodTable({ native: [""] }), /empty name/);
    expectThrow(() => buildRpcMethodTable({ script: [1 as unknown as string] }), /strings only/, "ERR_TYPE");
  });

  it("refuses more than 32768 names in one list, which would not fit 15 bits", () => {
    const names = Array.from({ length: 32769 }, (_, i) => `m${i}`);
    expectThrow(() => buildRpcMethodTable({ script: names }), /32768/);
    expect(buildRpcMethodTable({ script: names.slice(1) }).entries).toHaveLength(32768);
  });
});

describe("compareCodePoints", () => {
  it("compares like Godot's String <", () => {
    expect(compareCodePoints("a", "a")).toBe(0);
    expect(compareCodePoints("a", "b")).toBeLessThan(0);
    expect(compareCodePoints("b", "a")).toBeGreaterThan(0);
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("Z", "_")).toBeLessThan(0);
    expect(compareCodePoints("\uFFFF", "\u{10000}")).toBeLessThan(0);
    expect(compareCodePoints("x\u{10000}", "x\uE000")).toBeGreaterThan(0);
  });
});
