// The harness itself (godot4.ts, page.html and project/main.gd): Godot 4.6 starts in Chromium with
// our PCK and user arguments, and a broken scenario fails fast and loudly instead of hanging.
import { expect, it } from "vitest";
import { describeGodot4, explain, runGodot4, startGodot4 } from "./godot4.js";

describeGodot4("Godot 4.6 interop harness", () => {
  it("runs the official Godot 4.6 web build on our PCK and reports the start, the user arguments and the exit", async () => {
    const args = { text: "héllo ✓ 🎮", n: 5, list: [1, "two"] };
    const result = await runGodot4("report_args", { args });
    expect(result.code, explain(result, "report_args")).toBe(0);
    expect(result.events[0]).toMatchObject({ event: "start", scenario: "report_args", godot: "4.6-stable (official)" });
    expect(result.stdout).toMatch(/Godot Engine v4\.6\.stable\.official/);
    // JSON numbers arrive in GDScript as floats; JSON.stringify prints 5.0 as 5.0, JSON.parse reads 5.
    expect(result.events.find((e) => e.event === "args")).toMatchObject({ args });
    expect(result.events.at(-1)).toEqual({ event: "exit", code: 0 });
  });

  it("fails with exit code 2 for a scenario that does not exist", async () => {
    const result = await runGodot4("no_such_scenario");
    expect(result.code).toBe(2);
    expect(result.events.find((e) => e.event === "fail")?.message).toMatch(/no scenario 'no_such_scenario'/);
  });

  it("fails with exit code 1 when a scenario misses a required argument", async () => {
    const result = await runGodot4("report_args", { args: { require: "url" } });
    expect(result.code).toBe(1);
    expect(result.events.find((e) => e.event === "fail")?.message).toMatch(/missing argument 'url'/);
  });

  it("ends a scenario that never finishes at its self-timeout, with exit code 3", async () => {
    const started = Date.now();
    const result = await runGodot4("report_args", { args: { hang: true }, timeoutS: 1 });
    expect(result.code, explain(result, "report_args")).toBe(3);
    expect(result.killed).toBe(false);
    expect(result.events.find((e) => e.event === "fail")?.message).toMatch(/self-timeout/);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it("kills a run that outlives the hard timeout, and the next run starts in a fresh page", async () => {
    const hung = startGodot4("report_args", { args: { hang: true }, timeoutS: 30, killAfterMs: 30_000 });
    await hung.waitFor("args");
    await hung.kill();
    const result = await hung.exited;
    expect(result.killed).toBe(true);
    expect(result.code).toBeNull();
    const next = await runGodot4("report_args");
    expect(next.code, explain(next, "report_args")).toBe(0);
  });

  it("runs two scenarios at the same time, each in a page of its own", async () => {
    const [a, b] = await Promise.all([
      runGodot4("report_args", { args: { who: "a" } }),
      runGodot4("report_args", { args: { who: "b" } }),
    ]);
    expect(a.code, explain(a, "report_args")).toBe(0);
    expect(b.code, explain(b, "report_args")).toBe(0);
    expect(a.events.find((e) => e.event === "args")).toMatchObject({ args: { who: "a" } });
    expect(b.events.find((e) => e.event === "args")).toMatchObject({ args: { who: "b" } });
  });
});
