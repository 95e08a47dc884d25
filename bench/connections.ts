// Cost that grows with connections, not with work. A server runs alone in a child process (so
// only its own work is measured): the Godot 4 relay (RelayServer, what `gdnet relay` runs), the
// Godot 3 relay (RelayServer3) and, as the baseline, the echo server (EchoServer). A second child
// process opens N idle connections with raw `ws` clients that speak just enough of the protocol
// to be admitted and count what they receive (CONN_IDLE=gdnet uses gdnet clients instead: with
// the clients in their own process the server's figures come out the same). Two active raw ws
// clients in this process join first and send each other a packet 20 times a second through the
// server (the echo server sends it back to its sender), stamped with performance.now(): the
// one-way delivery latency, while the others join and then while they idle.
//
// Figures, per server and N: time to connect the N clients (until each has its id, and until
// every SYS ADD announcement has arrived: joins are announced to every peer, O(N) per join), the
// server's and the clients' CPU time for it (wall time swings with the machine's load, CPU time
// much less), the server's RSS and heap + external after GC, and while N connections idle: the
// server's CPU per second, its polls per second and the time each takes (autoPoll's poll of the
// server object, timed by wrapping it), and the p50/p99/max delivery latency.
//
//   npx tsx bench/connections.ts [relay4] [relay3] [echo]      (default: all three)
//   CONN_N=800,3000    idle connection counts, ascending (each phase adds clients to the last)
//   CONN_SECONDS=10    length of each idle phase;  CONN_HZ=20  packets/s per active client
//   CONN_CONCURRENCY=64  handshakes in flight;  CONN_TIMEOUT=240  seconds a join phase may take
//   CONN_IDLE=gdnet    relay4 only: the idle clients are gdnet WebSocketMultiplayerPeer +
//                      SceneMultiplayer clients under autoPoll (default: raw ws clients)
//   CONN_PROFILE=dir   CPU-profile the server in each phase (dir/<server>-<phase>-<N>.cpuprofile)
//                      and print its top self times, mapped to packages/*/src by the source maps
// The server has the `gdnet relay` command's connection and rate limits (4,096 connections,
// 5,000 messages/s), but no per-IP or per-session cap: every client comes from loopback, and the
// point is one session of N players.
// Loopback only; servers listen on port 0. A join phase that fails (the server closes a client)
// ends that server's run: the clients' process would still be connecting during the idle phase.

import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve } from "node:path";
import { performance as perfHooks } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  autoPoll,
  EchoServer,
  type GdnetError,
  RelayServer,
  RelayServer3,
  SceneMultiplayer,
  setErrorPrinter,
  WebSocketMultiplayerPeer,
} from "gdnet";
import { WebSocket } from "ws";

type Kind = "relay4" | "relay3" | "echo";
const KINDS: Record<Kind, string> = {
  relay4: "RelayServer (Godot 4)",
  relay3: "RelayServer3 (Godot 3)",
  echo: "EchoServer (baseline)",
};
const SELF = fileURLToPath(import.meta.url);
const LIMITS = { maxConnections: 4096, maxMessagesPerSecond: 5000 };
const ACTIVE = 2;
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

type Message = { type: string; [key: string]: unknown };

function send(message: Message): void {
  process.send?.(message);
}

/** Sends `message` to `child` and resolves with its next reply of type `reply`. */
function ask<T>(child: ChildProcess, message: Message, reply: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Message): void => {
      if (m.type !== reply) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null): void => {
      child.off("message", onMessage);
      reject(new Error(`child exited with ${code} while waiting for ${reply}`));
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(message);
  });
}

