/** What {@link MessageRateLimiter.arrive} says to do with a message. */
export const RateVerdict = {
  /** Deliver it; keep reading. */
  DELIVER: 0,
  /** Deliver it, then stop reading until `resumeDelayMs` has passed (TCP back-pressure slows the sender). */
  PAUSE: 1,
  /**
   * Deliver it, stop reading for good, and close the connection once what it sent has been
   * processed: it has been held back for most of a sustained stretch.
   */
  REFUSE: 2,
} as const;
export type RateVerdict = (typeof RateVerdict)[keyof typeof RateVerdict];

/** Settings of {@link MessageRateLimiter}. */
export interface MessageRateOptions {
  /** Messages per second the bucket refills with. */
  readonly rate: number;
  /** Messages the bucket holds: the burst a connection may send at once. */
  readonly burst: number;
  /**
   * The window, in milliseconds, over which a connection that spends more than half of it held
   * back is refused; 0 never refuses (only slows down).
   */
  readonly sustainMs: number;
}

/**
 * A token bucket that slows a sender down instead of cutting it off, as nginx's `limit_req` with
 * a burst and no `nodelay` delays excess requests: a message that finds the bucket empty is
 * still delivered (its bytes were already read), and the connection stops reading until the
 * bucket has a token again, so the sender waits in TCP back-pressure. Only a connection held
 * back for more than half of a `sustainMs` window (one that keeps sending at about twice the
 * rate or more, or that sent more than half a window's worth of messages beyond its burst) is
 * refused. Pure: the caller gives the time and does the pausing.
 */
export class MessageRateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #sustainMs: number;
  #tokens: number;
  #refilledAt: number;
  #windowStart: number;
  #heldMs = 0;
  #pausedAt = -1;

  constructor(options: MessageRateOptions, now: number) {
    this.#rate = options.rate;
    this.#burst = options.burst;
    this.#sustainMs = options.sustainMs;
    this.#tokens = options.burst;
    this.#refilledAt = now;
    this.#windowStart = now;
  }

  /** One message arrived at `now` (milliseconds). */
  arrive(now: number): RateVerdict {
    this.#refill(now);
    this.#tokens--;
    if (this.#tokens >= 0 || this.#pausedAt >= 0) return RateVerdict.DELIVER;
    if (this.#sustainMs > 0) {
      if (now - this.#windowStart >= this.#sustainMs) {
        this.#windowStart = now;
        this.#heldMs = 0;
      }
      // The wait this pause needs counts already: a debt that takes most of a window to pay
      // back (a whole read's worth of messages far over the rate) is refused at once.
      if ((this.#heldMs + this.resumeDelayMs(now)) * 2 > this.#sustainMs) return RateVerdict.REFUSE;
    }
    this.#pausedAt = now;
    return RateVerdict.PAUSE;
  }

  /**
   * How long, from `now`, until reading should resume: when the bucket holds an eighth of the
   * burst again (at least one token), so that a sender over the rate is read in batches instead
   * of paused and resumed once per message.
   */
  resumeDelayMs(now: number): number {
    this.#refill(now);
    const level = Math.max(1, this.#burst / 8);
    return this.#tokens >= level ? 0 : Math.ceil(((level - this.#tokens) / this.#rate) * 1000);
  }

  /**
   * The resume timer fired at `now`: DELIVER when reading may resume (the time held back counts
   * towards the sustained window), PAUSE to wait `resumeDelayMs` more (messages that came in
   * after the pause added to the debt), REFUSE when that wait makes the connection one held
   * back for most of the window.
   */
  resume(now: number): RateVerdict {
    if (this.#pausedAt < 0) return RateVerdict.DELIVER;
    const held = this.#heldMs + now - Math.max(this.#pausedAt, this.#windowStart);
    const wait = this.resumeDelayMs(now);
    if (wait > 0) return this.#sustainMs > 0 && (held + wait) * 2 > this.#sustainMs ? RateVerdict.REFUSE : RateVerdict.PAUSE;
    this.#heldMs = held;
    this.#pausedAt = -1;
    return RateVerdict.DELIVER;
  }

  /** Messages per second. */
  get rate(): number {
    return this.#rate;
  }

  /** True while the limiter holds the connection back. */
  get paused(): boolean {
    return this.#pausedAt >= 0;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate);
    this.#refilledAt = now;
  }
}
