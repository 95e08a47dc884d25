// WebSocket echo on one connection: the client keeps WINDOW messages in flight and counts echoes.
// gdnet: a WebSocketPeer (polled as soon as something arrives, as autoPoll does) against gdnet's
// EchoServer; raw ws: ws client and server echoing in their "message" handlers; socket.io: the
// websocket transport only, emit/echo of a Buffer.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { autoPoll, EchoServer, setErrorPrinter, WebSocketPeer } from "gdnet";
import { Server as SocketIoServer } from "socket.io";
import { io as socketIoClient } from "socket.io-client";
import { WebSocket, WebSocketServer } from "ws";
import type { Workload } from "./harness.js";

const WINDOW = 32;

/** Sends `count` messages with `WINDOW` in flight; resolves with messages per second. */
function pump(count: number, send: () => void, onEcho: (handler: () => void) => void): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let received = 0;
    const start = performance.now();
    onEcho(() => {
      received++;
      if (sent < count) {
        send();
        sent++;
      } else if (received === count) {
        resolve(count / ((performance.now() - start) / 1000));
      }
    });
    for (; sent < Math.min(WINDOW, count); sent++) send();
  });
}

async function gdnetRun(size: number, count: number): Promise<number> {
  setErrorPrinter(null);
  const echo = new EchoServer({ port: 0, host: "127.0.0.1" });
  const url = await echo.start();
  const peer = new WebSocketPeer();
  peer.connectToUrl(url);
  const message = new Uint8Array(size);
  let handler: () => void = () => {};
  let opened: () => void = () => {};
  const open = new Promise<void>((resolve) => (opened = resolve));
  const stop = autoPoll({
    poll() {
      peer.poll();
      if (peer.getReadyState() === WebSocketPeer.STATE_OPEN) opened();
      while (peer.getAvailablePacketCount() > 0) {
        peer.getPacket();
        handler();
      }
    },
    setWakeHandler: (wake) => peer.setWakeHandler(wake),
  });
  await open;
  const rate = await pump(
    count,
    () => peer.putPacket(message),
    (h) => (handler = h),
  );
  stop();
  peer.close(-1);
  echo.stop();
  return rate;
}

async function wsRun(size: number, count: number): Promise<number> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  server.on("connection", (ws) => ws.on("message", (data, binary) => ws.send(data, { binary })));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, { perMessageDeflate: false });
  await new Promise((resolve) => client.once("open", resolve));
  const message = new Uint8Array(size);
  const rate = await pump(
    count,
    () => client.send(message),
    (h) => client.on("message", h),
  );
  client.terminate();
  server.close();
  return rate;
}

async function socketIoRun(size: number, count: number): Promise<number> {
  const http = createServer();
  const server = new SocketIoServer(http, { transports: ["websocket"], perMessageDeflate: false, maxHttpBufferSize: 1 << 20 });
  server.on("connection", (socket) => socket.on("m", (data: unknown) => socket.emit("m", data)));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  const client = socketIoClient(`http://127.0.0.1:${port}`, { transports: ["websocket"] });
  await new Promise((resolve) => client.once("connect", () => resolve(undefined)));
  const message = Buffer.alloc(size);
  const rate = await pump(
    count,
    () => client.emit("m", message),
    (h) => client.on("m", h),
  );
  client.close();
  await new Promise((resolve) => server.close(resolve));
  return rate;
}

function echoWorkload(size: number, count: number, label: string): Workload {
  return {
    name: `echo ${label}, ${count.toLocaleString("en-US")} messages, ${WINDOW} in flight`,
    unit: "msg/s",
    // Runs of a third of a second or less: more rounds steady the medians on a loaded machine.
    rounds: 9,
    subjects: [
      { name: "gdnet WebSocketPeer + EchoServer", run: () => gdnetRun(size, count) },
      { name: "raw ws", run: () => wsRun(size, count) },
      { name: "socket.io (websocket transport)", run: () => socketIoRun(size, count) },
    ],
  };
}

export const echoSmall: Workload = echoWorkload(64, 40_000, "64 B");
export const echoLarge: Workload = echoWorkload(16 * 1024, 10_000, "16 KiB");
