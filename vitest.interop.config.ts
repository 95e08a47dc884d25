import { defineConfig } from "vitest/config";

// Interop tests: the real Godot 3.2 headless binary (godot3-server) and the real Godot 4.6 (its web
// build in Chromium) against gdnet. They run the TypeScript sources through the "@gdnet/source"
// condition, like vitest.config.ts; the `gdnet echo` CLI test runs the built bin. One file at a
// time: Godot is heavy on a 2-core machine. The global setup fetches the Godot 4.6 web template
// (cached after the first time).
const conditions = ["@gdnet/source", "node", "import", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ["interop/**/*.test.ts"],
    globalSetup: ["interop/godot4/global-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
  },
});
