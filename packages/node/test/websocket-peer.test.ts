// Godot 4's WebSocketPeer bound to Node (classes.ts), against real servers: gdnet's own
// WebSocketServer, and a bare `ws` server where a test must see the raw handshake or misbehave.
import type { AddressInfo } from "node:net";
import { GodotError, toUtf8, WebSocketPeer, type WebSocketServer, WebSocketState, WriteMode } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer as RawServer, type WebSocket as RawSocket } from "ws";
import { pollUntil } from "../../../test-support/poll-until.js";
import { startServer } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function serverAndClient(configure?: (server: WebSocketServer) => void, protocols: string[] = []) {
  const { server, url } = await startServer(configure, protocols);
  cleanups.push(() => server.stop());
  const client = new WebSocketPeer();
  cleanups.push(() => client.close(-1));
  return { server, url, client };
}

async function connected(configure?: (server: WebSocketServer) => void) {
  const { server, url, client } = await serverAndClient(configure);
  const ids: number[] = [];
  server.on("client_connected", (id) => ids.push(id));
  expect(client.connectToUrl(url)).toBe(GodotError.OK);
  await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_OPEN && ids.length === 1);
  const serverPeer = server.getPeer(ids[0] as number);
  if (!serverPeer) throw new Error("no server peer");
  return { server, url, client, id: ids[0] as number, serverPeer };
}

