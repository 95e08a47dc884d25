import { defineConfig } from "vitest/config";

// Unit and integration tests run against the TypeScript sources: the "@gdnet/source" export
// condition points every workspace package at its src/, so no build is needed to test.
const conditions = ["@gdnet/source", "node", "import", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
