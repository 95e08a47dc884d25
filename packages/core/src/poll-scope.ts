// The poll contract (docs/architecture.md): user code only runs inside poll(). This module
// counts how deep we are in poll() calls across every gdnet object, so that `callDeferred`
// can run its callbacks once the outermost poll() has returned, as Godot's call_deferred runs
// them at the end of the frame.

let depth = 0;
const deferred: Array<() => void> = [];
/** Callbacks for the end of the outermost poll after the current one (see callAfterNextPoll). */
let afterNext: Array<() => void> = [];

/**
 * Runs `body` as one poll of some object. Returns false without running it when `busy` says
 * that object is already polling: a handler that calls `poll()` again gets a no-op, not recursion.
 */
export function runPoll(owner: { polling: boolean }, body: () => void): boolean {
  if (owner.polling) return false;
  owner.polling = true;
  depth++;
  try {
    body();
  } finally {
    owner.polling = false;
    depth--;
    if (depth === 0) {
      if (deferred.length > 0) flushDeferred();
      if (afterNext.length > 0) {
        // Registered during this poll: they wait for the next one to end.
        deferred.push(...afterNext);
        afterNext = [];
      }
    }
  }
  return true;
}

/**
 * Runs `fn` when the outermost poll after the current one returns (outside any poll: when the
 * next one returns). A server uses it to close a connection only after what that connection
 * sent before has been handled, whether the application reads packets in signal handlers or
 * after `poll()` returns.
 */
export function callAfterNextPoll(fn: () => void): void {
  if (depth === 0) deferred.push(fn);
  else afterNext.push(fn);
}

/** True while some gdnet `poll()` is running (a signal handler is on the stack). */
export function isPolling(): boolean {
  return depth > 0;
}

/**
 * Godot's `call_deferred`: runs `fn` after the current `poll()` returns. The cheatsheet's advice
 * for work that must not happen inside `_on_data_received`. Called outside any poll, `fn` runs
 * in a microtask. Errors thrown by `fn` do not stop the other deferred calls; the first one is
 * rethrown after all have run.
 */
export function callDeferred(fn: () => void): void {
  if (depth === 0) {
    queueMicrotask(fn);
    return;
  }
  deferred.push(fn);
}

function flushDeferred(): void {
  // Take the batch first: a deferred call may poll() again, and that poll flushes its own batch.
  const batch = deferred.splice(0);
  let firstError: unknown;
  let failed = false;
  for (const fn of batch) {
    try {
      fn();
    } catch (error) {
      if (!failed) firstError = error;
      failed = true;
    }
  }
  if (failed) throw firstError;
}
