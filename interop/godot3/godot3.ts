// Runs the real Godot 3.2 headless binary (godot3-server) on the project in ./project, one
// scenario per process, and reads the "GDNET {json}" lines it prints. See interop/README.md.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe } from "vitest";
import { EventLog, type GodotEvent } from "../shared/event-log.js";

export type { GodotEvent, WaitOptions } from "../shared/event-log.js";
export * from "./packets.js";

/** The Godot project every scenario runs in. */
export const PROJECT_DIR = fileURLToPath(new URL("./project/", import.meta.url));

/** Prefix of the result lines scenarios print (main.gd `report`). */
const PREFIX = "GDNET ";

/** Godot's self-timeout when a run does not set one (GDNET_TIMEOUT), in seconds. */
export const DEFAULT_GODOT_TIMEOUT_S = 10;

/** The hard kill comes this long after Godot's own self-timeout should have ended the run. */
const KILL_GRACE_MS = 5_000;

/** How a run (of Godot, or of a gdnet child process) ended. */
export interface GodotResult {
  /** The exit code (null when the process was killed or never started). */
  readonly code: number | null;
  /** The signal that killed it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** True when the hard timeout killed it. */
  readonly killed: boolean;
  /** Every `GDNET` line, parsed, in order. */
  readonly events: readonly GodotEvent[];
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runGodot} and {@link startGodot}. */
export interface GodotRunOptions {
  /** The scenario's arguments (its `args` dictionary), JSON-encoded into GDNET_ARGS. */
  args?: Record<string, unknown>;
  /** More environment variables for the Godot process. */
  env?: Record<string, string>;
  /** Godot's self-timeout in seconds (default 10): past it the scenario fails with exit code 3. */
  timeoutS?: number;
  /** Kill the process after this many ms whatever happens (default: self-timeout + 5 s). */
  killAfterMs?: number;
}

// --- finding the binary -------------------------------------------------------------------------

/** Where the Godot 3.2 binary is, or why there is none. */
export interface GodotBinary {
  readonly path: string | null;
  /** Why `path` is null, for the skip or failure message. */
  readonly problem: string;
}

const INSTALL_HINT =
  "Install it with `sudo apt-get install godot3-server` (Debian/Ubuntu), or set GODOT3_BIN to a Godot 3.2.x headless binary.";

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

let binaryCache: GodotBinary | undefined;

/** Finds the binary: `GODOT3_BIN` when set (and then only it), else `godot3-server` on PATH. */
export function findGodot3(): GodotBinary {
  if (binaryCache) return binaryCache;
  const fromEnv = process.env.GODOT3_BIN;
  if (fromEnv) {
    binaryCache = isExecutableFile(fromEnv)
      ? { path: fromEnv, problem: "" }
      : { path: null, problem: `GODOT3_BIN=${fromEnv} is not an executable file.` };
    return binaryCache;
  }
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "godot3-server");
    if (isExecutableFile(candidate)) {
      binaryCache = { path: candidate, problem: "" };
      return binaryCache;
    }
  }
  binaryCache = { path: null, problem: "godot3-server is not on PATH (and GODOT3_BIN is not set)." };
  return binaryCache;
}

/** CI sets GDNET_REQUIRE_GODOT=1: there a missing binary fails the interop tests instead of skipping them. */
export function godotRequired(): boolean {
  return process.env.GDNET_REQUIRE_GODOT === "1";
}

let versionCache: string | undefined;

/**
 * Checks that the binary exists and is Godot 3.2.x; returns its path. Throws an Error that says
 * what is wrong and how to install it otherwise.
 */
export function ensureGodot3(): string {
  const binary = findGodot3();
  if (binary.path === null) {
    throw new Error(
      `Godot 3.2 interop tests cannot run: ${binary.problem} ${INSTALL_HINT}` +
        (godotRequired() ? " (GDNET_REQUIRE_GODOT=1: the binary is required here.)" : ""),
    );
  }
  if (versionCache === undefined) {
    const result = spawnSync(binary.path, ["--version"], { encoding: "utf8", timeout: 20_000 });
    const version = (result.stdout ?? "").trim().split("\n").pop() ?? "";
    if (result.error || !/^3\.2\./.test(version)) {
      throw new Error(
        `${binary.path} --version printed "${version}"${result.error ? ` (${result.error.message})` : ""}: ` +
          `the interop tests need Godot 3.2.x. ${INSTALL_HINT}`,
      );
    }
    versionCache = version;
  }
  return binary.path;
}

let skipWarned = false;

/**
 * `describe` for a group of tests that run Godot 3.2. With the binary: a normal describe whose
 * `beforeAll` checks the version, and whose `afterEach` kills any process left running. Without it:
 * the group FAILS when GDNET_REQUIRE_GODOT=1 (CI), and is skipped with a loud warning otherwise.
 */