async function rawServer(options: ConstructorParameters<typeof RawServer>[0] = {}) {
  const wss = new RawServer({ port: 0, host: "127.0.0.1", ...options });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  cleanups.push(() => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  });
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` };
}

describe("WebSocketPeer on Node", () => {
  it("starts closed, connects, and reports the protocol, host, port and requested URL", async () => {
    const { server, url, client } = await serverAndClient(undefined, ["ludus"]);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
    client.supportedProtocols = ["chat", "ludus"];
    expect(client.connectToUrl(url)).toBe(GodotError.OK);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_CONNECTING);
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_OPEN);
    expect(client.getSelectedProtocol()).toBe("ludus");
    expect(client.getConnectedHost()).toBe("127.0.0.1");
    expect(client.getConnectedPort()).toBe(server.getLocalPort());
    expect(client.getRequestedUrl()).toBe(url);
  });

  it("makes nothing visible between polls: state and packets change only in poll()", async () => {
    const { server, client, serverPeer } = await connected();
    serverPeer.putPacket(toUtf8("one"));
    // Let the socket deliver without polling the client: nothing may show yet.
    await pollUntil(server, () => serverPeer.getCurrentOutboundBufferedAmount() === 0);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(client.getAvailablePacketCount()).toBe(0);
    await pollUntil([server, client], () => client.getAvailablePacketCount() === 1);
    serverPeer.close(4000, "later");
    await pollUntil(server, () => serverPeer.getReadyState() !== WebSocketState.STATE_OPEN);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("sends text and binary frames, and the server sees each write mode", async () => {
    const { server, client, serverPeer } = await connected();
    expect(client.sendText("héllo")).toBe(GodotError.OK);
    expect(client.send(new Uint8Array([0, 1, 2, 255]), WriteMode.WRITE_MODE_BINARY)).toBe(GodotError.OK);
    expect(client.send(toUtf8("as text"), WriteMode.WRITE_MODE_TEXT)).toBe(GodotError.OK);
    await pollUntil([server, client], () => serverPeer.getAvailablePacketCount() === 3);
    const received = [0, 1, 2].map(() => ({ bytes: [...serverPeer.getPacket()], text: serverPeer.wasStringPacket() }));
    expect(received).toEqual([
      { bytes: [...toUtf8("héllo")], text: true },
      { bytes: [0, 1, 2, 255], text: false },
      { bytes: [...toUtf8("as text")], text: true },
    ]);
  });

  it("putPacket sends binary by default and text after setWriteMode(WRITE_MODE_TEXT)", async () => {
    const { server, client, serverPeer } = await connected();
    expect(client.getWriteMode()).toBe(WriteMode.WRITE_MODE_BINARY);
    client.putPacket(toUtf8("b"));
    client.setWriteMode(WriteMode.WRITE_MODE_TEXT);
    client.putPacket(toUtf8("t"));
    await pollUntil([server, client], () => serverPeer.getAvailablePacketCount() === 2);
    serverPeer.getPacket();
    expect(serverPeer.wasStringPacket()).toBe(false);
    serverPeer.getPacket();
    expect(serverPeer.wasStringPacket()).toBe(true);
  });

  it("refuses text-mode bytes that are not UTF-8 with ERR_INVALID_DATA and sends nothing", async () => {
    const { client } = await connected();
    expect(client.send(new Uint8Array([0xff]), WriteMode.WRITE_MODE_TEXT)).toBe(GodotError.ERR_INVALID_DATA);
    expect(client.getLastError()?.message).toMatch(/WRITE_MODE_BINARY/);
  });

  it("returns FAILED when sending before the connection is open", async () => {
    const { url, client } = await serverAndClient();
    client.connectToUrl(url);
    expect(client.sendText("too early")).toBe(GodotError.FAILED);
  });

  it("gives an empty packet and ERR_UNAVAILABLE when the queue is empty", async () => {
    const { client } = await connected();
    expect(client.getPacket()).toHaveLength(0);
    expect(client.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it("closes with a code and reason the server receives, and reads the server's answer", async () => {
    const { server, client, serverPeer } = await connected();
    expect(client.close(4001, "bye")).toBe(GodotError.OK);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_CLOSING);
    await pollUntil(
      [server, client],
      () => client.getReadyState() === WebSocketState.STATE_CLOSED && serverPeer.getReadyState() === WebSocketState.STATE_CLOSED,
    );
    expect(serverPeer.getCloseCode()).toBe(4001);
    expect(serverPeer.getCloseReason()).toBe("bye");
    expect(client.getCloseCode()).toBe(4001);
  });

  it("reports the code and reason the server closes with", async () => {
    const { server, client, serverPeer } = await connected();
    serverPeer.close(4002, "kicked");
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect([client.getCloseCode(), client.getCloseReason()]).toEqual([4002, "kicked"]);
  });

  it("reports close code -1 when the connection drops without a close frame", async () => {
    const { server, client, serverPeer } = await connected();
    serverPeer.close(-1);
    expect(serverPeer.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect([client.getCloseCode(), client.getCloseReason()]).toEqual([-1, ""]);
  });

  it("refuses close codes that may not be sent", async () => {
    const { client } = await connected();
    expect(client.close(1005)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(client.close(1000, "x".repeat(124))).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("refuses connectToUrl while connected, and connects again once closed", async () => {
    const { server, url, client } = await connected();
    expect(client.connectToUrl(url)).toBe(GodotError.ERR_ALREADY_IN_USE);
    client.close();
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(client.connectToUrl(url)).toBe(GodotError.OK);
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_OPEN);
  });

  it("refuses a bad URL and server TLS options with ERR_INVALID_PARAMETER", () => {
    const client = new WebSocketPeer();
    expect(client.connectToUrl("http://example.com")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
  });

  it("ends a refused connection in STATE_CLOSED with the reason in getLastError()", async () => {
    const { url, server } = await startServer();
    server.stop();
    const client = new WebSocketPeer();
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(client.getLastError()?.code).toBe("ERR_CANT_CONNECT");
    expect(client.getCloseCode()).toBe(-1);
  });

  it("sends its handshakeHeaders and offers its supportedProtocols", async () => {
    const { wss, url } = await rawServer({ handleProtocols: (protocols) => [...protocols][1] ?? false });
    const seen = new Promise<Record<string, string | string[] | undefined>>((resolve) =>
      wss.once("connection", (_ws, req) => resolve(req.headers)),
    );
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    client.handshakeHeaders = ["X-Game-Token: abc123", "X-Player: 7"];
    client.supportedProtocols = ["one", "two"];
    client.connectToUrl(url);
    const headers = await seen;
    expect(headers["x-game-token"]).toBe("abc123");
    expect(headers["x-player"]).toBe("7");
    expect(headers["sec-websocket-protocol"]).toBe("one,two");
    // Godot never negotiates extensions, and neither does gdnet.
    expect(headers["sec-websocket-extensions"]).toBeUndefined();
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    expect(client.getSelectedProtocol()).toBe("two");
  });

  it("refuses an invalid handshake header with ERR_INVALID_PARAMETER", async () => {
    const { url, client } = await serverAndClient();
    client.handshakeHeaders = ["Sec-WebSocket-Key: forged"];
    expect(client.connectToUrl(url)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("closes with 1009 when a message is larger than inboundBufferSize", async () => {
    const { server, url, client } = await serverAndClient();
    client.inboundBufferSize = 1000;
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
    server.getPeer(ids[0] as number)?.putPacket(new Uint8Array(1001));
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(client.getAvailablePacketCount()).toBe(0);
    expect(client.getLastError()?.closeCode).toBe(1009);
    expect(server.getPeerIds()).toEqual([]);
  });

  it("accepts a message exactly inboundBufferSize long", async () => {
    const { server, url, client } = await serverAndClient();
    client.inboundBufferSize = 1000;
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
    server.getPeer(ids[0] as number)?.putPacket(new Uint8Array(1000));
    await pollUntil([server, client], () => client.getAvailablePacketCount() === 1);
    expect(client.getPacket()).toHaveLength(1000);
  });

  it("returns ERR_OUT_OF_MEMORY and sends nothing when a message passes outboundBufferSize", async () => {
    const { server, client, serverPeer } = await connected();
    expect(client.getOutboundBufferSize()).toBe(65535);
    expect(client.putPacket(new Uint8Array(65536))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(client.putPacket(new Uint8Array(65535))).toBe(GodotError.OK);
    await pollUntil([server, client], () => serverPeer.getAvailablePacketCount() === 1);
    expect(serverPeer.getPacket()).toHaveLength(65535);
    expect(serverPeer.getAvailablePacketCount()).toBe(0);
  });

  it("returns ERR_OUT_OF_MEMORY once maxQueuedPackets messages wait to be written", async () => {
    // The raw server stops reading, so the kernel buffers fill and messages start to queue.
    const { wss, url } = await rawServer();
    wss.on("connection", (ws: RawSocket) => ws.pause());
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    client.maxQueuedPackets = 4;
    client.outboundBufferSize = 64 * 1024 * 1024;
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    const chunk = new Uint8Array(60_000);
    let sent = 0;
    let result: GodotError = GodotError.OK;
    while (result === GodotError.OK && sent < 2000) {
      result = client.putPacket(chunk);
      if (result === GodotError.OK) sent++;
    }
    expect(result).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(client.getLastError()?.message).toMatch(/4 messages/);
    expect(client.getCurrentOutboundBufferedAmount()).toBeGreaterThan(0);
  });

  it("pauses reading when the inbound queue is full, and loses nothing", async () => {
    const { server, url, client } = await serverAndClient((s) => s.setBuffers(64, 1024, 16384, 16384));
    client.maxQueuedPackets = 16;
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
    const serverPeer = server.getPeer(ids[0] as number);
    const total = 3000;
    for (let i = 0; i < total; i++) {
      const message = new Uint8Array(1000);
      new DataView(message.buffer).setUint32(0, i);
      expect(serverPeer?.putPacket(message)).toBe(GodotError.OK);
    }
    await pollUntil([server, client], () => client.getAvailablePacketCount() >= 16);
    // Give the socket many turns to deliver more: with reading paused, the queue stays near its limit.
    for (let turn = 0; turn < 200; turn++) {
      client.poll();
      server.poll();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(client.getAvailablePacketCount()).toBeLessThan(16 + 200);
    let next = 0;
    await pollUntil([server, client], () => {
      while (client.getAvailablePacketCount() > 0) {
        const packet = client.getPacket();
        expect(new DataView(packet.buffer, packet.byteOffset).getUint32(0)).toBe(next);
        next++;
      }
      return next === total;
    });
    expect(client.getDroppedPacketCount()).toBe(0);
  });

  it("sends pings every heartbeatInterval and stays open while pongs come back", async () => {
    const { wss, url } = await rawServer();
    let pings = 0;
    wss.on("connection", (ws: RawSocket) => ws.on("ping", () => pings++));
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    // Long enough that a busy CI core cannot delay a pong past it (the no-pong case below is exact).
    client.heartbeatInterval = 0.25;
    client.connectToUrl(url);
    await pollUntil(client, () => pings >= 3);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("lives through a server that answers one ping with 100,000 pongs, and keeps its packets in order", async () => {
    const { wss, url } = await rawServer({ autoPong: false });
    wss.on("connection", (ws: RawSocket) =>
      ws.on("ping", () => {
        // An unmasked empty pong frame (server to client) is 2 bytes; a packet before and after.
        const socket = (ws as unknown as { _socket: import("node:net").Socket })._socket;
        const frames = Buffer.alloc(100_000 * 2);
        for (let i = 0; i < frames.length; i += 2) frames.set([0x8a, 0x00], i);
        socket.write(Buffer.concat([Buffer.from([0x82, 0x01, 1]), frames, Buffer.from([0x82, 0x01, 2])]));
      }),
    );
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    client.heartbeatInterval = 60;
    client.connectToUrl(url);
    const received: number[] = [];
    await pollUntil(client, () => {
      while (client.getAvailablePacketCount() > 0) received.push(client.getPacket()[0] as number);
      return received.length === 2;
    });
    expect(received).toEqual([1, 2]);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("drops the connection when a ping gets no pong within the interval", async () => {
    const { url } = await rawServer({ autoPong: false });
    const client = new WebSocketPeer();
    client.heartbeatInterval = 0.02;
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(client.getLastError()?.code).toBe("ERR_TIMEOUT");
    expect(client.getCloseCode()).toBe(-1);
  });

  it("refuses a negative heartbeatInterval", () => {
    const client = new WebSocketPeer();
    expect(client.setHeartbeatInterval(-1)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(() => {
      client.heartbeatInterval = -1;
    }).toThrow(/heartbeatInterval/);
    expect(client.getHeartbeatInterval()).toBe(0);
  });

  it("has Godot 4's property defaults", () => {
    const client = new WebSocketPeer();
    expect([
      client.supportedProtocols,
      client.handshakeHeaders,
      client.inboundBufferSize,
      client.outboundBufferSize,
      client.maxQueuedPackets,
      client.heartbeatInterval,
    ]).toEqual([[], [], 65535, 65535, 4096, 0]);
    expect(client.setInboundBufferSize(0)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("turns Nagle's algorithm off and on while connected", async () => {
    const { client } = await connected();
    expect(client.setNoDelay(false)).toBe(GodotError.OK);
    expect(client.setNoDelay(true)).toBe(GodotError.OK);
    expect(new WebSocketPeer().setNoDelay(true)).toBe(GodotError.FAILED);
  });
});
