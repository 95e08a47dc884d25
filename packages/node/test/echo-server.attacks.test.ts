// Attacks on a running EchoServer (`gdnet echo`): each test runs an honest client beside the
// attacker and asserts that it keeps every one of its packets, in order, and that the server lives.
import { connect, type Socket } from "node:net";
import { EchoServer, WebSocketState } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import { HonestEchoClient } from "../../../test-support/honest-client.js";
import { pollUntil } from "../../../test-support/poll-until.js";
import { closed, readHead, upgradeRequest } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(configure: (echo: EchoServer) => void = () => {}) {
  const echo = new EchoServer({ host: "127.0.0.1" });
  configure(echo);
  const url = await echo.start();
  cleanups.push(() => echo.stop());
  const honest = new HonestEchoClient(url);
  cleanups.push(() => honest.close());
  await honest.open();
  await honest.exchange(10);
  return { echo, url, port: Number(new URL(url).port), honest };
}

function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
    cleanups.push(() => socket.destroy());
  });
}

function wsClient(url: string, protocols: string[] = []): Promise<WsClient> {
  const ws = new WsClient(url, protocols, { perMessageDeflate: false });
  cleanups.push(() => ws.terminate());
  ws.on("error", () => {});
  return new Promise((resolve) => ws.once("open", () => resolve(ws)));
}

function closeOf(ws: WsClient): Promise<[number, string]> {
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve([code, reason.toString()])));
}

