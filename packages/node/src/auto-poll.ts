import { autoPollWith, type Pollable } from "@gdnet/core";

/** Options of {@link autoPoll} in Node. */
export interface AutoPollOptions {
  /**
   * Also poll on this timer, in milliseconds, for heartbeats and timeouts (default 50). Arrivals
   * are polled at once, whatever the interval.
   */
  intervalMs?: number;
}

// True while any autoPoll's poll runs on process.nextTick (see below). One flag for every
// autoPoll, so that two of them whose polls wake each other cannot bounce on nextTick either.
let inTickPoll = false;

function tickPoll(poll: () => void): void {
  inTickPoll = true;
  try {
    poll();
  } finally {
    inTickPoll = false;
  }
}

/**
 * Polls `targets` for you in Node: right after the callback in which something arrived, and
 * every `intervalMs`. Handlers still run inside `poll()`. Returns a stop function.
 */
export function autoPoll(targets: Pollable | readonly Pollable[], options: AutoPollOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 50;
  // An arrival is polled on process.nextTick, as soon as the socket callback that brought it
  // returns, rather than a whole event-loop turn later (setImmediate): a reply then leaves while
  // the other side is still reading, and 16 KiB echoes run about 10 % faster (bench/RESULTS.md).
  // A wake raised while a poll runs (an in-process peer answering at once) waits for
  // setImmediate, so a chain of them cannot starve the event loop's I/O.
  return autoPollWith(
    {
      every: (poll) => {
        const timer = setInterval(poll, intervalMs);
        return () => clearInterval(timer);
      },
      soon: (poll) => {
        if (inTickPoll) setImmediate(poll);
        else process.nextTick(tickPoll, poll);
      },
    },
    targets,
  );
}
