// Idle memory per connection: a server in a child process (so the clients' memory does not
// count) takes 2,000 WebSocket connections that then sit idle; the figure is its heap + external
// memory after a full GC, with the connections minus without, divided by 2,000. gdnet's
// WebSocketServer (polled by autoPoll) beside a raw ws WebSocketServer.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import type { Workload } from "./harness.js";

const CONNECTIONS = 2_000;
const BATCH = 200;
const WARM_UP = 200;
const SERVER = fileURLToPath(new URL("./memory-server.ts", import.meta.url));

interface Report {
  port?: number;
  connections?: number;
  heap?: number;
  rss?: number;
}

function next(child: ChildProcess): Promise<Report> {
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve(message as Report));
    child.once("exit", (code) => reject(new Error(`memory server exited with ${code}`)));
  });
}

async function perConnection(kind: "gdnet" | "ws"): Promise<number> {
  const child = fork(SERVER, [kind], { execArgv: ["--import", "tsx", "--expose-gc"], stdio: "inherit" });
  try {
    const { port } = await next(child);
    const open = async (count: number): Promise<WebSocket[]> => {
      const clients: WebSocket[] = [];
      for (let i = 0; i < count; i += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, count - i) }, () => {
          return new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
        });
        await Promise.all(batch.map((ws) => new Promise((resolve) => ws.once("open", resolve))));
        clients.push(...batch);
      }
      return clients;
    };
    const settled = async (connections: number): Promise<Report> => {
      let report: Report;
      do {
        child.send({ type: "measure" });
        report = await next(child);
      } while (report.connections !== connections);
      return report;
    };
    // Warm up first, so the baseline already holds the compiled code and the servers' one-time
    // structures: only what each connection keeps is counted.
    const warm = await open(WARM_UP);
    await settled(WARM_UP);
    for (const ws of warm) ws.close();
    await Promise.all(warm.map((ws) => new Promise((resolve) => ws.once("close", resolve))));
    const before = await settled(0);
    const clients = await open(CONNECTIONS);
    const after = await settled(CONNECTIONS);
    for (const ws of clients) ws.terminate();
    return ((after.heap ?? 0) - (before.heap ?? 0)) / CONNECTIONS;
  } finally {
    child.kill();
  }
}

export const idleMemory: Workload = {
  name: `idle memory per connection, ${CONNECTIONS.toLocaleString("en-US")} connections (heap + external after GC)`,
  unit: "bytes",
  lowerIsBetter: true,
  rounds: 3,
  subjects: [
    { name: "gdnet WebSocketServer", run: () => perConnection("gdnet") },
    { name: "raw ws WebSocketServer", run: () => perConnection("ws") },
  ],
};
