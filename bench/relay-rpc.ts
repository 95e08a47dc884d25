// Relayed RPCs: client A calls an RPC on client B 20,000 times through `gdnet relay`
// (WebSocketMultiplayerPeer + SceneMultiplayer relay: SYS RELAY, path cache, method ids, compressed
// arguments), beside the same traffic through a raw ws relay (A -> server -> B, forwarding bytes).
import type { AddressInfo } from "node:net";
import { RelayServer, SceneMultiplayer, setErrorPrinter, Vector2, WebSocketMultiplayerPeer } from "gdnet";
import { WebSocket, WebSocketServer } from "ws";
import { turn, type Workload } from "./harness.js";

const COUNT = 20_000;
const WINDOW = 256;

async function gdnetRun(): Promise<number> {
  setErrorPrinter(null);
  const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
  const url = await relay.start();
  let received = 0;
  const clients = [0, 1].map(() => {
    const peer = new WebSocketMultiplayerPeer();
    peer.outboundBufferSize = 1 << 24;
    peer.maxQueuedPackets = 1 << 16;
    const api = new SceneMultiplayer();
    api.registerNode("Game/Player", { move: () => received++ }, { rpc: { move: ["any_peer", "reliable"] } });
    peer.createClient(url);
    api.multiplayerPeer = peer;
    return { peer, api };
  });
  const [a, b] = clients as [(typeof clients)[0], (typeof clients)[0]];
  while (a.api.getPeers().length < 2 || b.api.getPeers().length < 2) {
    a.api.poll();
    b.api.poll();
    await turn();
  }
  const node = a.api.getNode("Game/Player");
  const target = b.api.getUniqueId();
  const position = new Vector2(12.5, -3.25);
  let sent = 0;
  const start = performance.now();
  while (received < COUNT) {
    while (sent < COUNT && sent - received < WINDOW) {
      node?.rpcId(target, "move", position, sent, 0.5);
      sent++;
    }
    await turn();
    a.api.poll();
    b.api.poll();
  }
  const elapsed = performance.now() - start;
  for (const c of clients) c.peer.close();
  relay.stop();
  return COUNT / (elapsed / 1000);
}

async function rawRun(): Promise<number> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const sockets: WebSocket[] = [];
  server.on("connection", (ws) => {
    sockets.push(ws);
    // Forward everything from the first client to the second, as a relay loop does.
    ws.on("message", (data, binary) => sockets[1]?.send(data, { binary }));
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const a = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve) => a.once("open", resolve));
  const b = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve) => b.once("open", resolve));
  while (sockets.length < 2) await turn();
  let received = 0;
  b.on("message", () => received++);
  // The same bytes a relayed call carries: 6 SYS bytes + an 18-byte cached REMOTE_CALL.
  const message = new Uint8Array(32);
  let sent = 0;
  const start = performance.now();
  while (received < COUNT) {
    while (sent < COUNT && sent - received < WINDOW) {
      a.send(message);
      sent++;
    }
    await turn();
  }
  const elapsed = performance.now() - start;
  a.terminate();
  b.terminate();
  server.close();
  return COUNT / (elapsed / 1000);
}

export const relayedRpc: Workload = {
  name: `relayed RPCs, ${COUNT.toLocaleString("en-US")} calls A -> server -> B`,
  unit: "calls/s",
  subjects: [
    { name: "gdnet relay + SceneMultiplayer", run: gdnetRun },
    { name: "raw ws relay loop", run: rawRun },
  ],
};
