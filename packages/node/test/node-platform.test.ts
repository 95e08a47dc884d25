// Node's default error printer under a flood: an attacker's bad packets cost about one stderr line
// a second, not one line a packet (issue "Servers fit for real players": 33k bad packets printed
// 3.7 MiB). The lines are captured by replacing console.warn, which the printer looks up per line.
import { type GdnetError, SceneCommand } from "@gdnet/core";
import { nodePlatform, RelayServer } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import { pollUntil } from "../../../test-support/poll-until.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Every line console.warn gets until the end of the test. */
function captureWarnings(): string[] {
  const lines: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  cleanups.push(() => {
    console.warn = warn;
  });
  return lines;
}

/** A relay on a free port and a raw `ws` attacker it has admitted. */
async function relayWithAttacker(relay: RelayServer): Promise<WsClient> {
  const url = await relay.start();
  cleanups.push(() => relay.stop());
  const attacker = new WsClient(url, { perMessageDeflate: false });
  cleanups.push(() => attacker.terminate());
  attacker.on("error", () => {});
  await pollUntil([], () => relay.peerCount === 1 && attacker.readyState === WsClient.OPEN, {
    what: "the attacker to be admitted",
  });
  return attacker;
}

/** A SYS packet of one byte: SceneMultiplayer fails on it with ERR_INVALID_DATA. */
const BAD_PACKET = new Uint8Array([SceneCommand.NETWORK_COMMAND_SYS]);

/** How many errors a line stands for: 1 for an error, N for a count line ("N more like this"). */
function errorsIn(line: string): number {
  const match = /: ([\d,]+) more like this/.exec(line);
  return match ? Number(match[1]?.replaceAll(",", "")) : 1;
}

describe("Node's default error printer", () => {
  it("prints a flood of 20,000 bad packets as a handful of lines, whose counts add up to every packet", async () => {
    const lines = captureWarnings();
    const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
    const attacker = await relayWithAttacker(relay);
    const total = 20_000;
    const started = performance.now();
    for (let i = 0; i < total; i++) attacker.send(BAD_PACKET);
    const invalid = () => lines.filter((line) => line.startsWith("gdnet: ERR_INVALID_DATA: "));
    const reported = () => invalid().reduce((sum, line) => sum + errorsIn(line), 0);
    // The last count comes from the throttle's timer, about a second after its window opened.
    await pollUntil([], () => reported() >= total, { what: "every bad packet to be reported" });
    const seconds = (performance.now() - started) / 1000;
    expect(reported()).toBe(total);
    expect(invalid()[0]).toMatch(/^gdnet: ERR_INVALID_DATA: Invalid SYS packet/);
    expect(
      invalid()
        .slice(1)
        .every((line) => / more like this in \d+\.\d s not printed; the last: Invalid SYS packet/.test(line)),
    ).toBe(true);
    // One line, then one count a second while the flood lasts.
    expect(lines.length).toBeLessThanOrEqual(2 + Math.ceil(seconds));
    expect(lines.length).toBeLessThan(10);
  });

  it("gets the object that failed as the source of each error", async () => {
    const errors: Array<[GdnetError, object | undefined]> = [];
    const relay = new RelayServer({
      port: 0,
      host: "127.0.0.1",
      platform: { ...nodePlatform, printError: (error, source) => errors.push([error, source]) },
    });
    const attacker = await relayWithAttacker(relay);
    for (let i = 0; i < 3; i++) attacker.send(BAD_PACKET);
    await pollUntil([], () => errors.length >= 3, { what: "three errors" });
    expect(errors.map(([error, source]) => [error.code, source])).toEqual(Array(3).fill(["ERR_INVALID_DATA", relay.multiplayer]));
  });
});
