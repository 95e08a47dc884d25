// The demo's Godot 4.6 player, as a Vite plugin (vite.config.ts): the official Godot 4.6 web
// export template (godot.js + godot.wasm, fetched and cached by scripts/godot4-template.mjs) and a
// PCK packed from the GDScript project in demo/godot/, served under /godot/ by the dev server
// (npm start) and copied into demo/dist/godot/ by the build. Neither is ever committed.
//
// godot/player.json tells the page what it got: `{ available: true, godot, wasmBytes }`, or
// `{ available: false, reason }` when the template could not be had (offline, or
// GDNET_DEMO_GODOT=0), so the page runs without the Godot player and says why.
import { spawn } from "node:child_process";
import { copyFileSync, createReadStream, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { type PckFile, writePck } from "../interop/godot4/pck.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The Godot project the demo's player runs (project.godot, main.tscn, *.gd). */
export const GODOT_PROJECT = join(ROOT, "demo", "godot");
const FETCH_SCRIPT = join(ROOT, "scripts", "godot4-template.mjs");
/** The folder of the page's URLs (and of demo/dist) that holds the player's files. */
const URL_DIR = "godot";

/** godot/player.json: what the page needs to start the player, or why there is none. */
export type GodotPlayerManifest =
  | { readonly available: true; readonly godot: string; readonly wasmBytes: number }
  | { readonly available: false; readonly reason: string };

/** The template folder, or why there is none. */
type Template = { readonly dir: string; readonly godot: string } | { readonly dir: null; readonly reason: string };

/**
 * Runs scripts/godot4-template.mjs in a child process (it blocks on `npm pack` the first time,
 * and is plain JavaScript with no types): it prints the template folder on success, or exits 1
 * with what went wrong. Never rejects.
 */
function fetchTemplate(): Promise<Template> {
  if (process.env.GDNET_DEMO_GODOT === "0") {
    return Promise.resolve({ dir: null, reason: "this build was made with GDNET_DEMO_GODOT=0." });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FETCH_SCRIPT], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      // npm's default retries make an offline `npm pack` take over a minute before it fails;
      // offline, the demo should build (without the player) about as fast as online.
      env: {
        ...process.env,
        npm_config_fetch_retries: "1",
        npm_config_fetch_retry_mintimeout: "1000",
        npm_config_fetch_retry_maxtimeout: "2000",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", (error) => resolve({ dir: null, reason: `could not run ${FETCH_SCRIPT}: ${error.message}` }));
    child.on("close", (code) => {
      const lines = stdout.split("\n").filter((line) => line.trim() !== "");
      const dir = lines.at(-1)?.trim();
      if (code === 0 && dir) {
        resolve({ dir, godot: readFileSync(join(dir, "SOURCE.txt"), "utf8").match(/Godot (\S+)/)?.[1] ?? "4.6.stable" });
        return;
      }
      const why = stderr.replace(/^godot4-template: /gm, "").trim() || `exit code ${code}`;
      resolve({ dir: null, reason: `the Godot 4.6 web template could not be fetched: ${why}` });
    });
  });
}

/**
 * Godot reads res://.godot/global_script_class_cache.cfg at start and prints an ERROR when it is
 * missing (the editor writes it; our scripts declare no class_name, so the list is empty). An
 * empty one keeps that error out of the page's Godot output box.
 */
const SCRIPT_CLASS_CACHE: PckFile = { path: ".godot/global_script_class_cache.cfg", data: "list=Array[Dictionary]([])\n" };

/** The PCK of demo/godot/ (read now: the dev server packs it per request, so edits show on reload). */
export function demoPck(): Uint8Array {
  const files: PckFile[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith(".")) continue; // .godot/ and editor leftovers, if someone opened it in the editor
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path: relative(GODOT_PROJECT, path).split(sep).join("/"), data: readFileSync(path) });
    }
  };
  walk(GODOT_PROJECT);
  return writePck([...files, SCRIPT_CLASS_CACHE]);
}

function manifestOf(template: Template): GodotPlayerManifest {
  if (template.dir === null) return { available: false, reason: template.reason };
  return { available: true, godot: template.godot, wasmBytes: statSync(join(template.dir, "godot.wasm")).size };
}

function summary(template: Template): string {
  return template.dir === null
    ? `gdnet demo: no Godot 4.6 player (${template.reason})`
    : `gdnet demo: Godot ${template.godot} player ready (template in ${template.dir})`;
}

function send(res: ServerResponse, type: string, body: Uint8Array | string): void {
  res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

/** The plugin: serves /godot/* in development, writes dist/godot/* in a build. */
export function godotPlayer(): Plugin {
  let template: Promise<Template> | null = null;
  const once = (): Promise<Template> => {
    template ??= fetchTemplate();
    return template;
  };
  return {
    name: "gdnet-godot-player",
    configureServer(server) {
      // In the background: the page and its other panels work while the template downloads;
      // only the requests below wait for it.
      void once().then((found) => server.config.logger.info(summary(found)));
      server.middlewares.use(`/${URL_DIR}`, (req, res, next) => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        void once().then((found) => {
          if (path === "/player.json") send(res, "application/json", JSON.stringify(manifestOf(found)));
          else if (path === "/demo.pck") send(res, "application/octet-stream", demoPck());
          else if (found.dir !== null && (path === "/godot.js" || path === "/godot.wasm")) {
            res.writeHead(200, { "Content-Type": path.endsWith(".js") ? "text/javascript" : "application/wasm" });
            createReadStream(join(found.dir, path.slice(1))).pipe(res);
          } else next();
        });
      });
    },
    async writeBundle(options) {
      const found = await once();
      const dir = join(options.dir ?? join(ROOT, "demo", "dist"), URL_DIR);
      mkdirSync(dir, { recursive: true });
      if (found.dir !== null) {
        copyFileSync(join(found.dir, "godot.js"), join(dir, "godot.js"));
        copyFileSync(join(found.dir, "godot.wasm"), join(dir, "godot.wasm"));
        writeFileSync(join(dir, "demo.pck"), demoPck());
      }
      writeFileSync(join(dir, "player.json"), `${JSON.stringify(manifestOf(found), null, 2)}\n`);
      process.stdout.write(`${summary(found)}\n`);
    },
  };
}