/** Messages an idle client receives once K clients are connected (none leave): ids and SYS ADDs. */
function perClient(kind: Kind, connected: number): number {
  if (kind === "relay4") return connected; // its id (4 bytes), then ADD_PEER for each other client
  if (kind === "relay3") return connected + 1; // SYS_ID, SYS_ADD 1, then SYS_ADD for each other client
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The server process.

async function serverRole(kind: Kind): Promise<void> {
  let errors = 0;
  setErrorPrinter((error: GdnetError) => {
    if (++errors <= 5) process.stderr.write(`server: ${error.code}: ${error.message}\n`);
  });
  let url: string;
  let peers: () => number;
  let polled: { poll(): void };
  const options = { port: 0, host: "127.0.0.1", limits: LIMITS };
  if (kind === "relay4") {
    const relay = new RelayServer(options);
    url = await relay.start();
    peers = () => relay.peerCount;
    polled = relay.multiplayer;
  } else if (kind === "relay3") {
    const relay = new RelayServer3(options);
    url = await relay.start();
    peers = () => relay.peerCount;
    polled = relay.multiplayer;
  } else {
    const echo = new EchoServer(options);
    url = await echo.start();
    peers = () => echo.server.getPeerIds().length;
    polled = echo.server;
  }
  // Counts the polls autoPoll makes (it looks poll() up on the object at each call) and the time
  // they take: what a poll costs with nothing or little to do is the figure that must not grow with N.
  const poll = polled.poll.bind(polled);
  let polls = 0;
  let pollMs = 0;
  polled.poll = () => {
    const start = performance.now();
    poll();
    pollMs += performance.now() - start;
    polls++;
  };
  let session: import("node:inspector/promises").Session | null = null;
  process.on("message", async (m: Message) => {
    if (m.type === "stats") {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (m.gc) for (let i = 0; i < 3; i++) gc?.();
      const memory = process.memoryUsage();
      const elu = perfHooks.eventLoopUtilization();
      send({ type: "stats", memory, cpu: process.cpuUsage(), elu, peers: peers(), errors, polls, pollMs, at: performance.now() });
    } else if (m.type === "profile-start") {
      const { Session } = await import("node:inspector/promises");
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 250 });
      await session.post("Profiler.start");
      send({ type: "profile-started" });
    } else if (m.type === "profile-stop") {
      const { profile } = (await session?.post("Profiler.stop")) ?? {};
      session?.disconnect();
      session = null;
      writeFileSync(m.file as string, JSON.stringify(profile));
      send({ type: "profile-stopped" });
    }
  });
  send({ type: "listening", url });
}

// ---------------------------------------------------------------------------------------------
// The idle clients' process: raw ws clients that only count what they receive.

function clientsRole(kind: Kind): void {
  const sockets: WebSocket[] = [];
  let messages = 0;
  let withId = 0;
  let errors = 0;
  /** Clients the server closed, and the first close code and reason. */
  let closed = 0;
  let firstClose = "";
  let check = (): void => {};
  const hasId = new WeakSet<WebSocket>();
  const gdnet = process.env.CONN_IDLE === "gdnet" && kind === "relay4";
  if (gdnet) setErrorPrinter(null);
  const gdnetClients: SceneMultiplayer[] = [];
  function onMessage(this: WebSocket): void {
    messages++;
    if (!hasId.has(this)) {
      hasId.add(this);
      withId++;
    }
    check();
  }
  process.on("message", async (m: Message) => {
    if (m.type === "connect") {
      const { url, count, expected, concurrency, timeoutMs } = m as unknown as {
        url: string;
        count: number;
        expected: number;
        concurrency: number;
        timeoutMs: number;
      };
      const start = performance.now();
      const cpu = process.cpuUsage();
      const target = sockets.length + gdnetClients.length + count;
      let idsMs = -1;
      let settledMs = -1;
      let opened = sockets.length + gdnetClients.length;
      const done = new Promise<void>((resolve) => {
        check = () => {
          const ids = kind === "echo" ? opened : withId;
          if (idsMs < 0 && ids >= target) idsMs = performance.now() - start;
          // A client the server closed (1008 "Outbound buffer full": too many announcements at
          // once) never gets the rest: the phase has failed, no use waiting for the timeout.
          if (closed > 0 || (idsMs >= 0 && messages >= expected)) {
            if (closed === 0) settledMs = performance.now() - start;
            check = () => {};
            resolve();
          }
        };
      });
      let launched = 0;
      const launch = (): void => {
        if (gdnet) {
          launchGdnet();
          return;
        }
        while (launched < count && sockets.length - opened < concurrency) {
          launched++;
          const ws = new WebSocket(url, { perMessageDeflate: false });
          sockets.push(ws);
          ws.on("message", onMessage);
          ws.on("error", () => errors++);
          ws.once("close", (code: number, reason: Buffer) => {
            if (closed++ === 0) firstClose = `${code} ${reason.toString()}`;
            check();
          });
          ws.once("open", () => {
            opened++;
            launch();
            check();
          });
        }
      };
      // gdnet clients: each one's id is its connected_to_server, and every peer_connected
      // (the server's, then one per other client) counts as a message, as the raw clients count
      // the id message and the ADD_PEERs.
      let gdnetOpen = 0;
      const launchGdnet = (): void => {
        while (launched < count && launched - gdnetOpen < concurrency) {
          launched++;
          const peer = new WebSocketMultiplayerPeer();
          const api = new SceneMultiplayer();
          api.on("connected_to_server", () => {
            gdnetOpen++;
            opened++;
            withId++;
            launchGdnet();
            check();
          });
          api.on("peer_connected", () => {
            messages++;
            check();
          });
          api.on("server_disconnected", () => {
            if (closed++ === 0) firstClose = "server_disconnected";
            check();
          });
          peer.createClient(url);
          api.multiplayerPeer = peer;
          autoPoll(api);
          gdnetClients.push(api);
        }
      };
      launch();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([done, timeout]);
      check = () => {};
      const { user, system } = process.cpuUsage(cpu);
      send({
        type: "connected",
        ...{ idsMs, settledMs, opened, withId, messages, expected, errors, closed, firstClose },
        cpuMs: (user + system) / 1000,
      });
    }
  });
  send({ type: "ready" });
}

