// A gdnet WebSocketServer echo server run as a child process by startGdnetServerProcess()
// (godot3.ts): `node --import tsx --conditions=@gdnet/source gdnet-server-process.ts '["ludus"]'`.
// It reports like a Godot scenario, one `GDNET {json}` line per signal, so a test can watch a gdnet
// server that might crash without taking the test process down with it.
import { autoPoll, GodotError, setErrorPrinter, WebSocketServer, WriteMode } from "gdnet";
import { summarize } from "./packets.js";

function report(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`GDNET ${JSON.stringify({ event, ...fields })}\n`);
}

process.on("uncaughtException", (error: Error & { code?: string }) => {
  report("uncaught", { code: error.code ?? "", message: error.message });
  process.exit(70);
});
setErrorPrinter((error) => report("gdnet_error", { code: error.code, message: error.message }));

const protocols = JSON.parse(process.argv[2] ?? "[]") as string[];
const server = new WebSocketServer();
server.setBindIp("127.0.0.1");
server.on("client_connected", (id, protocol) => report("client_connected", { id, protocol }));
server.on("data_received", (id) => {
  const peer = server.getPeer(id);
  while (peer && peer.getAvailablePacketCount() > 0) {
    const packet = peer.getPacket();
    const wasString = peer.wasStringPacket();
    report("data_received", { id, ...summarize(packet, wasString) });
    peer.send(packet, wasString ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY);
  }
});
server.on("client_close_request", (id, code, reason) => report("client_close_request", { id, code, reason }));
server.on("client_disconnected", (id, clean) => report("client_disconnected", { id, was_clean_close: clean }));
if (server.listen(0, protocols) !== GodotError.OK) throw server.getLastError();
const port = await server.listening();
autoPoll(server);
report("listening", { port, url: `ws://127.0.0.1:${port}/` });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.stop();
    process.exit(0);
  });
}
