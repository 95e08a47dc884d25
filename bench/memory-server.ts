// Child process of bench/memory.ts: one WebSocket server ("gdnet" or "ws") that reports its
// memory after a full GC whenever the parent asks. Run with --expose-gc.
import type { AddressInfo } from "node:net";
import { autoPoll, WebSocketServer as GdnetServer, GodotError, setErrorPrinter } from "gdnet";
import { WebSocketServer } from "ws";

const kind = process.argv[2];
const send = (message: object): void => {
  process.send?.(message);
};

function measure(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}

/** Connections open now. */
let connections = 0;
if (kind === "gdnet") {
  setErrorPrinter(null);
  const server = new GdnetServer();
  server.setBindIp("127.0.0.1");
  server.on("client_connected", () => connections++);
  server.on("client_disconnected", () => connections--);
  if (server.listen(0) !== GodotError.OK) throw server.getLastError();
  autoPoll(server);
  send({ port: await server.listening() });
} else {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  server.on("connection", (ws) => {
    connections++;
    ws.on("close", () => connections--);
  });
  await new Promise((resolve) => server.once("listening", resolve));
  send({ port: (server.address() as AddressInfo).port });
}
process.on("message", (message: { type: string }) => {
  if (message.type === "measure") send({ connections, ...measure() });
});
