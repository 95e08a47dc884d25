// The e2e tests drive Debian's Chromium (Playwright cannot download browsers here). Installs it
// with apt-get when missing and we are root; otherwise fails loudly, never skips.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.GDNET_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(`gdnet e2e: ${chromium} is missing. Install it with: sudo apt-get install -y chromium`);
    process.exit(1);
  }
  console.log("gdnet e2e: installing Debian's chromium with apt-get ...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  if (!existsSync(chromium)) {
    console.error(`gdnet e2e: apt-get ran but ${chromium} is still missing.`);
    process.exit(1);
  }
}