// ---------------------------------------------------------------------------------------------
// The active clients (in this process) and their latency.

/** A raw ws client speaking `kind`'s framing; it records the latency of each stamped packet it receives. */
class Active {
  readonly ws: WebSocket;
  id = 0;
  /** Messages that were not data: ids and announcements. */
  control = 0;
  readonly latencies: number[] = [];
  readonly #kind: Kind;

  constructor(kind: Kind, url: string) {
    this.#kind = kind;
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on("message", (data: Buffer) => this.#onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
  }

  /** Sends a stamped packet to `to` (for echo: back to itself). */
  sendTo(to: number, seq: number): void {
    const payload = new Uint8Array(16);
    const view = new DataView(payload.buffer);
    view.setFloat64(0, performance.now(), true);
    view.setUint32(8, seq, true);
    let frame: Uint8Array;
    if (this.#kind === "relay4") {
      // SYS RELAY to `to`, carrying a RAW packet (03 + payload).
      frame = new Uint8Array(6 + 1 + payload.length);
      const v = new DataView(frame.buffer);
      frame[0] = 7;
      frame[1] = 3;
      v.setInt32(2, to, true);
      frame[6] = 3;
      frame.set(payload, 7);
    } else if (this.#kind === "relay3") {
      // Header: SYS_NONE, from me, to `to`; then the payload.
      frame = new Uint8Array(9 + payload.length);
      const v = new DataView(frame.buffer);
      frame[0] = 0;
      v.setInt32(1, this.id, true);
      v.setInt32(5, to, true);
      frame.set(payload, 9);
    } else {
      frame = payload;
    }
    this.ws.send(frame);
  }

  #onMessage(bytes: Uint8Array): void {
    const now = performance.now();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let payloadAt = -1;
    if (this.#kind === "relay4") {
      if (this.id === 0 && bytes.length === 4) this.id = view.getInt32(0, true);
      else if (bytes[0] === 7 && bytes[1] === 3 && bytes[6] === 3) payloadAt = 7;
    } else if (this.#kind === "relay3") {
      if (bytes[0] === 3) this.id = view.getInt32(9, true);
      else if (bytes[0] === 0) payloadAt = 9;
    } else {
      payloadAt = 0;
    }
    if (payloadAt < 0) {
      this.control++;
      return;
    }
    this.latencies.push(now - view.getFloat64(payloadAt, true));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

// ---------------------------------------------------------------------------------------------
// Profiles: self time by function, mapped from dist/*.js to packages/*/src/*.ts.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | null>();
function location(frame: ProfileNode["callFrame"]): string {
  const { url, lineNumber, columnNumber } = frame;
  if (!url) return "";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  let map = maps.get(path);
  if (map === undefined) {
    try {
      map = path.includes("/packages/") ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8"))) : null;
    } catch {
      map = null;
    }
    maps.set(path, map);
  }
  const entry = map?.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) {
    const original = entry.originalSource;
    const source = original.startsWith("file://") ? fileURLToPath(original) : resolve(dirname(path), original);
    return `${source.replace(/^.*\/packages\//, "packages/")}:${(entry.originalLine ?? 0) + 1}`;
  }
  return `${path.replace(/^.*\/node_modules\//, "").replace(/^.*\/packages\//, "packages/")}:${lineNumber + 1}`;
}

function summarize(file: string, top = 14): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const label = (n: ProfileNode): string => {
    const where = location(n.callFrame);
    return `${n.callFrame.functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const paths = new Map<string, Map<string, number>>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id) as ProfileNode;
    const key = label(node);
    if (node.callFrame.functionName === "(idle)") continue;
    busy += us;
    self.set(key, (self.get(key) ?? 0) + us);
    const seen = new Set<string>();
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at) as ProfileNode;
      const k = label(n);
      if (n.callFrame.functionName !== "(root)") chain.push(n.callFrame.functionName || "(anonymous)");
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
    const path = chain.slice(1, 7).join(" < ");
    const forKey = paths.get(key) ?? new Map<string, number>();
    forKey.set(path, (forKey.get(path) ?? 0) + us);
    paths.set(key, forKey);
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  const lines = [`  ${file}: ${wall.toFixed(0)} ms profiled, ${(busy / 1000).toFixed(0)} ms not idle`];
  lines.push("  self ms   self %  total ms  function (source)   <- heaviest callers");
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) {
    const [path] = [...(paths.get(key) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0] ?? [""];
    lines.push(
      `  ${(us / 1000).toFixed(0).padStart(7)}  ${((100 * us) / busy).toFixed(1).padStart(6)}%  ${((total.get(key) ?? 0) / 1000).toFixed(0).padStart(8)}  ${key}${path ? `   <- ${path}` : ""}`,
    );
  }
  const gdnet = [...total].filter(([k]) => k.includes("packages/")).sort((a, b) => b[1] - a[1]);
  lines.push("  gdnet functions by total (inclusive) ms:");
  for (const [key, us] of gdnet.slice(0, top)) lines.push(`  ${(us / 1000).toFixed(0).padStart(8)}  ${key}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The driver.

interface Stats {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
  elu: { idle: number; active: number };
  peers: number;
  errors: number;
  polls: number;
  pollMs: number;
  at: number;
}
interface Connected {
  idsMs: number;
  settledMs: number;
  opened: number;
  withId: number;
  messages: number;
  expected: number;
  errors: number;
  closed: number;
  firstClose: string;
  /** The clients' process CPU time for the phase. */
  cpuMs: number;
}
interface Row {
  kind: Kind;
  n: number;
  joinIdsMs: number;
  joinAllMs: number;
  /** Server and clients' process CPU time spent from 0 to n connections. */
  joinCpuMs: number;
  joinClientsCpuMs: number;
  /** Delivery latency between the active clients while the others join. */
  joinP50: number;
  joinP99: number;
  rss: number;
  heap: number;
  cpuMsPerS: number;
  elu: number;
  pollsPerS: number;
  usPerPoll: number;
  p50: number;
  p99: number;
  max: number;
  samples: number;
  sent: number;
  note: string;
  failed: boolean;
  /** The server's RSS and heap + external after GC with no connection. */
  baseRss: number;
  baseHeap: number;
}

/** Both active clients send `hz` packets/s to each other (echo: to themselves) until the returned stop(). */
function traffic(actives: Active[], hz: number): () => Promise<{ latencies: number[]; sent: number }> {
  for (const a of actives) a.latencies.length = 0;
  let sent = 0;
  const timers: NodeJS.Timeout[] = [];
  actives.forEach((a, i) => {
    const other = actives[(i + 1) % actives.length] as Active;
    // The second client starts half a period later.
    const delay = setTimeout(
      () => timers.push(setInterval(() => a.sendTo(other.id, sent++), 1000 / hz)),
      (i * 1000) / hz / actives.length,
    );
    timers.push(delay);
  });
  return async () => {
    for (const t of timers) clearInterval(t);
    // What is still on its way gets a moment to arrive (and counts as late, not as lost).
    const deadline = performance.now() + 5000;
    while (actives.reduce((sum, a) => sum + a.latencies.length, 0) < sent && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { latencies: actives.flatMap((a) => a.latencies).sort((a, b) => a - b), sent };
  };
}

async function measureKind(kind: Kind, counts: number[], profileDir: string | null): Promise<Row[]> {
  const seconds = env("CONN_SECONDS", 10);
  const hz = env("CONN_HZ", 20);
  const concurrency = env("CONN_CONCURRENCY", 64);
  const timeoutMs = env("CONN_TIMEOUT", 240) * 1000;
  const server = fork(SELF, ["--server", kind], { execArgv: ["--import", "tsx", "--expose-gc"], stdio: "inherit" });
  const clients = fork(SELF, ["--clients", kind], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const rows: Row[] = [];
  const actives: Active[] = [];
  try {
    const [{ url }] = await Promise.all([
      new Promise<{ url: string }>((resolve) => server.once("message", (m) => resolve(m as unknown as { url: string }))),
      new Promise((resolve) => clients.once("message", resolve)),
    ]);
    const stats = (gc = false): Promise<Stats> => ask<Stats>(server, { type: "stats", gc }, "stats");
    const cpuMs = (a: Stats, b: Stats): number => (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000;
    const base = await stats(true);
    const profile = async <T>(phase: string, n: number, run: () => Promise<T>): Promise<T> => {
      if (!profileDir) return run();
      const file = `${profileDir}/${kind}-${phase}-${n}.cpuprofile`;
      await ask(server, { type: "profile-start" }, "profile-started");
      try {
        return await run();
      } finally {
        await ask(server, { type: "profile-stop", file }, "profile-stopped");
        process.stderr.write(`${summarize(file)}\n`);
      }
    };
    // The two active clients join first and stay: they hear of every later join, as idle ones do.
    for (let i = 0; i < ACTIVE; i++) actives.push(new Active(kind, url));
    await Promise.all(actives.map((a) => a.open()));
    let idle = 0;
    let elapsedIds = 0;
    let elapsedAll = 0;
    let joinCpuMs = 0;
    let joinClientsCpuMs = 0;
    for (const n of counts) {
      // Join: n - idle more idle clients (timed in the clients' process), the active ones talking.
      process.stderr.write(`connections: ${kind}: connecting ${idle} -> ${n} idle clients ...\n`);
      const total = n + ACTIVE;
      const beforeJoin = await stats();
      const joining = traffic(actives, hz);
      const join = await profile("join", n, () =>
        ask<Connected>(
          clients,
          { type: "connect", url, count: n - idle, expected: n * perClient(kind, total), concurrency, timeoutMs },
          "connected",
        ),
      );
      const failed = join.settledMs < 0;
      const deadline = performance.now() + (failed ? 0 : timeoutMs);
      while (actives.some((a) => a.control < perClient(kind, total)) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const duringJoin = await joining();
      const afterJoin = await stats();
      joinCpuMs += cpuMs(beforeJoin, afterJoin);
      joinClientsCpuMs += join.cpuMs;
      let note = "";
      if (join.settledMs < 0) {
        note =
          join.closed > 0
            ? `join failed: the server closed ${join.closed} clients (first: ${join.firstClose}); ${join.messages}/${join.expected} messages`
            : `join timed out: ${join.withId}/${n} ids, ${join.messages}/${join.expected} messages`;
        process.stderr.write(`connections: ${kind}: ${note}\n`);
      }
      if (join.errors > 0) note += ` ${join.errors} client errors`;
      elapsedIds += join.idsMs < 0 ? Number.NaN : join.idsMs;
      elapsedAll += join.settledMs < 0 ? Number.NaN : join.settledMs;
      idle = n;
      const memory = await stats(true);
      // Idle with traffic.
      const before = await stats();
      const quiet = await profile("idle", n, async () => {
        const stop = traffic(actives, hz);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        return stop();
      });
      const after = await stats();
      const wallS = (after.at - before.at) / 1000;
      const active = after.elu.active - before.elu.active;
      const eluIdle = after.elu.idle - before.elu.idle;
      const { latencies, sent } = quiet;
      if (after.errors > 0) note += ` ${after.errors} server errors`;
      if (latencies.length < sent) note += ` ${sent - latencies.length} of ${sent} packets not delivered`;
      rows.push({
        kind,
        n,
        joinIdsMs: elapsedIds,
        joinAllMs: elapsedAll,
        joinCpuMs,
        joinClientsCpuMs,
        joinP50: percentile(duringJoin.latencies, 50),
        joinP99: percentile(duringJoin.latencies, 99),
        rss: memory.memory.rss,
        heap: memory.memory.heapUsed + memory.memory.external,
        cpuMsPerS: cpuMs(before, after) / wallS,
        elu: active / (active + eluIdle),
        pollsPerS: (after.polls - before.polls) / wallS,
        usPerPoll: (1000 * (after.pollMs - before.pollMs)) / (after.polls - before.polls),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
        samples: latencies.length,
        sent,
        note: note.trim(),
        failed,
        baseRss: base.memory.rss,
        baseHeap: base.memory.heapUsed + base.memory.external,
      });
      if (failed) break;
    }
  } finally {
    for (const a of actives) a.ws.terminate();
    clients.kill();
    server.kill();
  }
  return rows;
}

function table(rows: Row[]): string {
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const s = (ms: number): string => (Number.isNaN(ms) ? "timeout" : `${(ms / 1000).toFixed(2)} s`);
  const lat = (ms: number): string => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);
  const lines = [
    "| server | idle conns | join to N: ids / all ADDs | CPU joining: server (clients) | p50 / p99 while joining | RSS | heap+ext | idle: server CPU | idle: polls/s, µs/poll | idle: p50 / p99 / max (delivered/sent) | note |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const join = r.kind === "echo" ? s(r.joinIdsMs) : `${s(r.joinIdsMs)} / ${s(r.joinAllMs)}`;
    // After a failed join the clients' process is still connecting: the idle figures would not be idle.
    const idle = r.failed
      ? "— | — | —"
      : `${r.cpuMsPerS.toFixed(1)} ms/s (ELU ${(100 * r.elu).toFixed(1)} %) | ${r.pollsPerS.toFixed(0)}, ${r.usPerPoll.toFixed(0)} µs | ${lat(r.p50)} / ${lat(r.p99)} / ${lat(r.max)} (${r.samples}/${r.sent})`;
    lines.push(
      `| ${KINDS[r.kind]} | ${r.n.toLocaleString("en-US")} | ${join} | ${s(r.joinCpuMs)} (${s(r.joinClientsCpuMs)}) | ${lat(r.joinP50)} / ${lat(r.joinP99)} | ${mib(r.rss)} | ${mib(r.heap)} | ${idle} | ${r.note ? r.note : ""} |`,
    );
  }
  for (const kind of new Set(rows.map((r) => r.kind))) {
    const r = rows.find((row) => row.kind === kind) as Row;
    lines.push(`\n${KINDS[kind]} with no connection: RSS ${mib(r.baseRss)}, heap+ext ${mib(r.baseHeap)} (after GC)`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kinds = (args.length > 0 ? args : Object.keys(KINDS)).filter((k): k is Kind => k in KINDS);
  const counts = (process.env.CONN_N ?? "800,3000")
    .split(",")
    .map(Number)
    .sort((a, b) => a - b);
  const profileDir = process.env.CONN_PROFILE ?? null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const rows: Row[] = [];
  const start = performance.now();
  for (const kind of kinds) rows.push(...(await measureKind(kind, counts, profileDir)));
  process.stdout.write(
    `${table(rows)}\n\nidle clients: ${process.env.CONN_IDLE === "gdnet" ? "gdnet WebSocketMultiplayerPeer + SceneMultiplayer (relay4), raw ws (others)" : "raw ws"}, in their own process; join times are cumulative from 0 (phases add clients to the previous ones, ${env("CONN_CONCURRENCY", 64)} handshakes in flight); ` +
      `latency: ${ACTIVE} raw ws clients, ${env("CONN_HZ", 20)} packets/s each, ${env("CONN_SECONDS", 10)} s; run took ${((performance.now() - start) / 1000).toFixed(0)} s\n`,
  );
  process.exit(0);
}

if (process.argv[2] === "--server") await serverRole(process.argv[3] as Kind);
else if (process.argv[2] === "--clients") clientsRole(process.argv[3] as Kind);
else await main();
