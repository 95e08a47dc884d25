import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full GC on demand, without starting the test process with --expose-gc.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** The heap in use after full collections: what is really kept, not garbage waiting. */
export function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}
