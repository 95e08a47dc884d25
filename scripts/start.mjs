// npm start: the gdnet servers (a WebSocket echo server; later issues add relay and signaling)
// and the demo page (Vite, from sources), then prints their URLs. Ctrl+C stops everything.
// Ports: GDNET_ECHO_PORT (default 9080) and GDNET_DEMO_PORT (default 5173); a busy port moves
// to a free one.
import { fileURLToPath } from "node:url";
import { EchoServer } from "gdnet";
import { createServer } from "vite";

async function startEcho(port) {
  try {
    const echo = new EchoServer({ port });
    return { echo, url: await echo.start() };
  } catch (error) {
    if (error?.code !== "ERR_ALREADY_IN_USE" || port === 0) throw error;
    return startEcho(0);
  }
}

const { echo, url: echoUrl } = await startEcho(Number(process.env.GDNET_ECHO_PORT ?? 9080));

const vite = await createServer({
  configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
  server: { port: Number(process.env.GDNET_DEMO_PORT ?? 5173), host: true },
  plugins: [
    {
      name: "gdnet-server-urls",
      // Tells the page where the servers are (the page also accepts ?echo=ws://...).
      transformIndexHtml: () => [
        { tag: "script", children: `window.GDNET_SERVERS = ${JSON.stringify({ echo: echoUrl })};`, injectTo: "head-prepend" },
      ],
    },
  ],
});
await vite.listen();
const demoUrl = vite.resolvedUrls?.local[0] ?? "";

process.stdout.write(
  [
    "",
    "gdnet is running:",
    `  echo server    ${echoUrl}`,
    `  demo page      ${demoUrl}`,
    `  script tag     ${demoUrl}script-tag.html`,
    "",
    "Ctrl+C stops it.",
    "",
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    echo.stop();
    await vite.close();
    process.exit(0);
  });
}
