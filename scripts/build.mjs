// npm run build: declarations and ES modules of every package (tsc -b), the production ES modules
// of gdnet's browser branch (compact error messages), the script-tag IIFEs (Vite, global GDNet:
// production and development), and the demo (Vite). Also runs on `npm install` (the root "prepare").
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { compactMessagesPlugin } from "./messages/vite-plugin.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const step = (name) => process.stdout.write(`gdnet build: ${name}\n`);
// Built from the TypeScript sources of the browser branch: nothing from ws or Node can enter.
const browserSources = { conditions: ["@gdnet/source", "browser", "module", "import", "default"] };

step("packages (tsc -b)");
execFileSync(
  process.execPath,
  [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-b", "packages/gdnet"],
  {
    cwd: root,
    stdio: "inherit",
  },
);

step("production ES modules of the browser branch (packages/gdnet/dist/prod)");
// What "gdnet" gives bundlers by default: core and the browser binding with compact messages,
// one file per source module (as tsc's output, so a bundler drops whole unused modules), mitt
// inlined so the directory needs nothing but itself. The "development" condition keeps tsc's
// dist/browser.js, which re-exports @gdnet/browser with the full messages.
await build({
  configFile: false,
  root,
  logLevel: "warn",
  resolve: browserSources,
  plugins: [compactMessagesPlugin({ root })],
  build: {
    lib: {
      entry: { browser: "packages/gdnet/src/browser.ts", "simple-peer.browser": "packages/gdnet/src/simple-peer.browser.ts" },
      formats: ["es"],
    },
    outDir: "packages/gdnet/dist/prod",
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    target: "es2022",
    rolldownOptions: {
      output: {
        preserveModules: true,
        preserveModulesRoot: "packages",
        // npm never packs a node_modules folder, so modules from dependencies go to vendor/.
        entryFileNames: (chunk) =>
          chunk.name.includes("node_modules") ? `vendor/${chunk.name.split("/").at(-1)}.js` : "[name].js",
      },
    },
  },
});

/** One script-tag bundle of `entry` with the global `name`; `compact` for the production messages. */
async function iife(entry, name, fileName, compact) {
  await build({
    configFile: false,
    root,
    logLevel: "warn",
    resolve: browserSources,
    plugins: compact ? [compactMessagesPlugin({ root })] : [],
    build: {
      lib: { entry, formats: ["iife"], name, fileName: () => fileName },
      outDir: "packages/gdnet/dist",
      emptyOutDir: false,
      minify: true,
      sourcemap: true,
      target: "es2022",
    },
  });
}

step("script-tag bundles (packages/gdnet/dist/gdnet.iife.js, gdnet.dev.iife.js)");
await iife("packages/gdnet/src/browser.ts", "GDNet", "gdnet.iife.js", true);
await iife("packages/gdnet/src/browser.ts", "GDNet", "gdnet.dev.iife.js", false);

step("simple-peer adapter bundle (packages/gdnet/dist/gdnet-simple-peer.iife.js)");
// Kept apart from gdnet.iife.js, as the adapter is kept out of the main entry: global GDNetSimplePeer.
await iife("packages/gdnet/src/simple-peer.browser.ts", "GDNetSimplePeer", "gdnet-simple-peer.iife.js", true);

step("demo (demo/dist)");
await build({ configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)), logLevel: "warn" });
step("done");
