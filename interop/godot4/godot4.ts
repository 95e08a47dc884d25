// Runs the real Godot 4.6 (the official web export template) in Debian's Chromium, on a PCK made
// from ./project, one scenario per page, and reads the "GDNET {json}" lines it prints. The web
// build is always a client: gdnet, in the test process, is the server or the other peer.
// See interop/README.md.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { CHROMIUM_ARGS } from "../../test-support/chromium-args.js";
import { EventLog, type GodotEvent } from "../shared/event-log.js";
import { type PckFile, writePck } from "./pck.js";

export type { GodotEvent, WaitOptions } from "../shared/event-log.js";

/** The Godot project every scenario runs in (packed into gdnet.pck at each server start). */
export const PROJECT_DIR = fileURLToPath(new URL("./project/", import.meta.url));
const PAGE = fileURLToPath(new URL("./page.html", import.meta.url));
const GDNET_PAGE = fileURLToPath(new URL("./gdnet-page.html", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The built script-tag bundle the gdnet page loads (`npm run build`). */
export const GDNET_IIFE = join(ROOT, "packages", "gdnet", "dist", "gdnet.iife.js");

/** The Godot version the template must report (`Engine.get_version_info().string`). */
export const GODOT4_VERSION = /^4\.6\.\d*\.?stable/;

/** Prefix of the result lines scenarios print (main.gd `report`). */
const PREFIX = "GDNET ";

/** Godot's self-timeout when a run does not set one (--timeout), in seconds. */
export const DEFAULT_GODOT_TIMEOUT_S = 10;

/**
 * The hard kill comes this long after Godot's own self-timeout should have ended the run. It
 * also covers the start: fetching and compiling the 37 MB wasm takes a second or two.
 */
const KILL_GRACE_MS = 10_000;

/** How a run ended. */
export interface Godot4Result {
  /** The exit code Godot gave `onExit` (null when the page was killed; -1 when the engine did not start). */
  readonly code: number | null;
  /** True when the hard timeout (or kill()) closed the page. */
  readonly killed: boolean;
  /** Every `GDNET` line, parsed, in order. */
  readonly events: readonly GodotEvent[];
  /** Every line Godot printed with print() (onPrint). */
  readonly stdout: string;
  /** Every line Godot printed as an error (onPrintError), and page errors. */
  readonly stderr: string;
  /** The first event named `event` (for which `match` holds). */
  find(event: string, match?: (e: GodotEvent) => boolean): GodotEvent | undefined;
  /** Every event named `event`, in order. */
  all(event: string): GodotEvent[];
}

/** Options of {@link runGodot4} and {@link startGodot4}. */
export interface Godot4RunOptions {
  /** The scenario's arguments (its `args` dictionary), JSON then base64 in `--args=`. */
  args?: Record<string, unknown>;
  /** Godot's self-timeout in seconds (default 10): past it the scenario fails with exit code 3. */
  timeoutS?: number;
  /** Close the page after this many ms whatever happens (default: self-timeout + 10 s). */
  killAfterMs?: number;
}

// --- finding Chromium and the template ----------------------------------------------------------

/** Where Chromium and the template are, or why one is missing. */
export interface Godot4Setup {
  readonly chromium: string | null;
  /** The folder with godot.js and godot.wasm (scripts/godot4-template.mjs). */
  readonly template: string | null;
  /** What is missing, for the skip or failure message ("" when nothing is). */
  readonly problem: string;
  /** How to get what is missing. */
  readonly hint: string;
}

/** The template folder scripts/godot4-template.mjs fills (same rule: $GDNET_GODOT4_CACHE or node_modules/.cache/godot4). */
export function templateDir(): string {
  const cache = process.env.GDNET_GODOT4_CACHE ?? join(ROOT, "node_modules", ".cache", "godot4");
  return join(cache, "4.6.stable");
}

let setupCache: Godot4Setup | undefined;

/** Finds Chromium ($GDNET_CHROMIUM or /usr/bin/chromium) and the fetched Godot 4.6 template. */
export function findGodot4(): Godot4Setup {
  if (setupCache) return setupCache;
  const chromiumPath = process.env.GDNET_CHROMIUM ?? "/usr/bin/chromium";
  const template = templateDir();
  const problems: string[] = [];
  const hints: string[] = [];
  const hasChromium = existsSync(chromiumPath);
  if (!hasChromium) {
    problems.push(`${chromiumPath} is missing.`);
    hints.push("Install Chromium with `sudo apt-get install chromium` (or set GDNET_CHROMIUM).");
  }
  const hasTemplate = ["godot.js", "godot.wasm"].every((file) => existsSync(join(template, file)));
  if (!hasTemplate) {
    problems.push(`The Godot 4.6 web template is not in ${template}.`);
    hints.push("Fetch it with `npm run godot4:fetch` (needs the npm registry once; cached after).");
  }
  setupCache = {
    chromium: hasChromium ? chromiumPath : null,
    template: hasTemplate ? template : null,
    problem: problems.join(" "),
    hint: hints.join(" "),
  };
  return setupCache;
}

/** CI sets GDNET_REQUIRE_GODOT=1: there a missing Chromium or template fails the tests instead of skipping them. */
export function godotRequired(): boolean {
  return process.env.GDNET_REQUIRE_GODOT === "1";
}

/** Throws an Error saying what is missing and how to get it, unless everything is there. */
export function ensureGodot4(): { chromium: string; template: string } {
  const setup = findGodot4();
  if (setup.chromium === null || setup.template === null) {
    throw new Error(
      `Godot 4.6 interop tests cannot run: ${setup.problem} ${setup.hint}` +
        (godotRequired() ? " (GDNET_REQUIRE_GODOT=1: Godot is required here.)" : ""),
    );
  }
  return { chromium: setup.chromium, template: setup.template };
}

let skipWarned = false;

/**
 * `describe` for a group of tests that run Godot 4.6. With Chromium and the template: a normal
 * describe that starts the browser and the page server before its tests (one browser per test
 * file), closes every page left open after each test, and stops both after the group. Without
 * them: the group FAILS when GDNET_REQUIRE_GODOT=1 (CI), and is skipped with a loud warning
 * otherwise.
 */
export function describeGodot4(name: string, body: () => void): void {
  const setup = findGodot4();
  if ((setup.chromium === null || setup.template === null) && !godotRequired()) {
    if (!skipWarned) {
      skipWarned = true;
      const line = "!".repeat(100);
      console.warn(
        `\n${line}\n!! SKIPPING the Godot 4.6 interop tests: ${setup.problem}\n!! ${setup.hint}\n` +
          `!! (With GDNET_REQUIRE_GODOT=1, as in CI, these tests fail instead of skipping.)\n${line}\n`,
      );
    }
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    beforeAll(async () => {
      ensureGodot4();
      await godotHost();
    });
    afterEach(async () => {
      await killAllRuns();
      await closeGdnetPages();
    });
    afterAll(async () => {
      await closeGodotHost();
    });
    body();
  });
}

// --- the browser and the page server -----------------------------------------------------------

interface Host {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly server: Server;
  readonly url: string;
  /** Pages whose last run ended by itself: the next run reuses one (and its compiled wasm). */
  readonly idle: Page[];
}

let hostPromise: Promise<Host> | null = null;

/** Every file of the project, as PCK entries (res:// paths with "/"). */
export function projectFiles(dir: string = PROJECT_DIR): PckFile[] {
  const files: PckFile[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (name.startsWith(".")) continue; // .godot/, editor leftovers
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: relative(dir, path).split(sep).join("/"), data: readFileSync(path) });
    }
  };
  walk(dir);
  return files;
}

