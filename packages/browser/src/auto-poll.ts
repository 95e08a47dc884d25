import { autoPollWith, type Pollable } from "@gdnet/core";

/** Options of {@link autoPoll} in the browser. */
export interface AutoPollOptions {
  /**
   * "frame" (default): poll once per animation frame, like a game loop (paused in background tabs,
   * as Godot's web export is). "activity": poll as soon as something arrives, plus every
   * `intervalMs`; keeps running in background tabs, at the browser's timer rate.
   */
  mode?: "frame" | "activity";
  /** Timer interval of "activity" mode, in milliseconds (default 50). */
  intervalMs?: number;
}

/** Polls `targets` for you; handlers still run inside `poll()`. Returns a function that stops it. */
export function autoPoll(targets: Pollable | readonly Pollable[], options: AutoPollOptions = {}): () => void {
  if ((options.mode ?? "frame") === "frame" && typeof requestAnimationFrame === "function") {
    return autoPollWith(
      {
        every: (poll) => {
          let handle = 0;
          const frame = (): void => {
            poll();
            handle = requestAnimationFrame(frame);
          };
          handle = requestAnimationFrame(frame);
          return () => cancelAnimationFrame(handle);
        },
      },
      targets,
    );
  }
  const intervalMs = options.intervalMs ?? 50;
  return autoPollWith(
    {
      every: (poll) => {
        const timer = setInterval(poll, intervalMs);
        return () => clearInterval(timer);
      },
      soon: (poll) => queueMicrotask(poll),
    },
    targets,
  );
}
