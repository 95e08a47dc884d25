/** Anything with a `poll()`: every gdnet peer, client and server. */
export interface Pollable {
  poll(): void;
  setWakeHandler?(handler: (() => void) | null): void;
}

/** How `autoPoll` schedules polls; the browser and node packages provide one. */
export interface PollScheduler {
  /** Calls `poll` regularly (every frame, or on a timer); returns a function that stops it. */
  every(poll: () => void): () => void;
  /** Calls `poll` soon, once (coalescing calls made before it runs). Absent: no polling on activity. */
  soon?(poll: () => void): void;
}

/**
 * Polls `targets` for you: on the scheduler's clock, and as soon as something arrives when the
 * scheduler can do that. Handlers still run inside `poll()`, so the poll contract holds.
 * Returns a function that stops polling.
 */
export function autoPollWith(scheduler: PollScheduler, targets: Pollable | readonly Pollable[]): () => void {
  const list: readonly Pollable[] = Array.isArray(targets) ? targets : [targets as Pollable];
  let stopped = false;
  let scheduled = false;
  const pollAll = (): void => {
    scheduled = false;
    if (stopped) return;
    for (const target of list) target.poll();
  };
  const soon = scheduler.soon;
  if (soon) {
    const onWake = (): void => {
      if (scheduled || stopped) return;
      scheduled = true;
      soon(pollAll);
    };
    for (const target of list) target.setWakeHandler?.(onWake);
  }
  const stopTimer = scheduler.every(pollAll);
  return () => {
    stopped = true;
    stopTimer();
    if (soon) for (const target of list) target.setWakeHandler?.(null);
  };
}
