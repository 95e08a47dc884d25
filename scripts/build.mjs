// npm run build: declarations and ES modules of every package (tsc -b), the script-tag IIFE
// (Vite, global GDNet), and the demo (Vite). Also runs on `npm install` (the root "prepare").
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = fileURLToPath(new URL("..", import.meta.url));
const step = (name) => process.stdout.write(`gdnet build: ${name}\n`);

step("packages (tsc -b)");
execFileSync(
  process.execPath,
  [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-b", "packages/gdnet"],
  {
    cwd: root,
    stdio: "inherit",
  },
);

step("script-tag bundle (packages/gdnet/dist/gdnet.iife.js)");
await build({
  configFile: false,
  root,
  logLevel: "warn",
  // Built from the TypeScript sources of the browser branch: nothing from ws or Node can enter.
  resolve: { conditions: ["@gdnet/source", "browser", "module", "import", "default"] },
  build: {
    lib: { entry: "packages/gdnet/src/browser.ts", formats: ["iife"], name: "GDNet", fileName: () => "gdnet.iife.js" },
    outDir: "packages/gdnet/dist",
    emptyOutDir: false,
    minify: true,
    sourcemap: true,
    target: "es2022",
  },
});

step("simple-peer adapter bundle (packages/gdnet/dist/gdnet-simple-peer.iife.js)");
// Kept apart from gdnet.iife.js, as the adapter is kept out of the main entry: global GDNetSimplePeer.
await build({
  configFile: false,
  root,
  logLevel: "warn",
  resolve: { conditions: ["@gdnet/source", "browser", "module", "import", "default"] },
  build: {
    lib: {
      entry: "packages/gdnet/src/simple-peer.browser.ts",
      formats: ["iife"],
      name: "GDNetSimplePeer",
      fileName: () => "gdnet-simple-peer.iife.js",
    },
    outDir: "packages/gdnet/dist",
    emptyOutDir: false,
    minify: true,
    sourcemap: true,
    target: "es2022",
  },
});

step("demo (demo/dist)");
await build({ configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)), logLevel: "warn" });
step("done");
