// The demo's Godot 4.6 player: the official Godot 4.6 web build (godot/godot.js + godot.wasm)
// running the GDScript game in demo/godot/ (godot/demo.pck), which joins the demo's relay session
// as a plain Godot 4 client. The page's gdnet players see it through the relay like any other
// player (multiplayer-panel.ts); this module only loads and starts the engine and shows what it
// draws and prints. It needs nothing from gdnet, so both demo pages use it as is.
import { el } from "./format.js";

/** godot/player.json, written by scripts/demo-godot.ts. */
type Manifest = { available: true; godot: string; wasmBytes: number } | { available: false; reason: string };

/** The part of the template's `Engine` (godot.js, a classic script setting window.Engine) used here. */
interface EngineConfig {
  executable: string;
  mainPack: string;
  canvas: HTMLCanvasElement;
  canvasResizePolicy: number;
  focusCanvas: boolean;
  args: string[];
  fileSizes: Record<string, number>;
  onProgress: (loaded: number, total: number) => void;
  onPrint: (...parts: unknown[]) => void;
  onPrintError: (...parts: unknown[]) => void;
  onExit: (code: number) => void;
}
interface EngineClass {
  new (config: EngineConfig): { startGame(): Promise<void> };
  isWebGLAvailable(majorVersion?: number): boolean;
}

/** Where the player is: `data-state` of the badge, for the page's tests and styles. */
export type GodotState = "checking" | "unavailable" | "ready" | "loading" | "running" | "exited" | "failed";

export interface GodotPlayer {
  /** The player's box: status, Godot's own canvas and its output. */
  readonly element: HTMLElement;
  /** Starts the engine on the relay at `relay` (once: the template runs one engine per page). */
  start(relay: string): void;
}

/** Lines of Godot's output kept in the box. */
const OUTPUT_LINES = 14;
const EXECUTABLE = "godot/godot";
const MAIN_PACK = "godot/demo.pck";

/** `?godot=off` leaves the player out (a page that only needs the gdnet players loads 37 MB less). */
function disabledByQuery(): boolean {
  return new URLSearchParams(location.search).get("godot") === "off";
}