/**
 * Serves the page, the template, the PCK, and the gdnet page with its bundle on 127.0.0.1 port 0 (Chromium 142+ lets only a
 * loopback page reach the loopback gdnet servers), with the COOP/COEP headers the template checks
 * for (cross-origin isolation). Everything is read once: the page fetches the 37 MB wasm again
 * for every engine it starts.
 */
async function startPageServer(template: string): Promise<{ server: Server; url: string }> {
  const files = new Map<string, { type: string; body: Uint8Array }>([
    ["/", { type: "text/html; charset=utf-8", body: readFileSync(PAGE) }],
    ["/godot.js", { type: "text/javascript", body: readFileSync(join(template, "godot.js")) }],
    ["/godot.wasm", { type: "application/wasm", body: readFileSync(join(template, "godot.wasm")) }],
    ["/gdnet.pck", { type: "application/octet-stream", body: writePck(projectFiles()) }],
    ["/gdnet", { type: "text/html; charset=utf-8", body: readFileSync(GDNET_PAGE) }],
  ]);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    // The bundle is read when asked for, so a rebuild is picked up (and its absence is a 404).
    const file =
      path === "/gdnet.iife.js" && existsSync(GDNET_IIFE)
        ? { type: "text/javascript", body: readFileSync(GDNET_IIFE) }
        : files.get(path);
    res.writeHead(file ? 200 : 404, {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Content-Type": file?.type ?? "text/plain",
    });
    res.end(file?.body ?? "not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** The browser, its context and the page server, started once per test file. */
function godotHost(): Promise<Host> {
  hostPromise ??= (async () => {
    const { chromium: executablePath, template } = ensureGodot4();
    const { server, url } = await startPageServer(template);
    try {
      const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
      const context = await browser.newContext();
      // Every page reports to the run it is running, by id.
      await context.exposeFunction("gdnetOutput", (runId: number, stream: string, text: string) =>
        runsById.get(runId)?.onOutput(stream, text),
      );
      await context.exposeFunction("gdnetExit", (runId: number, code: number) => runsById.get(runId)?.onExit(code));
      return { browser, context, server, url, idle: [] };
    } catch (error) {
      server.close();
      throw error;
    }
  })();
  const started = hostPromise;
  started.catch(() => {
    if (hostPromise === started) hostPromise = null;
  });
  return started;
}

async function closeGodotHost(): Promise<void> {
  const pending = hostPromise;
  hostPromise = null;
  if (!pending) return;
  const host = await pending.catch(() => null);
  if (!host) return;
  await killAllRuns();
  await closeGdnetPages();
  await host.browser.close().catch(() => undefined);
  await new Promise<void>((resolve) => host.server.close(() => resolve()));
}

// --- a gdnet client in a page ---------------------------------------------------------------------

/** A page of the harness's browser running gdnet's script-tag bundle (gdnet-page.html). */
export interface GdnetPage {
  readonly page: Page;
  /** What the page printed with console.error / console.warn (gdnet's error printer), and page errors. */
  readonly errors: string[];
}

const gdnetPages = new Set<Page>();

/**
 * Opens gdnet-page.html in the harness's browser: the built `packages/gdnet/dist/gdnet.iife.js`
 * (run `npm run build` first) with the `gdnetSession` client the page defines. Closed after each
 * test, like the Godot runs.
 */
export async function openGdnetPage(): Promise<GdnetPage> {
  if (!existsSync(GDNET_IIFE)) throw new Error(`${GDNET_IIFE} is missing: build it with \`npm run build\`.`);
  const host = await godotHost();
  const page = await host.context.newPage();
  gdnetPages.add(page);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`[page error] ${error.message}`));
  await page.goto(`${host.url}gdnet`);
  const loaded = await page.evaluate(() => typeof (globalThis as { GDNet?: unknown }).GDNet === "object");
  if (!loaded) throw new Error(`gdnet-page.html did not load ${GDNET_IIFE}: ${errors.join(" | ")}`);
  await bringGodotToFront();
  return { page, errors };
}

