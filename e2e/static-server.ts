import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  // The Godot player's engine (demo/dist/godot/): compiled as it streams in.
  ".wasm": "application/wasm",
};

/**
 * Serves folders on a free port of 127.0.0.1; a path is looked up in each root in turn (the
 * built demo first, then the e2e fixture pages).
 */
export async function serveDirectories(roots: string[]): Promise<{ server: Server; url: string }> {
  if (!existsSync(join(roots[0] ?? "", "index.html"))) throw new Error(`${roots[0]} has no index.html: run npm run build first.`);
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = roots.map((root) => resolveIn(root, path)).find((found) => found !== undefined);
    if (!file) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function resolveIn(root: string, path: string): string | undefined {
  let file = join(root, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  return file.startsWith(root) && existsSync(file) ? file : undefined;
}