export function createGodotPlayer(): GodotPlayer {
  const element = el("div", "godot");
  element.dataset.testid = "mp-godot";
  const head = el("div", "row");
  const status = el("span", "badge closed", "checking");
  status.dataset.testid = "mp-godot-status";
  head.append(el("strong", "", "Godot 4.6 player"), status);
  const note = el("p", "hint", "");
  note.dataset.testid = "mp-godot-note";
  const canvas = el("canvas", "field godot-canvas");
  // The size of the project's viewport (demo/godot/project.godot) and of the page's field, so a
  // position means the same in both views. canvasResizePolicy 0: Godot keeps this size.
  canvas.width = 640;
  canvas.height = 280;
  canvas.id = "godot-canvas";
  canvas.dataset.testid = "mp-godot-canvas";
  canvas.hidden = true;
  const output = el("pre", "godot-output");
  output.dataset.testid = "mp-godot-output";
  const layout = el("div", "mp-layout");
  layout.append(canvas, output);
  // Shown once the engine loads: before that (or without a player) it would be two empty boxes.
  layout.hidden = true;
  element.append(head, note, layout);

  let manifest: Manifest | null = null;
  let startedWith: string | null = null;
  const setState = (state: GodotState, text: string, why = ""): void => {
    status.dataset.state = state;
    status.textContent = text;
    status.className = `badge ${state === "running" ? "open" : state === "loading" || state === "checking" ? "connecting" : "closed"}`;
    note.textContent = why;
  };
  const print = (stream: "out" | "err", parts: unknown[]): void => {
    const line = el("div", stream === "err" ? "err" : "", parts.map(String).join(" "));
    output.append(line);
    while (output.childElementCount > OUTPUT_LINES) output.firstElementChild?.remove();
    output.scrollTop = output.scrollHeight;
  };

  const onManifest = (found: Manifest): void => {
    manifest = found;
    if (!found.available) {
      setState(
        "unavailable",
        "not available",
        `The Godot 4.6 player is not in this build: ${found.reason} The gdnet players work without it. ` +
          "To add it: npm run godot4:fetch (needs the npm registry once), then npm run build or npm start.",
      );
      return;
    }
    if (startedWith === null)
      setState("ready", `Godot ${found.godot}`, "Joining the game also starts the Godot player (the engine is 37 MB).");
    else void run(found, startedWith);
  };
  // ?godot=off: not even player.json, so such a page loads nothing of Godot.
  if (disabledByQuery()) setState("unavailable", "left out", "Left out by ?godot=off: the gdnet players play without it.");
  else {
    setState("checking", "checking");
    void fetchManifest().then(onManifest);
  }

  async function run(found: Manifest & { available: true }, relay: string): Promise<void> {
    setState("loading", "loading");
    layout.hidden = false;
    try {
      const Engine = await loadEngine();
      // The web display server draws Godot's own view in its canvas (WebGL 2; Chromium renders it
      // in software when there is no GPU). Only without WebGL 2 does it run --headless, its dot
      // then on the page's field only: 4.6's headless display server can trap at start for some
      // command-line lengths (interop/godot4/page.html), so it is the fallback, not the default.
      const webgl = Engine.isWebGLAvailable(2);
      const args = webgl ? ["--audio-driver", "Dummy"] : ["--headless"];
      canvas.hidden = !webgl;
      const engine = new Engine({
        executable: EXECUTABLE,
        mainPack: MAIN_PACK,
        canvas,
        canvasResizePolicy: 0,
        // The chat input keeps the keyboard: Godot's canvas only gets it when clicked.
        focusCanvas: false,
        args: [...args, "--", `--relay=${relay}`],
        fileSizes: { [`${EXECUTABLE}.wasm`]: found.wasmBytes },
        onProgress: (loaded, total) => {
          if (total > 0) setState("loading", `loading ${Math.round(loaded / 1e6)} / ${Math.round(total / 1e6)} MB`);
        },
        onPrint: (...parts) => print("out", parts),
        onPrintError: (...parts) => print("err", parts),
        onExit: (code) => setState("exited", `exited (${code})`),
      });
      await engine.startGame();
      setState(
        "running",
        `Godot ${found.godot} running`,
        webgl
          ? "Godot's canvas, drawn by GDScript: its dot circles, the others are what it hears over the relay."
          : "No WebGL 2 here: Godot runs headless; its dot shows on the field above.",
      );
    } catch (error) {
      setState("failed", "failed", `Godot did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    element,
    start(relay: string): void {
      if (startedWith !== null) return;
      startedWith = relay;
      if (manifest?.available) void run(manifest, relay);
    },
  };
}

/** godot/player.json; never rejects (no file, or not JSON: a build without the player). */
function fetchManifest(): Promise<Manifest> {
  return fetch("godot/player.json")
    .then(async (response) => {
      if (!response.ok) throw new Error(`godot/player.json: HTTP ${response.status}`);
      return (await response.json()) as Manifest;
    })
    .catch((error: unknown) => ({
      available: false,
      reason: `this build has no Godot player (${error instanceof Error ? error.message : String(error)}).`,
    }));
}

let engineScript: Promise<EngineClass> | null = null;

/** Loads godot/godot.js once, on demand: the other panels never pay for it. */
function loadEngine(): Promise<EngineClass> {
  engineScript ??= new Promise<EngineClass>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${EXECUTABLE}.js`;
    script.onload = () => {
      const Engine = (globalThis as { Engine?: EngineClass }).Engine;
      if (Engine) resolve(Engine);
      else reject(new Error(`${script.src} did not define Engine`));
    };
    script.onerror = () => reject(new Error(`${script.src} did not load`));
    document.head.append(script);
  });
  return engineScript;
}
