// npm test: every check, in CI's order, stopping at the first failure:
// lint -> typecheck -> build -> bundle sizes -> unit and integration (vitest) -> fuzzing (100k
// cases per decoder property) -> package checks -> Godot interop (the real godot3-server, and
// the Godot 4.6 web build in Chromium)
// -> e2e (Chromium).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const stages = [
  ["lint", [npm, "run", "lint"]],
  ["typecheck", [npm, "run", "typecheck"]],
  ["build", [npm, "run", "build"]],
  ["bundle sizes (min + gzip of the browser builds)", [npm, "run", "check:size"]],
  ["unit and integration tests", [npm, "run", "test:unit"]],
  ["fuzzing (fast-check, every decoder)", [npm, "run", "test:fuzz"]],
  ["package checks (publint, attw)", [npm, "run", "check:packages"]],
  ["Godot interop (3.2: godot3-server; 4.6: the web build in Chromium)", [npm, "run", "test:interop"]],
  ["end-to-end tests (Chromium)", [npm, "run", "test:e2e"]],
];

const started = Date.now();
for (const [name, [command, ...args]] of stages) {
  const t0 = Date.now();
  process.stdout.write(`\n━━ ${name} ━━\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n✗ ${name} failed after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✓ ${name} (${seconds} s)\n`);
}
process.stdout.write(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
