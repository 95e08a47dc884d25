import { createReadStream, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";

const IIFE = fileURLToPath(new URL("packages/gdnet/dist/gdnet.iife.js", import.meta.url));

/**
 * Serves the script-tag bundle at /gdnet.iife.js in development and copies it into the build,
 * so the script-tag page loads exactly what `npm run build` made (it is never committed).
 */
function scriptTagBundle(): Plugin {
  return {
    name: "gdnet-script-tag-bundle",
    configureServer(server) {
      server.middlewares.use("/gdnet.iife.js", (_req, res) => {
        if (!existsSync(IIFE)) {
          res.statusCode = 404;
          res.end("// gdnet.iife.js is missing: run npm run build");
          return;
        }
        res.setHeader("Content-Type", "text/javascript");
        createReadStream(IIFE).pipe(res);
      });
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "gdnet.iife.js", source: readFileSync(IIFE) });
    },
  };
}

// The demo. In development (npm start) "gdnet" resolves to its TypeScript sources; a build uses
// the package's built files through its "browser" export, as an app that installed it would.
export default defineConfig(({ command }) => ({
  root: fileURLToPath(new URL("demo", import.meta.url)),
  resolve: { conditions: command === "serve" ? ["@gdnet/source", ...defaultClientConditions] : [...defaultClientConditions] },
  plugins: [scriptTagBundle()],
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
