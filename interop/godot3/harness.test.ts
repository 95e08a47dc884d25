// The harness itself (godot3.ts and project/main.gd): a broken scenario fails fast and loudly
// instead of hanging the suite.
import { afterEach, expect, it } from "vitest";
import { silentTcpServer } from "../../test-support/servers.js";
import { describeGodot3, runGodot } from "./godot3.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describeGodot3("Godot 3.2 interop harness", () => {
  it("runs Godot 3.2.x and reports the start and the exit of a scenario as GDNET lines", async () => {
    const result = await runGodot("ws_client", { args: { url: "ws://127.0.0.1:1/" } });
    expect(result.code).toBe(0);
    expect(result.events[0]).toMatchObject({ event: "start", scenario: "ws_client" });
    expect(String(result.events[0]?.godot)).toMatch(/^3\.2\./);
    expect(result.events.at(-1)).toEqual({ event: "exit", code: 0 });
  });

  it("fails with exit code 2 for a scenario that does not exist", async () => {
    const result = await runGodot("no_such_scenario");
    expect(result.code).toBe(2);
    expect(result.events.find((e) => e.event === "fail")?.message).toMatch(/no scenario 'no_such_scenario'/);
  });

  it("fails with exit code 1 when a scenario misses a required argument", async () => {
    const result = await runGodot("ws_server");
    expect(result.code).toBe(1);
    expect(result.events.find((e) => e.event === "fail")?.message).toMatch(/missing argument 'port'/);
  });

  it("ends a scenario that never finishes at its self-timeout, with exit code 3", async () => {
    const { server, port } = await silentTcpServer();
    cleanups.push(() => server.close());
    const started = Date.now();
    const result = await runGodot("ws_client", { args: { url: `ws://127.0.0.1:${port}/` }, timeoutS: 1 });
    expect(result.code).toBe(3);
    expect(result.killed).toBe(false);
    expect(result.events.find((e) => e.event === "fail")?.message).toMatch(/self-timeout/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("kills a Godot that outlives the hard timeout", async () => {
    const { server, port } = await silentTcpServer();
    cleanups.push(() => server.close());
    const result = await runGodot("ws_client", { args: { url: `ws://127.0.0.1:${port}/` }, timeoutS: 30, killAfterMs: 500 });
    expect(result.killed).toBe(true);
    expect(result.code).toBeNull();
  });
});
