// Relay fan-out: one sender, RECEIVERS receivers, every message to everyone through a server.
// gdnet: `gdnet relay` (RelayServer: WebSocketMultiplayerPeer + SceneMultiplayer server relay,
// Godot 4 protocol) with SceneMultiplayer clients and sendBytes to 0; socket.io: socket.broadcast.emit;
// raw ws: a server loop that forwards each message to every other client. All clients are in this
// process, driven by events (gdnet's by autoPoll). The figure is deliveries per second.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { autoPoll, RelayServer, SceneMultiplayer, setErrorPrinter, WebSocketMultiplayerPeer } from "gdnet";
import { Server as SocketIoServer } from "socket.io";
import { type Socket, io as socketIoClient } from "socket.io-client";
import { WebSocket, WebSocketServer } from "ws";
import { turn, type Workload } from "./harness.js";

const RECEIVERS = 50;
const COUNT = 2_000;
const SIZE = 64;
/** Messages the sender may have ahead of the slowest delivery count. */
const WINDOW = 64;

/** Sends COUNT messages; `delivered()` counts deliveries over all receivers. Resolves with deliveries/s. */
async function pump(send: () => void, delivered: () => number): Promise<number> {
  const total = COUNT * RECEIVERS;
  let sent = 0;
  const start = performance.now();
  while (delivered() < total) {
    while (sent < COUNT && sent * RECEIVERS - delivered() < WINDOW * RECEIVERS) {
      send();
      sent++;
    }
    await turn();
  }
  return total / ((performance.now() - start) / 1000);
}

async function gdnetRun(): Promise<number> {
  setErrorPrinter(null);
  const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
  const url = await relay.start();
  let delivered = 0;
  const clients = Array.from({ length: RECEIVERS + 1 }, () => {
    const peer = new WebSocketMultiplayerPeer();
    const api = new SceneMultiplayer();
    api.on("peer_packet", () => delivered++);
    peer.createClient(url);
    api.multiplayerPeer = peer;
    return { peer, api, stop: autoPoll(api) };
  });
  while (relay.peerCount < clients.length || clients.some((c) => c.api.getPeers().length < clients.length)) await turn();
  const sender = clients[0] as (typeof clients)[0];
  const message = new Uint8Array(SIZE);
  const rate = await pump(
    () => sender.api.sendBytes(message),
    () => delivered,
  );
  for (const c of clients) {
    c.stop();
    c.peer.close();
  }
  relay.stop();
  return rate;
}

async function wsRun(): Promise<number> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  server.on("connection", (ws) => {
    ws.on("message", (data, binary) => {
      for (const other of server.clients) if (other !== ws) other.send(data, { binary });
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let delivered = 0;
  const clients = await Promise.all(
    Array.from({ length: RECEIVERS + 1 }, async () => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.on("message", () => delivered++);
      await new Promise((resolve) => ws.once("open", resolve));
      return ws;
    }),
  );
  while (server.clients.size < clients.length) await turn();
  const sender = clients[0] as WebSocket;
  const message = new Uint8Array(SIZE);
  const rate = await pump(
    () => sender.send(message),
    () => delivered,
  );
  for (const ws of clients) ws.terminate();
  server.close();
  return rate;
}

async function socketIoRun(): Promise<number> {
  const http = createServer();
  const server = new SocketIoServer(http, { transports: ["websocket"] });
  server.on("connection", (socket) => socket.on("m", (data: unknown) => socket.broadcast.emit("m", data)));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let delivered = 0;
  const clients = await Promise.all(
    Array.from({ length: RECEIVERS + 1 }, async () => {
      const socket = socketIoClient(url, { transports: ["websocket"], forceNew: true });
      socket.on("m", () => delivered++);
      await new Promise((resolve) => socket.once("connect", () => resolve(undefined)));
      return socket;
    }),
  );
  const sender = clients[0] as Socket;
  const message = Buffer.alloc(SIZE);
  const rate = await pump(
    () => sender.emit("m", message),
    () => delivered,
  );
  for (const socket of clients) socket.close();
  await new Promise((resolve) => server.close(resolve));
  return rate;
}

export const relayFanOut: Workload = {
  name: `relay fan-out, 1 sender -> ${RECEIVERS} receivers, ${COUNT.toLocaleString("en-US")} x ${SIZE} B`,
  unit: "deliveries/s",
  subjects: [
    { name: "gdnet relay (Godot 4 protocol)", run: gdnetRun },
    { name: "raw ws broadcast loop", run: wsRun },
    { name: "socket.io broadcast", run: socketIoRun },
  ],
};
