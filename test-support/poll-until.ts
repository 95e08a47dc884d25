import type { Pollable, SignalMap, SignalSource } from "gdnet";

/** Options of {@link pollUntil}. */
export interface PollUntilOptions {
  /**
   * Give up after this long (default 40 s): a missing event fails the test instead of hanging it.
   * Generous on purpose: on a loaded 2-core CI machine a lost loopback UDP packet costs WebRTC a
   * DTLS or SCTP retransmission with backoff; a passing test never waits for the deadline.
   */
  timeoutMs?: number;
  /** What is awaited, for the failure message. */
  what?: string;
}

/**
 * Polls `targets` on every turn of the event loop until `condition()` holds. This waits for
 * events (each turn lets sockets deliver); it never sleeps for a fixed time.
 */
export async function pollUntil(
  targets: Pollable | readonly Pollable[],
  condition: () => boolean,
  options: PollUntilOptions = {},
): Promise<void> {
  const list = Array.isArray(targets) ? targets : [targets as Pollable];
  const deadline = Date.now() + (options.timeoutMs ?? 40_000);
  for (;;) {
    for (const target of list) target.poll();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${options.what ?? "the condition"}.`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Polls until `emitter` emits `name`; resolves with the signal's arguments. */
export async function nextSignal<S extends SignalMap, K extends keyof S & string>(
  emitter: SignalSource<S>,
  name: K,
  targets: Pollable | readonly Pollable[],
  options: PollUntilOptions = {},
): Promise<S[K]> {
  let args: S[K] | undefined;
  const handler = (...received: S[K]): void => {
    args ??= received;
  };
  emitter.on(name, handler);
  try {
    await pollUntil(targets, () => args !== undefined, { what: `signal "${name}"`, ...options });
  } finally {
    emitter.off(name, handler);
  }
  return args as S[K];
}
