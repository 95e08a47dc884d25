import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { GodotError, setErrorPrinter, WebSocketServer } from "gdnet";

/** Errors printed by gdnet during a test (they are expected in many tests; keep the output clean). */
export const printed: string[] = [];
setErrorPrinter((error) => printed.push(`${error.code}: ${error.message}`));

/** A gdnet WebSocketServer listening on a free port of 127.0.0.1; returns it and its URL. */
export async function startServer(
  configure: (server: WebSocketServer) => void = () => {},
  protocols: string[] = [],
): Promise<{ server: WebSocketServer; url: string; port: number }> {
  const server = new WebSocketServer();
  server.setBindIp("127.0.0.1");
  configure(server);
  const error = server.listen(0, protocols);
  if (error !== GodotError.OK) throw server.getLastError();
  const port = await server.listening();
  return { server, url: `ws://127.0.0.1:${port}/`, port };
}

/** A raw TCP connection to `port`, for speaking HTTP by hand. */
export function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Reads from `socket` until the end of the HTTP response head (or the socket closes). */
export function readHead(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer): void => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n\r\n")) done();
    };
    const done = (): void => {
      socket.off("data", onData);
      socket.off("close", done);
      resolve(text);
    };
    socket.on("data", onData);
    socket.once("close", done);
  });
}

/** Resolves when `socket` is closed by the other side. */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once("close", () => resolve());
  });
}

/** A TCP server that accepts and never answers (for connection attempts that stall). */
export async function silentTcpServer(): Promise<{ server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.on("close", () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A standard WebSocket upgrade request head. */
export function upgradeRequest(port: number, extra: string[] = []): string {
  return [
    "GET /chat HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
    ...extra,
    "",
    "",
  ].join("\r\n");
}
