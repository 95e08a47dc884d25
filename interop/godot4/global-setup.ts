// Vitest global setup of the interop suite: before any test file runs, fetch the Godot 4.6 web
// template into its cache (scripts/godot4-template.mjs: a no-op that checks hashes when it is
// already there), and in CI install Debian's Chromium when it is missing (scripts/ensure-chromium.mjs).
// It never fails the run itself: when something is still missing, describeGodot4 skips the Godot 4
// groups loudly, or fails them under GDNET_REQUIRE_GODOT=1, with the reason.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const script = (name: string): string => fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));

export default function setup(): void {
  const required = process.env.GDNET_REQUIRE_GODOT === "1";
  // Only Debian's own path: a GDNET_CHROMIUM that is missing is the caller's to fix.
  if (required && process.env.GDNET_CHROMIUM === undefined && !existsSync("/usr/bin/chromium")) {
    spawnSync(process.execPath, [script("ensure-chromium.mjs")], { stdio: "inherit" });
  }
  const fetched = spawnSync(process.execPath, [script("godot4-template.mjs")], { encoding: "utf8" });
  // On success it prints only the folder; say more only when it had to download or failed.
  const said = `${fetched.stdout ?? ""}${fetched.stderr ?? ""}`.split("\n").filter((line) => line.startsWith("godot4-template:"));
  if (said.length > 0) console.log(said.join("\n"));
}
