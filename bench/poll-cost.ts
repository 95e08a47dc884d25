// The cost of poll(): a connected gdnet WebSocketPeer polled with nothing new, and polled right
// after 100 packets arrived (poll moves them from the arrival log to the readable queue; the
// packets are then read outside the timed part). There is no peer to compare with: ws has no
// poll; the figure is the price of the Godot-style poll model itself.
import { autoPoll, GodotError, setErrorPrinter, WebSocketPeer, WebSocketServer } from "gdnet";
import { turn, type Workload } from "./harness.js";

const IDLE_POLLS = 1_000_000;
const BATCHES = 2_000;
const BATCH = 100;

async function connected(): Promise<{ server: WebSocketServer; client: WebSocketPeer; sender: WebSocketPeer; stop: () => void }> {
  setErrorPrinter(null);
  const server = new WebSocketServer();
  server.setBindIp("127.0.0.1");
  if (server.listen(0) !== GodotError.OK) throw server.getLastError();
  const port = await server.listening();
  const stop = autoPoll(server);
  let id = 0;
  server.on("client_connected", (peer) => (id = peer));
  const client = new WebSocketPeer();
  client.inboundBufferSize = 1 << 20;
  client.connectToUrl(`ws://127.0.0.1:${port}/`);
  while (client.getReadyState() !== WebSocketPeer.STATE_OPEN || id === 0) {
    await turn();
    client.poll();
  }
  return { server, client, sender: server.getPeer(id) as WebSocketPeer, stop };
}

async function idle(): Promise<number> {
  const { server, client, stop } = await connected();
  const start = process.hrtime.bigint();
  for (let i = 0; i < IDLE_POLLS; i++) client.poll();
  const ns = Number(process.hrtime.bigint() - start) / IDLE_POLLS;
  stop();
  server.stop();
  return ns;
}

async function withPackets(): Promise<number> {
  const { server, client, sender, stop } = await connected();
  const packet = new Uint8Array(64);
  let woken = false;
  client.setWakeHandler(() => (woken = true));
  let total = 0n;
  for (let batch = 0; batch < BATCHES; batch++) {
    woken = false;
    for (let i = 0; i < BATCH; i++) sender.putPacket(packet);
    // The 100 frames leave in one write and are parsed in one 'data' event: once the wake handler
    // has fired and that event is over, all of them wait in the arrival log.
    while (!woken) await turn();
    await turn();
    const start = process.hrtime.bigint();
    client.poll();
    total += process.hrtime.bigint() - start;
    if (client.getAvailablePacketCount() !== BATCH)
      throw new Error(`expected ${BATCH} packets, got ${client.getAvailablePacketCount()}`);
    while (client.getAvailablePacketCount() > 0) client.getPacket();
  }
  stop();
  server.stop();
  return Number(total) / BATCHES;
}

export const pollIdle: Workload = {
  name: "poll() of a connected WebSocketPeer, nothing new",
  unit: "ns/poll",
  lowerIsBetter: true,
  subjects: [{ name: "gdnet WebSocketPeer.poll()", run: idle }],
};

export const pollWithPackets: Workload = {
  name: `poll() of a WebSocketPeer with ${BATCH} packets just arrived`,
  unit: "ns/poll",
  lowerIsBetter: true,
  subjects: [{ name: "gdnet WebSocketPeer.poll()", run: withPackets }],
};
