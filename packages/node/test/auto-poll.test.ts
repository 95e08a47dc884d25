import { autoPoll, EchoServer, WebSocketClient } from "gdnet";
import { afterEach, describe, expect, it, vi } from "vitest";
import "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("autoPoll (Node)", () => {
  it("delivers signals without a game loop, each inside poll()", async () => {
    const echo = new EchoServer({ host: "127.0.0.1" });
    const url = await echo.start();
    cleanups.push(() => echo.stop());
    const client = new WebSocketClient();
    const stop = autoPoll(client);
    cleanups.push(stop);
    const text = await new Promise<string>((resolve) => {
      client.on("connection_established", () => client.getPeer(1)?.sendText("auto"));
      client.on("data_received", () => resolve(new TextDecoder().decode(client.getPeer(1)?.getPacket())));
      client.connectToUrl(url);
    });
    expect(text).toBe("auto");
  });

  it("polls an arrival before the event loop's next turn", async () => {
    let wake: (() => void) | null = null;
    let polls = 0;
    const stop = autoPoll({ poll: () => polls++, setWakeHandler: (handler) => (wake = handler) }, { intervalMs: 60_000 });
    cleanups.push(stop);
    // Stands in for a socket callback: a setImmediate is already queued when the arrival wakes.
    const pollsByNextTurn = await new Promise<number>((resolve) => {
      setImmediate(() => resolve(polls));
      wake?.();
    });
    expect(pollsByNextTurn).toBe(1);
  });

  it("lets the event loop turn between polls that keep waking each other, across autoPolls too", async () => {
    // Bounded, so that chaining on process.nextTick shows as a failure rather than a hung worker.
    const CAP = 10_000;
    let polls = 0;
    const wakes: Array<(() => void) | null> = [null, null];
    const targets = [0, 1].map((i) => ({
      poll: () => {
        polls++;
        if (polls < CAP) wakes[1 - i]?.();
      },
      setWakeHandler: (handler: (() => void) | null) => {
        wakes[i] = handler;
      },
    }));
    for (const target of targets) cleanups.push(autoPoll(target, { intervalMs: 60_000 }));
    const pollsWhenLoopTurned = await new Promise<number>((resolve) => {
      wakes[0]?.();
      setImmediate(() => resolve(polls));
    });
    // Chained on nextTick, the two would poll up to CAP before the event loop could turn.
    expect(pollsWhenLoopTurned).toBeLessThan(CAP);
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(polls).toBeGreaterThanOrEqual(pollsWhenLoopTurned + 3);
  });

  it("polls on its interval and stops when stopped", () => {
    vi.useFakeTimers();
    try {
      let polls = 0;
      const stop = autoPoll({ poll: () => polls++ }, { intervalMs: 10 });
      vi.advanceTimersByTime(35);
      expect(polls).toBe(3);
      stop();
      vi.advanceTimersByTime(100);
      expect(polls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