/**
 * Brings the pages of the running Godot runs back in front of a gdnet page. Measured: once a
 * Godot page is behind another page of the browser, its main loop soon runs about once a second
 * (a leave took ~1 s to reach the game), even with Chromium's background-throttling flags and
 * both pages reporting "visible"; the page in front runs at full speed. gdnet's pages are driven
 * by their sockets' events and do not need to be in front.
 */
async function bringGodotToFront(): Promise<void> {
  for (const run of runsById.values()) await run.bringToFront();
}

/** Closes every page openGdnetPage opened. */
export async function closeGdnetPages(): Promise<void> {
  const pages = [...gdnetPages];
  gdnetPages.clear();
  await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
}

// --- running a scenario --------------------------------------------------------------------------

const runsById = new Map<number, Godot4Run>();
let nextRunId = 1;

/** Ends every run still going (closing its page). */
export async function killAllRuns(): Promise<void> {
  await Promise.all([...runsById.values()].map((run) => run.kill()));
}

/**
 * One scenario running in a page: its events so far, a way to wait for one, its end, and
 * kill(). A hard timer kills it if it outlives `killAfterMs`. Runs at the same time get pages of
 * their own; a page whose run ended by itself takes the next run.
 */
export class Godot4Run extends EventLog {
  readonly scenario: string;
  readonly id = nextRunId++;
  /** Resolves when the run has ended (never rejects). */
  readonly exited: Promise<Godot4Result>;
  #page: Page | null = null;
  #host: Host | null = null;
  #stdout = "";
  #stderr = "";
  #result: Godot4Result | null = null;
  #killed = false;
  #killTimer: NodeJS.Timeout;
  #resolve!: (result: Godot4Result) => void;

