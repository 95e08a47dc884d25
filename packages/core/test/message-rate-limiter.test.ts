import { describe, expect, it } from "vitest";
import { MessageRateLimiter, RateVerdict } from "../src/message-rate-limiter.js";

const SECOND = 1000;

describe("MessageRateLimiter", () => {
  it("delivers a whole burst at once without pausing", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 10 * SECOND }, 0);
    for (let i = 0; i < 200; i++) expect(limiter.arrive(0)).toBe(RateVerdict.DELIVER);
    expect(limiter.paused).toBe(false);
  });

  it("pauses on the first message past the burst, and keeps delivering what arrives while paused", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 10 * SECOND }, 0);
    for (let i = 0; i < 200; i++) limiter.arrive(0);
    expect(limiter.arrive(0)).toBe(RateVerdict.PAUSE);
    expect(limiter.paused).toBe(true);
    // Bytes ws read already: delivered, they only deepen the debt.
    for (let i = 0; i < 50; i++) expect(limiter.arrive(0)).toBe(RateVerdict.DELIVER);
  });

  it("resumes once the bucket holds an eighth of the burst", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 10 * SECOND }, 0);
    for (let i = 0; i < 201; i++) limiter.arrive(0);
    // One token owed, 25 wanted: 26 tokens at 100/s.
    expect(limiter.resumeDelayMs(0)).toBe(260);
    expect(limiter.resume(100)).toBe(RateVerdict.PAUSE);
    expect(limiter.resume(260)).toBe(RateVerdict.DELIVER);
    expect(limiter.paused).toBe(false);
  });

  it("refills continuously: a sender at the rate is never paused", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 10 * SECOND }, 0);
    for (let t = 0; t < 60 * SECOND; t += 10) expect(limiter.arrive(t)).toBe(RateVerdict.DELIVER);
  });

  it("never refuses a sender at 1.5 times the rate: it is only slowed down", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 10 * SECOND }, 0);
    let now = 0;
    let delivered = 0;
    // The sender offers a message every 1/150 s whenever it is not held back.
    while (now < 60 * SECOND) {
      if (limiter.paused) {
        now += limiter.resumeDelayMs(now);
        expect(limiter.resume(now)).toBe(RateVerdict.DELIVER);
        continue;
      }
      const verdict = limiter.arrive(now);
      expect(verdict).not.toBe(RateVerdict.REFUSE);
      delivered++;
      now += 1000 / 150;
    }
    // Held to the rate (plus the burst) over the minute.
    expect(delivered).toBeLessThanOrEqual(60 * 100 + 200 + 1);
  });

  it("refuses a sender that keeps at three times the rate within the sustained window", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 10 * SECOND }, 0);
    let now = 0;
    let refusedAt = -1;
    while (now < 60 * SECOND && refusedAt < 0) {
      if (limiter.paused) {
        now += limiter.resumeDelayMs(now);
        if (limiter.resume(now) === RateVerdict.REFUSE) refusedAt = now;
        continue;
      }
      if (limiter.arrive(now) === RateVerdict.REFUSE) refusedAt = now;
      now += 1000 / 300;
    }
    expect(refusedAt).toBeGreaterThan(0);
    expect(refusedAt).toBeLessThanOrEqual(10 * SECOND);
  });

  it("refuses at once a debt that takes more than half the window to pay back", () => {
    const limiter = new MessageRateLimiter({ rate: 100, burst: 200, sustainMs: 2 * SECOND }, 0);
    for (let i = 0; i < 200; i++) limiter.arrive(0);
    expect(limiter.arrive(0)).toBe(RateVerdict.PAUSE);
    for (let i = 0; i < 150; i++) limiter.arrive(0);
    // 151 tokens owed + 25: 1.76 s of a 2 s window.
    expect(limiter.resume(10)).toBe(RateVerdict.REFUSE);
  });

  it("with sustainMs 0, only slows down", () => {
    const limiter = new MessageRateLimiter({ rate: 10, burst: 10, sustainMs: 0 }, 0);
    for (let i = 0; i < 10_000; i++) expect(limiter.arrive(0)).not.toBe(RateVerdict.REFUSE);
    expect(limiter.resume(1)).toBe(RateVerdict.PAUSE);
  });
});
