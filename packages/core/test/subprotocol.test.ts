import { describe, expect, it } from "vitest";
import { chooseSubprotocol } from "../src/subprotocol.js";

describe("chooseSubprotocol", () => {
  it("accepts a client that offers nothing when the server lists nothing", () => {
    expect(chooseSubprotocol(undefined, [])).toEqual({ ok: true, protocol: "" });
  });

  it("picks the first offered protocol the server supports", () => {
    expect(chooseSubprotocol("chat, ludus, binary", ["binary", "ludus"])).toEqual({ ok: true, protocol: "ludus" });
  });

  it("refuses a client whose protocols the server does not list", () => {
    const choice = chooseSubprotocol("chat", ["ludus"]);
    expect(choice.ok).toBe(false);
  });

  it("refuses an offered protocol even when the server lists none (Godot's rule)", () => {
    expect(chooseSubprotocol("ludus", []).ok).toBe(false);
  });

  it("refuses a client that offers nothing when the server requires a protocol", () => {
    const choice = chooseSubprotocol(undefined, ["ludus"]);
    expect(choice).toMatchObject({ ok: false });
    expect(choice.ok ? "" : choice.reason).toMatch(/ludus/);
  });
});
