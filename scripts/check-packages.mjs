// Package checks for every workspace package: publint --strict (exports, files, types) and
// attw (the types each export condition resolves to, for ESM-only packages).
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
let failed = false;
for (const name of readdirSync(`${root}/packages`)) {
  const cwd = `${root}/packages/${name}`;
  for (const [tool, args] of [
    ["publint", ["--strict"]],
    ["attw", ["--pack", ".", "--profile", "esm-only", "--format", "table-flipped"]],
  ]) {
    process.stdout.write(`\n== ${tool} packages/${name}\n`);
    try {
      execFileSync(bin(tool), args, { cwd, stdio: "inherit" });
    } catch {
      failed = true;
    }
  }
}
if (failed) {
  console.error("\nPackage checks failed.");
  process.exit(1);
}
