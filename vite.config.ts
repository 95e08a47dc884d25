import { createReadStream, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";
import { godotPlayer } from "./scripts/demo-godot.js";

const IIFE = fileURLToPath(new URL("packages/gdnet/dist/gdnet.iife.js", import.meta.url));
const DEV_IIFE = fileURLToPath(new URL("packages/gdnet/dist/gdnet.dev.iife.js", import.meta.url));

/**
 * Serves the script-tag bundle at /gdnet.iife.js and copies it into the build, so the
 * script-tag page loads exactly what `npm run build` made (it is never committed). The dev
 * server serves the development bundle (full error messages) there, as it resolves the bundler
 * page's "gdnet" to the sources; a build ships the production one.
 */
function scriptTagBundle(): Plugin {
  return {
    name: "gdnet-script-tag-bundle",
    configureServer(server) {
      server.middlewares.use("/gdnet.iife.js", (_req, res) => {
        if (!existsSync(DEV_IIFE)) {
          res.statusCode = 404;
          res.end("// gdnet.dev.iife.js is missing: run npm run build");
          return;
        }
        res.setHeader("Content-Type", "text/javascript");
        createReadStream(DEV_IIFE).pipe(res);
      });
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "gdnet.iife.js", source: readFileSync(IIFE) });
    },
  };
}

// The demo. In development (npm start) "gdnet" resolves to its TypeScript sources (full error
// messages); a build uses the package's built files through its "browser" export, as an app that
// installed it would: the production modules, with compact messages.
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL("demo", import.meta.url)),
  resolve: { conditions: command === "serve" ? ["@gdnet/source", ...defaultClientConditions] : [...defaultClientConditions] },
  // The Godot 4.6 player beside the page's gdnet players (scripts/demo-godot.ts).
  plugins: [scriptTagBundle(), godotPlayer()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL("demo/index.html", import.meta.url)),
        scriptTag: fileURLToPath(new URL("demo/script-tag.html", import.meta.url)),
      },
    },
  },
}));
