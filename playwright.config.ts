import { defineConfig } from "@playwright/test";

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
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Chrome hides host ICE candidates behind mDNS names when a page offers; loopback
        // WebRTC tests need the plain addresses.
        "--disable-features=WebRtcHideLocalIpsWithMdns",
      ],
    },
  },
});
