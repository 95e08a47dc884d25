import { describe, expect, it } from "vitest";
import { ErrorThrottle, type ErrorThrottleOptions } from "../src/error-throttle.js";
import { GdnetError } from "../src/gdnet-error.js";

/** A throttle on a fake clock; `advance` moves it and runs the timers that came due, in order. */
function setup({ withTimer = true } = {}) {
  let time = 0;
  const lines: string[] = [];
  let timers: Array<{ due: number; callback: () => void }> = [];
  const options: ErrorThrottleOptions = { now: () => time };
  if (withTimer) options.setTimer = (callback, delayMs) => timers.push({ due: time + delayMs, callback });
  const throttle = new ErrorThrottle((line) => lines.push(line), options);
  const advance = (ms: number): void => {
    const end = time + ms;
    for (;;) {
      const next = timers.filter((timer) => timer.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      timers = timers.filter((timer) => timer !== next);
      time = Math.max(time, next.due);
      next.callback();
    }
    time = end;
  };
  return { throttle, lines, advance, timers: () => timers.length };
}

const bad = (n: number) => new GdnetError("ERR_INVALID_DATA", `bad packet ${n}`);

/** The number in a count line ("1,234 more like this ..."). */
function counted(line: string): number {
  const match = /: ([\d,]+) more like this/.exec(line);
  return match ? Number(match[1]?.replaceAll(",", "")) : 0;
}

describe("ErrorThrottle", () => {
  it("prints the first error of a source and code at once, as gdnet: CODE: message", () => {
    const { throttle, lines } = setup();
    throttle.print(bad(1), {});
    expect(lines).toEqual(["gdnet: ERR_INVALID_DATA: bad packet 1"]);
  });

  it("prints at most one line a second per source and code, then one line with the count it suppressed", () => {
    const { throttle, lines, advance } = setup();
    const peer = {};
    for (let i = 1; i <= 100; i++) {
      throttle.print(bad(i), peer);
      advance(9);
    }
    expect(lines).toHaveLength(1);
    advance(100);
    expect(lines).toEqual([
      "gdnet: ERR_INVALID_DATA: bad packet 1",
      "gdnet: ERR_INVALID_DATA: 99 more like this in 0.9 s not printed; the last: bad packet 100",
    ]);
  });

  it("prints the count when the window ends, even if no error of that kind comes again", () => {
    const { throttle, lines, advance } = setup();
    const peer = {};
    throttle.print(bad(1), peer);
    throttle.print(bad(2), peer);
    advance(999);
    expect(lines).toHaveLength(1);
    advance(1);
    expect(lines[1]).toBe("gdnet: ERR_INVALID_DATA: 1 more like this in 0.0 s not printed; the last: bad packet 2");
  });

  it("keeps each source and each code apart", () => {
    const { throttle, lines } = setup();
    const a = {};
    const b = {};
    throttle.print(bad(1), a);
    throttle.print(bad(2), b);
    throttle.print(new GdnetError("ERR_UNAUTHORIZED", "not yet"), a);
    throttle.print(bad(3), a);
    expect(lines).toEqual([
      "gdnet: ERR_INVALID_DATA: bad packet 1",
      "gdnet: ERR_INVALID_DATA: bad packet 2",
      "gdnet: ERR_UNAUTHORIZED: not yet",
    ]);
  });

  it("gives errors without a source one shared key per code", () => {
    const { throttle, lines } = setup();
    throttle.print(bad(1));
    throttle.print(bad(2));
    throttle.print(new GdnetError("ERR_TIMEOUT", "late"));
    expect(lines).toEqual(["gdnet: ERR_INVALID_DATA: bad packet 1", "gdnet: ERR_TIMEOUT: late"]);
  });

  it("prints one line a second under a sustained flood, and its counts add up to every error", () => {
    const { throttle, lines, advance } = setup();
    const peer = {};
    const total = 10_000;
    for (let i = 1; i <= total; i++) {
      throttle.print(bad(i), peer);
      advance(1);
    }
    advance(1000);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.filter((line) => counted(line) === 0)).toEqual(["gdnet: ERR_INVALID_DATA: bad packet 1"]);
    expect(1 + lines.reduce((sum, line) => sum + counted(line), 0)).toBe(total);
    expect(lines.at(-1)).toMatch(/the last: bad packet 10000$/);
  });

  it("prints an error at once again after a quiet window, with no count line", () => {
    const { throttle, lines, advance } = setup();
    const peer = {};
    throttle.print(bad(1), peer);
    advance(5000);
    throttle.print(bad(2), peer);
    expect(lines).toEqual(["gdnet: ERR_INVALID_DATA: bad packet 1", "gdnet: ERR_INVALID_DATA: bad packet 2"]);
  });

  it("groups the thousands of a count", () => {
    const { throttle, lines, advance } = setup();
    const peer = {};
    for (let i = 0; i <= 1234; i++) throttle.print(bad(i), peer);
    advance(1000);
    expect(lines[1]).toMatch(/: 1,234 more like this in 0\.0 s not printed/);
  });

  it("without a timer, prints the count with the next error of that kind after the window, which opens the next count", () => {
    const { throttle, lines, advance } = setup({ withTimer: false });
    const peer = {};
    for (let i = 1; i <= 5; i++) throttle.print(bad(i), peer);
    advance(1500);
    expect(lines).toHaveLength(1);
    throttle.print(bad(6), peer);
    expect(lines).toEqual([
      "gdnet: ERR_INVALID_DATA: bad packet 1",
      "gdnet: ERR_INVALID_DATA: 4 more like this in 0.0 s not printed; the last: bad packet 5",
    ]);
    advance(1000);
    throttle.print(bad(7), peer);
    expect(lines[2]).toBe("gdnet: ERR_INVALID_DATA: 1 more like this in 0.0 s not printed; the last: bad packet 6");
  });

  it("arms one timer for a window however many errors it suppresses, and none once the counts are printed", () => {
    const { throttle, advance, timers } = setup();
    const peer = {};
    for (let i = 0; i < 500; i++) throttle.print(bad(i), peer);
    expect(timers()).toBe(1);
    advance(1000);
    expect(timers()).toBe(0);
  });

  it("prints one count, not two, when a late timer finds its count already printed by the next error", () => {
    const timers: Array<() => void> = [];
    let time = 0;
    const lines: string[] = [];
    const throttle = new ErrorThrottle((line) => lines.push(line), {
      now: () => time,
      setTimer: (callback) => timers.push(callback),
    });
    const peer = {};
    throttle.print(bad(1), peer);
    throttle.print(bad(2), peer);
    // The event loop was busy past the window's end: the next error comes before the timer.
    time = 1200;
    throttle.print(bad(3), peer);
    expect(lines[1]).toMatch(/: 1 more like this .*bad packet 2$/);
    timers.shift()?.();
    expect(lines).toHaveLength(2);
    time = 2200;
    timers.shift()?.();
    expect(lines[2]).toMatch(/: 1 more like this .*bad packet 3$/);
    expect(lines).toHaveLength(3);
  });
});
