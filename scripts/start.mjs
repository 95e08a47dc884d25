// npm start: the gdnet servers (WebSocket echo, WebRTC signaling, multiplayer relay), Node peers
// for the demo to talk to, and the demo page (Vite, from sources); prints their URLs. Ctrl+C
// stops all. Ports: GDNET_ECHO_PORT (9080), GDNET_SIGNALING_PORT (9081), GDNET_RELAY_PORT (9082),
// GDNET_DEMO_PORT (5173); a busy port moves to a free one.
import { fileURLToPath } from "node:url";
import { EchoServer, RelayServer, SignalingServer } from "gdnet";
import { createServer } from "vite";
import { startDemoPeer } from "./demo-peer.mjs";
import { startWorldHost } from "./demo-world.mjs";

/** Starts `make(port)`; when the port is taken, starts it on a free one instead. */
async function startOn(port, make) {
  try {
    const server = make(port);
    return { server, url: await server.start() };
  } catch (error) {
    if (error?.code !== "ERR_ALREADY_IN_USE" || port === 0) throw error;
    return startOn(0, make);
  }
}

const { server: echo, url: echoUrl } = await startOn(
  Number(process.env.GDNET_ECHO_PORT ?? 9080),
  (port) => new EchoServer({ port }),
);
const { server: signaling, url: signalingUrl } = await startOn(
  Number(process.env.GDNET_SIGNALING_PORT ?? 9081),
  (port) => new SignalingServer({ port }),
);
const { server: relay, url: relayUrl } = await startOn(
  Number(process.env.GDNET_RELAY_PORT ?? 9082),
  (port) => new RelayServer({ port }),
);
const demoPeer = await startDemoPeer(signalingUrl);
const worldHost = await startWorldHost(signalingUrl);

const vite = await createServer({
  configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
  server: { port: Number(process.env.GDNET_DEMO_PORT ?? 5173), host: true },
  plugins: [
    {
      name: "gdnet-server-urls",
      // Tells the page where the servers are (the page also accepts ?echo=ws://...).
      transformIndexHtml: () => [
        {
          tag: "script",
          children: `window.GDNET_SERVERS = ${JSON.stringify({
            echo: echoUrl,
            signaling: signalingUrl,
            nodeLobby: demoPeer.lobby,
            relay: relayUrl,
            worldLobby: worldHost.lobby,
          })};`,
          injectTo: "head-prepend",
        },
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
    `  signaling      ${signalingUrl} (Godot 4 protocol)`,
    `  relay          ${relayUrl} (Godot 4 multiplayer)`,
    `  Node peer      lobby ${demoPeer.lobby}`,
    `  world host     lobby ${worldHost.lobby}`,
    `  demo page      ${demoUrl}`,
    `  script tag     ${demoUrl}script-tag.html`,
    "",
    "Ctrl+C stops it.",
    "",
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    demoPeer.stop();
    worldHost.stop();
    relay.stop();
    echo.stop();
    signaling.stop();
    await vite.close();
    process.exit(0);
  });
}
