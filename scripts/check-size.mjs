// npm run check:size: the bundle budgets of the browser builds (issue "Performance"), measured as
// a user gets them: minified, then gzip -9. "gdnet" imports are bundled in memory by esbuild with
// the browser conditions and no others (a production bundler build); the script-tag bundles are
// measured as built (run npm run build first). 1 KB = 1000 bytes, as size-limit counts.
// Development builds are listed for comparison, without budgets. `--explain` lists the largest
// modules of each bundled import.
//
// Two figures per production bundle: the issue's *target* (6 / 20 / 20 KB), which gdnet does not
// meet and which is reported, not enforced (bench/RESULTS.md says why: the whole Godot 3 and 4
// API is more code than 20 KB holds); and the enforced *limit*, the last measured size plus about
// 3 %, so that nothing grows unnoticed. Lower a limit when a bundle shrinks. Two typical app
// imports (a Godot 4 client, data channels alone) have limits too, without targets. Exits 1 when a limit is passed, or when the WebSocket-only import pulls in modules it
// has no use for (tree-shaking broke).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const KB = 1000;
const explain = process.argv.includes("--explain");

/** Minified + gzip -9 size of `contents` bundled as an app importing "gdnet" would be. */
async function bundled(contents, conditions) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions,
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const [output] = result.outputFiles;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input, { bytesInOutput }]) => ({ file: input, bytesInOutput }))
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput);
  return { bytes: gzipSync(output.contents, { level: 9 }).length, inputs };
}

function file(path) {
  return { bytes: gzipSync(readFileSync(`${root}${path}`), { level: 9 }).length, inputs: [] };
}

/** What a WebSocket-only import must leave out: the Variant codecs, multiplayer, WebRTC and signaling. */
const NOT_FOR_WEBSOCKET =
  /\/(variant|multiplayer|signaling)\/|\/(scene-|rpc-|webrtc-|signaling-|multiplayer-|packet-var|network-node)/;

const WEBSOCKET_ONLY = 'export { WebSocketPeer } from "gdnet";';
const FULL_SDK = 'export * from "gdnet";';
// What typical apps import, for scale: a Godot 4 web client, and data channels on their own.
const GODOT4_CLIENT = 'export { WebSocketMultiplayerPeer, SceneMultiplayer } from "gdnet";';
const WEBRTC_ONLY = 'export { WebRTCPeerConnection, WebRTCDataChannel } from "gdnet";';
const DEVELOPMENT = ["development"];
const rows = [
  {
    name: "WebSocketPeer alone (bundler, production)",
    target: 6 * KB,
    // 7.29 KB after the server hardening (one pong staged per poll, the deferred 1008 close of
    // a rate-limited connection); the rest of the headroom is the usual 3 %.
    budget: 7.5 * KB,
    ...(await bundled(WEBSOCKET_ONLY, [])),
  },
  // These three +1.3 KB (41.35 / 39.82 / 27.83 KB) for typed containers, which RPCs with Array[int] parameters need.
  { name: "full SDK (bundler, production)", target: 20 * KB, budget: 42.6 * KB, ...(await bundled(FULL_SDK, [])) },
  { name: "dist/gdnet.iife.js", target: 20 * KB, budget: 41 * KB, ...file("packages/gdnet/dist/gdnet.iife.js") },
  {
    name: "Godot 4 client: WebSocketMultiplayerPeer + SceneMultiplayer",
    // 26.57 KB with the path cache limits, OutboundGuard (the multiplayer peer is also a
    // server, and bundlers cannot tell a browser never calls createServer) and the heartbeat set.
    budget: 28.7 * KB,
    ...(await bundled(GODOT4_CLIENT, [])),
  },
  { name: "WebRTCPeerConnection + WebRTCDataChannel", budget: 6.25 * KB, ...(await bundled(WEBRTC_ONLY, [])) },
  { name: "WebSocketPeer alone (bundler, development)", ...(await bundled(WEBSOCKET_ONLY, DEVELOPMENT)) },
  { name: "full SDK (bundler, development)", ...(await bundled(FULL_SDK, DEVELOPMENT)) },
  { name: "dist/gdnet.dev.iife.js", ...file("packages/gdnet/dist/gdnet.dev.iife.js") },
  { name: "dist/gdnet-simple-peer.iife.js", ...file("packages/gdnet/dist/gdnet-simple-peer.iife.js") },
];

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
const table = [["bundle (min + gzip -9)", "bytes", "size", "limit", "ok", "target", "met"]];
for (const row of rows) {
  const ok = row.budget === undefined ? "-" : row.bytes <= row.budget ? "yes" : "NO";
  const met = row.target === undefined ? "-" : row.bytes <= row.target ? "yes" : "not yet";
  const limit = row.budget === undefined ? "-" : kb(row.budget);
  table.push([row.name, String(row.bytes), kb(row.bytes), limit, ok, row.target === undefined ? "-" : kb(row.target), met]);
}
const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
for (const cells of table) {
  console.log(
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  "),
  );
}
if (explain) {
  for (const row of rows.filter((r) => r.inputs.length > 0)) {
    console.log(`\n${row.name}: largest modules (minified bytes, before gzip)`);
    for (const { file: input, bytesInOutput } of row.inputs.slice(0, 15))
      console.log(`${String(bytesInOutput).padStart(8)}  ${input}`);
  }
}
let failed = false;
const dragged = rows
  .filter((row) => row.name.startsWith("WebSocketPeer alone"))
  .flatMap((row) => row.inputs.filter(({ file: input }) => NOT_FOR_WEBSOCKET.test(input)).map(({ file: input }) => input));
if (dragged.length > 0) {
  console.error(`\nA WebSocket-only import carries modules it does not use (tree-shaking broke):\n  ${dragged.join("\n  ")}`);
  failed = true;
}
const missed = rows.filter((row) => row.budget !== undefined && row.bytes > row.budget);
if (missed.length > 0) {
  console.error(`\nOver the limit: ${missed.map((row) => `${row.name} by ${kb(row.bytes - row.budget)}`).join("; ")}.`);
  failed = true;
}
if (failed) process.exit(1);
const unmet = rows.filter((row) => row.target !== undefined && row.bytes > row.target);
console.log(
  unmet.length > 0
    ? `\nAll bundles are within their limits; ${unmet.length} of 3 size targets are not met yet (see bench/RESULTS.md).`
    : "\nAll bundles are within their limits and targets.",
);