export function describeGodot3(name: string, body: () => void): void {
  const binary = findGodot3();
  if (binary.path === null && !godotRequired()) {
    if (!skipWarned) {
      skipWarned = true;
      const line = "!".repeat(100);
      console.warn(
        `\n${line}\n!! SKIPPING the Godot 3.2 interop tests: ${binary.problem}\n!! ${INSTALL_HINT}\n` +
          `!! (With GDNET_REQUIRE_GODOT=1, as in CI, these tests fail instead of skipping.)\n${line}\n`,
      );
    }
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    beforeAll(() => {
      ensureGodot3();
    });
    afterEach(() => {
      killAllProcesses();
    });
    body();
  });
}

// --- running it ---------------------------------------------------------------------------------

const running = new Set<ReportingProcess>();

/** Kills every process this module started (Godot and gdnet children) that is still running. */
export function killAllProcesses(): void {
  for (const child of running) child.kill();
}

/**
 * A child process that reports `GDNET {json}` lines on stdout: its events so far, a way to wait
 * for one, its end, and kill(). A hard timer kills it if it outlives `killAfterMs`.
 */
export class ReportingProcess extends EventLog {
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<GodotResult>;
  /** What runs, for messages ("Godot scenario ws_client", "gdnet server"). */
  readonly label: string;
  #child: ChildProcess;
  #stdout = "";
  #stderr = "";
  #pending = "";
  #result: GodotResult | null = null;
  #killed = false;
  #killTimer: NodeJS.Timeout;

  constructor(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, killAfterMs: number) {
    super(label, "exited");
    this.label = label;
    this.#child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    running.add(this);
    this.#child.stdout?.on("data", (chunk: Buffer) => this.#onStdout(chunk.toString("utf8")));
    this.#child.stderr?.on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString("utf8");
      this.notify();
    });
    this.#killTimer = setTimeout(() => this.kill(), killAfterMs);
    this.exited = new Promise<GodotResult>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.#result) return;
        clearTimeout(this.#killTimer);
        running.delete(this);
        if (this.#pending !== "") this.#onLine(this.#pending);
        this.#pending = "";
        this.#result = {
          code,
          signal,
          killed: this.#killed,
          events: this.events,
          stdout: this.#stdout,
          stderr: this.#stderr,
        };
        resolve(this.#result);
        this.notify();
      };
      this.#child.once("close", done);
      this.#child.once("error", (error) => {
        this.#stderr += `\n[spawn error] ${error.message}`;
        done(null, null);
      });
    });
  }

  /** The result once the process has exited, else null. */
  get result(): GodotResult | null {
    return this.#result;
  }

  /**
   * Resolves with the first match of `pattern` in what the process printed (stdout, then
   * stderr), whether it is already there or comes later; rejects when the process exits first.
   */
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = (): void => {
        const found = this.#stdout.match(pattern) ?? this.#stderr.match(pattern);
        if (found) {
          this.removeListener(check);
          resolve(found);
        } else if (this.#result) {
          this.removeListener(check);
          reject(new Error(`${this.label} exited before printing ${pattern}:\n${this.#stdout}${this.#stderr}`));
        }
      };
      this.addListener(check);
      check();
    });
  }

  /** Kills the process (SIGKILL) if it is still running; `exited` resolves soon after. */
  kill(): void {
    if (this.#result || this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#killed = true;
    this.#child.kill("SIGKILL");
  }

  /** A digest of the run for failure messages: what ran, how it ended, its events and errors. */
  explain(): string {
    return explainRun(this.label, this.#result, this.events, this.#stderr);
  }

  #onStdout(text: string): void {
    this.#stdout += text;
    const lines = (this.#pending + text).split("\n");
    this.#pending = lines.pop() ?? "";
    for (const line of lines) this.#onLine(line);
    this.notify();
  }

  #onLine(raw: string): void {
    const line = raw.replace(/\r$/, "");
    if (!line.startsWith(PREFIX)) return;
    try {
      const parsed = JSON.parse(line.slice(PREFIX.length)) as GodotEvent;
      this.events.push(parsed);
    } catch {
      this.events.push({ event: "unparsed", line });
    }
  }
}

/** A Godot 3.2 process running one scenario of ./project. */
export class GodotProcess extends ReportingProcess {
  readonly scenario: string;

