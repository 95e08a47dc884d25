import { describe, expect, it } from "vitest";
import { autoPollWith, type Pollable } from "../src/auto-poll.js";

class Counter implements Pollable {
  polls = 0;
  wake: (() => void) | null = null;
  poll(): void {
    this.polls++;
  }
  setWakeHandler(handler: (() => void) | null): void {
    this.wake = handler;
  }
}

describe("autoPollWith", () => {
  it("polls every target on the scheduler's clock until stopped", () => {
    let tick: (() => void) | undefined;
    const a = new Counter();
    const b = new Counter();
    const every = (poll: () => void): (() => void) => {
      tick = poll;
      return () => {
        tick = undefined;
      };
    };
    const stop = autoPollWith({ every }, [a, b]);
    tick?.();
    tick?.();
    expect([a.polls, b.polls]).toEqual([2, 2]);
    stop();
    expect(tick).toBeUndefined();
  });

  it("polls once soon after activity, coalescing several wakes", () => {
    const queued: Array<() => void> = [];
    const target = new Counter();
    const stop = autoPollWith({ every: () => () => {}, soon: (poll) => queued.push(poll) }, target);
    target.wake?.();
    target.wake?.();
    expect(queued).toHaveLength(1);
    queued[0]?.();
    expect(target.polls).toBe(1);
    stop();
    expect(target.wake).toBeNull();
  });
});
