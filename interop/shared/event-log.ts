// The "GDNET {json}" events a run reports, and waiting for them: one mechanism for the Godot 3.2
// processes (godot3/godot3.ts) and the Godot 4.6 page runs (godot4/godot4.ts).

/** One result line of a scenario: `{"event": "...", ...fields}`. */
export interface GodotEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Options of {@link EventLog.waitFor}. */
export interface WaitOptions {
  /** Only an event for which this holds counts. */
  match?: (event: GodotEvent) => boolean;
  /** Give up after this long (default: until the run ends, which the hard timeout bounds). */
  timeoutMs?: number;
}

/**
 * The events of one run so far, and the listeners waiting on them. A subclass pushes onto
 * `events`, calls `notify()` when something arrived or the run ended, and says whether it ended.
 */
export abstract class EventLog {
  /** Every `GDNET` line so far, parsed, in order. */
  readonly events: GodotEvent[] = [];
  readonly #listeners = new Set<() => void>();
  /** Who reports, for messages (`Godot scenario "ws_client"`, "gdnet server"). */
  readonly #subject: string;
  /** How its end reads in messages ("exited", "ended"). */
  readonly #endVerb: string;

  constructor(subject: string, endVerb: string) {
    this.#subject = subject;
    this.#endVerb = endVerb;
  }

  /** The result once the run has ended, else null. */
  abstract get result(): object | null;

  /** A digest of the run for failure messages. */
  abstract explain(): string;

  /** The first event named `event` (for which `match` holds), if it arrived. */
  find(event: string, match: (e: GodotEvent) => boolean = () => true): GodotEvent | undefined {
    return this.events.find((e) => e.event === event && match(e));
  }

  /** Every event named `event`, in order. */
  all(event: string): GodotEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /**
   * Resolves with the first event named `event` (matching `options.match`), whether it already
   * arrived or arrives later. Rejects, with what the run printed, when it ends first or
   * `options.timeoutMs` passes.
   */
  waitFor(event: string, options: WaitOptions = {}): Promise<GodotEvent> {
    const match = options.match ?? (() => true);
    return new Promise<GodotEvent>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (settle: () => void): void => {
        this.removeListener(check);
        if (timer) clearTimeout(timer);
        settle();
      };
      const check = (): void => {
        const found = this.find(event, match);
        if (found) finish(() => resolve(found));
        else if (this.result)
          finish(() => reject(new Error(`${this.#subject} ${this.#endVerb} before "${event}".\n${this.explain()}`)));
      };
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(
          () =>
            finish(() =>
              reject(new Error(`No "${event}" from ${this.#subject} within ${options.timeoutMs} ms.\n${this.explain()}`)),
            ),
          options.timeoutMs,
        );
      }
      this.addListener(check);
      check();
    });
  }

  /** Calls `listener` at every `notify()` until removed. */
  protected addListener(listener: () => void): void {
    this.#listeners.add(listener);
  }

  protected removeListener(listener: () => void): void {
    this.#listeners.delete(listener);
  }

  /** Something arrived or the run ended: every listener looks again. */
  protected notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
