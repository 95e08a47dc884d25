// npm run bench [name...]: runs the benchmarks (or those whose name contains an argument) and
// prints medians and gdnet/peer ratios. See bench/RESULTS.md for a run on the reference machine.

import { createRequire } from "node:module";
import { dataChannelThroughput } from "./datachannel.js";
import { echoLarge, echoSmall } from "./echo.js";
import { relayFanOut } from "./fanout.js";
import { measure, printTable, type Row, type Workload } from "./harness.js";
import { idleMemory } from "./memory.js";
import { pollIdle, pollWithPackets } from "./poll-cost.js";
import { relayedRpc } from "./relay-rpc.js";
import { rpcCodec } from "./rpc-codec.js";

const workloads: Workload[] = [
  echoSmall,
  echoLarge,
  relayFanOut,
  rpcCodec,
  dataChannelThroughput,
  idleMemory,
  pollIdle,
  pollWithPackets,
  relayedRpc,
];
const filters = process.argv.slice(2);
const rows: Row[] = [];
for (const workload of workloads) {
  if (filters.length > 0 && !filters.some((f) => workload.name.includes(f))) continue;
  process.stderr.write(`bench: ${workload.name} ...\n`);
  rows.push(...(await measure(workload)));
}
process.stdout.write(`ws frame masking: ${wsMasking()} (one ws install serves every subject)\n\n${printTable(rows)}\n`);
process.exit(0);

/** Which masking ws uses: bufferutil (an optional dependency of @gdnet/node) or its JavaScript loop. */
function wsMasking(): string {
  if (process.env.WS_NO_BUFFER_UTIL) return "ws's JavaScript loop (WS_NO_BUFFER_UTIL is set)";
  const fromWs = createRequire(createRequire(import.meta.url).resolve("ws"));
  try {
    const loaded: unknown = fromWs("bufferutil");
    const { version } = fromWs("bufferutil/package.json") as { version: string };
    // bufferutil falls back to its own JavaScript when its native build does not load.
    return loaded === fromWs("bufferutil/fallback")
      ? `bufferutil ${version} (its JavaScript fallback)`
      : `bufferutil ${version} (native)`;
  } catch {
    return "ws's JavaScript loop (bufferutil not installed)";
  }
}
