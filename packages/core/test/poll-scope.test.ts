import { describe, expect, it } from "vitest";
import { callDeferred, isPolling, runPoll } from "../src/poll-scope.js";

describe("runPoll", () => {
  it("turns a nested poll of the same object into a no-op", () => {
    const owner = { polling: false };
    let runs = 0;
    runPoll(owner, () => {
      runs++;
      expect(runPoll(owner, () => runs++)).toBe(false);
    });
    expect(runs).toBe(1);
    expect(owner.polling).toBe(false);
  });

  it("lets a handler poll a different object", () => {
    const a = { polling: false };
    const b = { polling: false };
    const order: string[] = [];
    runPoll(a, () => {
      order.push("a");
      runPoll(b, () => order.push("b"));
    });
    expect(order).toEqual(["a", "b"]);
  });

  it("clears the polling flag when a handler throws", () => {
    const owner = { polling: false };
    expect(() =>
      runPoll(owner, () => {
        throw new Error("handler bug");
      }),
    ).toThrow("handler bug");
    expect(owner.polling).toBe(false);
    expect(isPolling()).toBe(false);
  });
});

describe("callDeferred", () => {
  it("runs after the outermost poll returns, not inside it", () => {
    const a = { polling: false };
    const b = { polling: false };
    const order: string[] = [];
    runPoll(a, () => {
      callDeferred(() => order.push("deferred"));
      runPoll(b, () => order.push("inner poll"));
      order.push("end of outer poll");
    });
    expect(order).toEqual(["inner poll", "end of outer poll", "deferred"]);
  });

  it("runs deferred calls in order, even when one throws", () => {
    const owner = { polling: false };
    const order: number[] = [];
    expect(() =>
      runPoll(owner, () => {
        callDeferred(() => order.push(1));
        callDeferred(() => {
          throw new Error("deferred bug");
        });
        callDeferred(() => order.push(3));
      }),
    ).toThrow("deferred bug");
    expect(order).toEqual([1, 3]);
  });

  it("lets a deferred call poll again", () => {
    const owner = { polling: false };
    let polls = 0;
    runPoll(owner, () => {
      polls++;
      callDeferred(() => runPoll(owner, () => polls++));
    });
    expect(polls).toBe(2);
  });

  it("runs in a microtask when called outside any poll", async () => {
    let ran = false;
    callDeferred(() => {
      ran = true;
    });
    expect(ran).toBe(false);
    await Promise.resolve();
    expect(ran).toBe(true);
  });
});