describe("EchoServer under attack", () => {
  it("closes a client that sends a frame over the inbound limit with 1009; the honest client keeps every packet", async () => {
    const { url, honest } = await setup();
    const attacker = await wsClient(url);
    const closing = closeOf(attacker);
    attacker.send(new Uint8Array(200 * 1024));
    await honest.exchange(50);
    expect((await closing)[0]).toBe(1009);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it('closes a client that sends a message in 20,000 one-byte fragments with 1008 "Too many message fragments"; the honest client keeps every packet', async () => {
    const { url, honest } = await setup();
    const attacker = await wsClient(url);
    const closing = closeOf(attacker);
    // 20 KB of payload, far under the 64 KiB inbound limit: only the fragment count is over.
    for (let i = 0; i < 20_000; i++) attacker.send(Uint8Array.of(i), { binary: true, fin: false });
    await honest.exchange(50);
    expect(await closing).toEqual([1008, "Too many message fragments"]);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("survives a flood past the queue limits from a client that never reads its echoes", async () => {
    const { echo, url, honest } = await setup();
    const attacker = await wsClient(url);
    // Never read: the server's outbound queue to the attacker fills and its inbound queue pauses
    // the attacker's socket; neither may touch the honest client.
    attacker.pause();
    const packet = new Uint8Array(512);
    for (let i = 0; i < 20_000; i++) attacker.send(packet);
    await honest.exchange(300);
    expect(honest.intact()).toBe(true);
    expect(echo.server.isListening()).toBe(true);
  });

  it("answers a client that floods pings and never reads with one waiting pong, not one per ping; the honest client keeps every packet", async () => {
    const { echo, port, honest } = await setup();
    const connected: number[] = [];
    echo.server.on("client_connected", (id) => connected.push(id));
    const socket = await tcp(port);
    socket.write(upgradeRequest(port));
    await readHead(socket);
    await pollUntil({ poll: () => honest.pump() }, () => connected.length === 1, { what: "the pinging client to be admitted" });
    const id = connected[0] as number;
    // Stop reading, then 20,000 masked pings of 125 bytes (2.6 MB) in one write, and a message
    // whose echo says the server has read them all.
    socket.pause();
    const pings = 20_000;
    const frames: Buffer[] = [];
    for (let i = 0; i < pings; i++) {
      const payload = Buffer.alloc(125, 0x2e);
      payload.write(String(i));
      frames.push(Buffer.from([0x89, 0x80 | 125, 0, 0, 0, 0]), payload);
    }
    frames.push(Buffer.from([0x82, 0x80 | 4, 0, 0, 0, 0]), Buffer.from("done"));
    socket.write(Buffer.concat(frames));
    const echoed = echo.echoed;
    await pollUntil({ poll: () => honest.pump() }, () => echo.echoed > echoed || !echo.server.hasPeer(id), {
      what: "the server to read every ping",
    });
    expect(echo.server.hasPeer(id)).toBe(true);
    // Now read: the last pong carries the last ping's payload, and there are far fewer pongs than pings.
    const pongs: string[] = [];
    let bytes = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      while (bytes.length >= 2 && bytes.length >= 2 + ((bytes[1] as number) & 0x7f)) {
        const length = (bytes[1] as number) & 0x7f;
        if (((bytes[0] as number) & 0x0f) === 0xa)
          pongs.push(
            bytes
              .subarray(2, 2 + length)
              .toString("latin1")
              .replace(/\.+$/, ""),
          );
        bytes = bytes.subarray(2 + length);
      }
    });
    let ended = false;
    socket.once("end", () => (ended = true));
    socket.resume();
    await pollUntil({ poll: () => honest.pump() }, () => pongs.at(-1) === String(pings - 1) || ended, {
      what: "the pong for the last ping",
    });
    expect(ended).toBe(false);
    expect(pongs.length).toBeLessThan(pings / 10);
    expect(pongs.map(Number)).toEqual([...pongs.map(Number)].sort((a, b) => a - b));
    expect(echo.server.hasPeer(id)).toBe(true);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("answers a burst of 1000 pings from a client that reads its pongs, the last one included, and keeps it", async () => {
    const { url, honest } = await setup();
    const pinger = await wsClient(url);
    const pongs: number[] = [];
    pinger.on("pong", (data) => pongs.push(Number(data.toString())));
    for (let i = 0; i < 1000; i++) pinger.ping(String(i));
    await pollUntil({ poll: () => honest.pump() }, () => pongs.at(-1) === 999 || pinger.readyState !== WsClient.OPEN, {
      what: "the pong for the last ping",
    });
    expect(pinger.readyState).toBe(WsClient.OPEN);
    expect(pongs).toEqual([...pongs].sort((a, b) => a - b));
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("closes a client that sends invalid UTF-8 in a text frame with 1007", async () => {
    const { url, honest } = await setup();
    const attacker = await wsClient(url);
    const closing = closeOf(attacker);
    // ws sends a Buffer as a text frame without checking it.
    attacker.send(Buffer.from([0x68, 0xc3, 0x28, 0xff]), { binary: false });
    await honest.exchange(20);
    expect((await closing)[0]).toBe(1007);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("drops 500 half-open connections on the handshake timeout while the honest client keeps working", async () => {
    const { port, honest } = await setup((echo) => {
      echo.server.handshakeTimeout = 1;
    });
    const sockets = await Promise.all(Array.from({ length: 500 }, () => tcp(port)));
    // Half of them start a handshake and never finish it.
    for (const socket of sockets.slice(0, 250)) socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
    const allClosed = Promise.all(sockets.map((socket) => closed(socket)));
    await honest.exchange(100);
    let done = false;
    void allClosed.then(() => (done = true));
    await pollUntil({ poll: () => honest.pump() }, () => done, { what: "the server to drop the 500 half-open connections" });
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("answers 431 to handshake headers over 4 KiB, and 400 to an unknown subprotocol", async () => {
    const { port, honest } = await setup();
    const big = await tcp(port);
    big.write(upgradeRequest(port, [`X-Junk: ${"a".repeat(5000)}`]));
    expect(await readHead(big)).toMatch(/^HTTP\/1\.1 431 /);
    const stranger = await tcp(port);
    stranger.write(upgradeRequest(port, ["Sec-WebSocket-Protocol: evil"]));
    expect(await readHead(stranger)).toMatch(/^HTTP\/1\.1 400 /);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("answers 431 to a 6 KB head of short headers, and to a head still going past 4096 bytes, at once", async () => {
    const { port, honest } = await setup();
    const short = Array.from({ length: 680 }, (_, i) => `H${i}: v`);
    const many = await tcp(port);
    many.write(upgradeRequest(port, short));
    expect(await readHead(many)).toMatch(/^HTTP\/1\.1 431 /);
    // No blank line: the head never ends, and the answer does not wait for the handshake deadline.
    const endless = await tcp(port);
    endless.write(upgradeRequest(port, short).slice(0, -2));
    expect(await readHead(endless)).toMatch(/^HTTP\/1\.1 431 /);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("forgets a client destroyed in the middle of a message", async () => {
    const { echo, port, honest } = await setup();
    const connected: number[] = [];
    const disconnected: number[] = [];
    echo.server.on("client_connected", (id) => connected.push(id));
    echo.server.on("client_disconnected", (id) => disconnected.push(id));
    const socket = await tcp(port);
    socket.write(upgradeRequest(port));
    await readHead(socket);
    await pollUntil({ poll: () => honest.pump() }, () => connected.length === 1, { what: "the raw client to be admitted" });
    // A masked binary frame header announcing 1000 bytes, then 10 of them, then nothing.
    socket.write(Buffer.from([0x82, 0xfe, 0x03, 0xe8, 1, 2, 3, 4, ...new Array(10).fill(7)]));
    socket.destroy();
    await pollUntil({ poll: () => honest.pump() }, () => disconnected.length === 1, {
      what: "the server to forget the broken client",
    });
    expect(disconnected).toEqual(connected);
    expect(echo.server.hasPeer(connected[0] as number)).toBe(false);
    await honest.exchange(20);
    expect(honest.intact()).toBe(true);
  });

  it("closes every client with 1001 when stopped", async () => {
    const { echo, honest } = await setup();
    echo.stop();
    await pollUntil(honest.peer, () => honest.peer.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(honest.peer.getCloseCode()).toBe(1001);
    expect(honest.intact()).toBe(true);
  });
});