  constructor(scenario: string, options: GodotRunOptions = {}) {
    const binary = ensureGodot3();
    const timeoutS = options.timeoutS ?? DEFAULT_GODOT_TIMEOUT_S;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GDNET_SCENARIO: scenario,
      GDNET_ARGS: Buffer.from(JSON.stringify(options.args ?? {}), "utf8").toString("base64"),
      GDNET_TIMEOUT: String(timeoutS),
      ...options.env,
    };
    super(
      `Godot scenario "${scenario}"`,
      binary,
      ["--path", PROJECT_DIR],
      env,
      options.killAfterMs ?? timeoutS * 1000 + KILL_GRACE_MS,
    );
    this.scenario = scenario;
  }
}

/** Starts `scenario` in Godot and returns at once (for Godot servers the test talks to). */
export function startGodot(scenario: string, options: GodotRunOptions = {}): GodotProcess {
  return new GodotProcess(scenario, options);
}

/** Runs `scenario` in Godot to its end; resolves with the exit code, the events and the output. */
export function runGodot(scenario: string, options: GodotRunOptions = {}): Promise<GodotResult> {
  return startGodot(scenario, options).exited;
}

const GDNET_SERVER_SCRIPT = fileURLToPath(new URL("./gdnet-server-process.ts", import.meta.url));

/** Options of {@link startGdnetServerProcess}. */
export interface GdnetServerProcessOptions {
  /** Subprotocols the server accepts (default []). */
  protocols?: string[];
  /** Kill it after this many ms (default 30 s). */
  killAfterMs?: number;
}

/**
 * A gdnet WebSocketServer echo server in a child Node process (the TypeScript sources, through
 * tsx), reporting its signals as `GDNET` lines like a scenario does: listening {url, port},
 * client_connected {id, protocol}, data_received {id, size, string, sha256}, client_close_request
 * {id, code, reason}, client_disconnected {id, was_clean_close}, and uncaught {code, message} just
 * before it exits if an exception escapes. For what must not take the test process down with it.
 */
export function startGdnetServerProcess(options: GdnetServerProcessOptions = {}): ReportingProcess {
  return new ReportingProcess(
    "gdnet server process",
    process.execPath,
    ["--import", "tsx", "--conditions=@gdnet/source", GDNET_SERVER_SCRIPT, JSON.stringify(options.protocols ?? [])],
    process.env,
    options.killAfterMs ?? 30_000,
  );
}

const GDNET_CLI = fileURLToPath(new URL("../../packages/gdnet/bin/gdnet.js", import.meta.url));
const GDNET_CLI_BUILD = fileURLToPath(new URL("../../packages/node/dist/cli.js", import.meta.url));

/**
 * Runs the built `gdnet` command (packages/gdnet/bin/gdnet.js, so `npm run build` first) with
 * `args`, e.g. `["relay", "--godot", "3", "--port", "0", "--host", "127.0.0.1"]`, and resolves
 * once it prints the URL it listens on. Like the Godot processes, it is killed after each test.
 */
export async function startGdnetCli(args: readonly string[]): Promise<{ process: ReportingProcess; url: string }> {
  if (!existsSync(GDNET_CLI_BUILD)) throw new Error(`${GDNET_CLI_BUILD} is missing: run \`npm run build\` first.`);
  const child = new ReportingProcess(`gdnet ${args.join(" ")}`, process.execPath, [GDNET_CLI, ...args], process.env, 60_000);
  const [, url] = await child.waitForOutput(/listening on (ws:\/\/\S+)/);
  return { process: child, url: url as string };
}

/** A digest of a finished run for assertion messages: `expect(result.code, explain(result)).toBe(0)`. */
export function explain(result: GodotResult, scenario = "?"): string {
  return explainRun(`Godot scenario "${scenario}"`, result, result.events, result.stderr);
}

function explainRun(label: string, result: GodotResult | null, events: readonly GodotEvent[], stderr: string): string {
  const status = result
    ? result.killed
      ? "killed by the hard timeout"
      : `exited with code ${result.code}${result.signal ? ` (signal ${result.signal})` : ""}`
    : "still running";
  // Godot's stderr starts with harmless locale errors; keep the lines that matter.
  const errors = stderr
    .split("\n")
    .filter((line) => line.trim() !== "" && !/locale|translation\.cpp|make_dir_recursive|dir_access\.cpp/.test(line))
    .slice(-30);
  const shown = events.map((e) => `  ${JSON.stringify(e).slice(0, 300)}`);
  return [
    `${label} ${status}.`,
    `Events (${events.length}):`,
    ...shown,
    ...(errors.length > 0 ? ["stderr:", ...errors.map((line) => `  ${line}`)] : []),
  ].join("\n");
}

// --- helpers for tests --------------------------------------------------------------------------

/**
 * A TCP port that was free a moment ago on 127.0.0.1 (Godot 3.2's WebSocketServer cannot listen
 * on port 0 and tell which port it got, so the test picks one).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
