import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS } from "./test-support/chromium-args.js";

// Real Chromium from Debian (`npx playwright install` cannot download browsers here); the
// servers each spec needs are started by e2e/fixtures.ts on free ports.
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    headless: true,
    launchOptions: {
      executablePath: process.env.GDNET_CHROMIUM ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    },
  },
});
