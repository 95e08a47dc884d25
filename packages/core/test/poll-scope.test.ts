import { describe, expect, it } from "vitest";
import { callAfterNextPoll, callDeferred, isPolling, runPoll } from "../src/poll-scope.js";

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

describe("callAfterNextPoll", () => {
  it("runs when the outermost poll after the current one returns, not at the end of this one", () => {
    const a = { polling: false };
    const b = { polling: false };
    const order: string[] = [];
    runPoll(a, () => {
      callAfterNextPoll(() => order.push("after next"));
      runPoll(b, () => order.push("nested"));
    });
    order.push("first poll returned");
    runPoll(b, () => order.push("second poll"));
    expect(order).toEqual(["nested", "first poll returned", "second poll", "after next"]);
  });

  it("outside any poll, runs when the next poll returns", () => {
    const owner = { polling: false };
    const order: string[] = [];
    callAfterNextPoll(() => order.push("after"));
    runPoll(owner, () => order.push("poll"));
    expect(order).toEqual(["poll", "after"]);
  });
});
