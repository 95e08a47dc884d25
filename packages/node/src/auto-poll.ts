import { autoPollWith, type Pollable } from "@gdnet/core";

/** Options of {@link autoPoll} in Node. */
export interface AutoPollOptions {
  /**
   * Also poll on this timer, in milliseconds, for heartbeats and timeouts (default 50). Arrivals
   * are polled at once, whatever the interval.
   */
  intervalMs?: number;
}

/**
 * Polls `targets` for you in Node: right after anything arrives (on the next turn of the event
 * loop), and every `intervalMs`. Handlers still run inside `poll()`. Returns a stop function.
 */
export function autoPoll(targets: Pollable | readonly Pollable[], options: AutoPollOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 50;
  return autoPollWith(
    {
      every: (poll) => {
        const timer = setInterval(poll, intervalMs);
        return () => clearInterval(timer);
      },
      soon: (poll) => setImmediate(poll),
    },
    targets,
  );
}