  constructor(scenario: string, options: Godot4RunOptions = {}) {
    super(`Godot scenario "${scenario}"`, "ended");
    this.scenario = scenario;
    const timeoutS = options.timeoutS ?? DEFAULT_GODOT_TIMEOUT_S;
    this.exited = new Promise<Godot4Result>((resolve) => {
      this.#resolve = resolve;
    });
    runsById.set(this.id, this);
    this.#killTimer = setTimeout(() => void this.kill(), options.killAfterMs ?? timeoutS * 1000 + KILL_GRACE_MS);
    const userArgs = [
      `--scenario=${scenario}`,
      `--args=${Buffer.from(JSON.stringify(options.args ?? {}), "utf8").toString("base64")}`,
      `--timeout=${timeoutS}`,
    ];
    void this.#start(userArgs);
  }

  async #start(userArgs: string[]): Promise<void> {
    try {
      const host = await godotHost();
      this.#host = host;
      let page = host.idle.pop();
      if (!page) {
        page = await host.context.newPage();
        const opened = page;
        // Errors and crashes go to the run the page is running at the time.
        opened.on("pageerror", (error) => this.#runOf(opened)?.onOutput("err", `[page error] ${error.message}`));
        opened.on("crash", () => this.#runOf(opened)?.end(null, "[page crashed]"));
        pagesRun.set(opened, this);
        await opened.goto(host.url);
      }
      pagesRun.set(page, this);
      this.#page = page;
      if (this.#result) {
        await page.close().catch(() => undefined);
        return;
      }
      await page.bringToFront();
      await page.evaluate(
        ([runId, args]) => (globalThis as unknown as { gdnetStart(id: number, a: string[]): void }).gdnetStart(runId, args),
        [this.id, userArgs] as const,
      );
    } catch (error) {
      // A page closed by kill() makes these calls throw; that end is already recorded.
      if (!this.#result) this.end(-1, `[harness] ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #runOf(page: Page): Godot4Run | undefined {
    const run = pagesRun.get(page);
    return run && !run.#result ? run : undefined;
  }

  /** The result once the run has ended, else null. */
  get result(): Godot4Result | null {
    return this.#result;
  }

  /** @internal Puts the run's page in front of the browser's other pages (see bringGodotToFront). */
  async bringToFront(): Promise<void> {
    await this.#page?.bringToFront().catch(() => undefined);
  }

  /** Ends the run now if it is still going, closing its page (an engine cannot be stopped from outside). */
  async kill(): Promise<void> {
    if (this.#result) return;
    this.#killed = true;
    const page = this.#page;
    this.end(null);
    await page?.close().catch(() => undefined);
  }

  /** A digest of the run for failure messages: how it ended, its events and Godot's errors. */
  explain(): string {
    return explainRun(this.scenario, this.#result, this.events, this.#stderr);
  }

  /** @internal What the page printed for this run. */
  onOutput(stream: string, text: string): void {
    if (this.#result) return;
    for (const raw of text.split("\n")) {
      if (stream === "err") {
        this.#stderr += `${raw}\n`;
        continue;
      }
      this.#stdout += `${raw}\n`;
      if (!raw.startsWith(PREFIX)) continue;
      try {
        this.events.push(JSON.parse(raw.slice(PREFIX.length)) as GodotEvent);
      } catch {
        this.events.push({ event: "unparsed", line: raw });
      }
    }
    this.notify();
  }

  /**
   * @internal The engine quit with `code`: its page can take the next run. Or it did not start
   * (-1, startGame rejected): the template's Engine then keeps a stale init promise, and every
   * later start in that page would fail too, so the page goes.
   */
  onExit(code: number): void {
    if (this.#result) return;
    this.end(code);
    const page = this.#page;
    if (!page || page.isClosed()) return;
    if (code === -1) void page.close().catch(() => undefined);
    else this.#host?.idle.push(page);
  }

  /** @internal Records the end of the run. */
  end(code: number | null, note?: string): void {
    if (this.#result) return;
    if (note) this.#stderr += `${note}\n`;
    clearTimeout(this.#killTimer);
    runsById.delete(this.id);
    const events = this.events;
    this.#result = {
      code,
      killed: this.#killed,
      events,
      stdout: this.#stdout,
      stderr: this.#stderr,
      find: (event, match = () => true) => events.find((e) => e.event === event && match(e)),
      all: (event) => events.filter((e) => e.event === event),
    };
    this.#resolve(this.#result);
    this.notify();
  }
}

/** The run each page is running (or ran last). */
const pagesRun = new WeakMap<Page, Godot4Run>();

/** Starts `scenario` in a page and returns at once (to talk to it while it runs). */
export function startGodot4(scenario: string, options: Godot4RunOptions = {}): Godot4Run {
  return new Godot4Run(scenario, options);
}

/** Runs `scenario` to its end; resolves with the exit code, the events and the output. */
export function runGodot4(scenario: string, options: Godot4RunOptions = {}): Promise<Godot4Result> {
  return startGodot4(scenario, options).exited;
}

/** A digest of a finished run for assertion messages: `expect(result.code, explain(result, "x")).toBe(0)`. */
export function explain(result: Godot4Result, scenario = "?"): string {
  return explainRun(scenario, result, result.events, result.stderr);
}

/**
 * Lines of Godot's error output that say nothing about the test: the missing global script cache
 * (the PCK has no .godot/ folder; scripts load without it).
 */
const HARMLESS = /global_script_class_cache|Could not load global script cache|^\s*at: |^\s*$/;

function explainRun(scenario: string, result: Godot4Result | null, events: readonly GodotEvent[], stderr: string): string {
  const status = result
    ? result.killed
      ? "was killed (hard timeout or kill())"
      : `exited with code ${result.code}`
    : "is still running";
  const errors = stderr
    .split("\n")
    .filter((line) => !HARMLESS.test(line))
    .slice(-30);
  return [
    `Godot 4 scenario "${scenario}" ${status}.`,
    `Events (${events.length}):`,
    ...events.map((e) => `  ${JSON.stringify(e).slice(0, 300)}`),
    ...(errors.length > 0 ? ["Godot's errors:", ...errors.map((line) => `  ${line}`)] : []),
  ].join("\n");
}
