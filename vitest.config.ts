import { defineConfig } from "vitest/config";

// Unit and integration tests run against the TypeScript sources: the "@gdnet/source" export
// condition points every workspace package at its src/, so no build is needed to test.
const fuzz = process.env.GDNET_FUZZ === "1";
const FUZZ = "packages/core/test/fuzz/**/*.test.ts";
const conditions = ["@gdnet/source", "node", "import", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    // The fuzz suite is CPU-bound for about 45 s: `npm run test:fuzz` (GDNET_FUZZ=1) runs it on its
    // own, so it never starves the WebRTC tests of a core (see scripts/test.mjs).
    include: fuzz ? [FUZZ] : ["packages/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    exclude: fuzz ? ["**/node_modules/**"] : ["**/node_modules/**", FUZZ],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
