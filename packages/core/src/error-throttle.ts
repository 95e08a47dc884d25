import type { GdnetError, GdnetErrorCode } from "./gdnet-error.js";

/** Options of {@link ErrorThrottle}. */
export interface ErrorThrottleOptions {
  /** Length of a window in milliseconds: each source and code prints at most one line per window. Default 1000. */
  intervalMs?: number;
  /** The clock, in milliseconds. Default `performance.now()`. */
  now?: () => number;
  /**
   * Runs `callback` once, `delayMs` from now, so that the count of what a window suppressed is
   * printed even when no error of that kind comes again (Node's platform passes an unref'd
   * `setTimeout`, which never keeps the process alive). Default none: the count is then printed
   * with the next error of that source and code after its window.
   */
  setTimer?: (callback: () => void, delayMs: number) => void;
}

/** One (source, code): when its window began, and what it suppressed so far. */
interface Window {
  start: number;
  suppressed: number;
  /** The last error suppressed, and when. */
  last: GdnetError | null;
  lastAt: number;
}

/** 1234567 -> "1,234,567": a count that reads at a glance, the same in every locale. */
function grouped(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * Prints errors as `gdnet: CODE: message` lines, at most one line per window (a second by
 * default) for each source and error code; what a window suppresses is counted, and printed as one
 * line when the window ends. An attacker's flood of bad packets then costs about one line a second
 * per object and code instead of one line a packet: output, and the memory a blocked stderr pipe
 * buffers, stay bounded however fast errors come.
 *
 * State is a WeakMap per source object (a closed peer frees its entry) holding a Map per error
 * code, so memory is bounded by the live sources times the few dozen codes. Errors without a
 * source share one key per code.
 */
export class ErrorThrottle {
  readonly #write: (line: string) => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #setTimer: ((callback: () => void, delayMs: number) => void) | undefined;
  readonly #bySource = new WeakMap<object, Map<GdnetErrorCode, Window>>();

  /** `write` gets each line, without a trailing newline. */
  constructor(write: (line: string) => void, options: ErrorThrottleOptions = {}) {
    this.#write = write;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#setTimer = options.setTimer;
  }

  /** Prints `error` now, or counts it when its source and code already printed a line in this window. */
  // Errors without a source are keyed on the throttle itself: any object unique to it would do.
  print(error: GdnetError, source: object = this): void {
    const now = this.#now();
    let codes = this.#bySource.get(source);
    if (!codes) {
      codes = new Map();
      this.#bySource.set(source, codes);
    }
    const window = codes.get(error.code);
    const ended = window !== undefined && now - window.start >= this.#intervalMs;
    if (!window || (ended && !window.last)) {
      codes.set(error.code, { start: now, suppressed: 0, last: null, lastAt: now });
      this.#write(`gdnet: ${error.code}: ${error.message}`);
      return;
    }
    // The count is its window's one line, so this error opens the next count: still one line a window.
    if (ended) this.#summarize(window, now);
    if (!window.last) {
      const start = window.start;
      // The start tells a due timer from one whose count a late timer left to this method.
      this.#setTimer?.(() => window.start === start && this.#summarize(window, this.#now()), start + this.#intervalMs - now);
    }
    window.suppressed++;
    window.last = error;
    window.lastAt = now;
  }

  /** Prints the count of `window`, if it has one, and starts its next window at `now`. */
  #summarize(window: Window, now: number): void {
    const last = window.last;
    if (!last) return;
    const seconds = ((window.lastAt - window.start) / 1000).toFixed(1);
    this.#write(
      `gdnet: ${last.code}: ${grouped(window.suppressed)} more like this in ${seconds} s not printed; the last: ${last.message}`,
    );
    window.start = now;
    window.suppressed = 0;
    window.last = null;
  }
}
