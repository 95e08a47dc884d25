// What a client that breaks the WebSocket protocol gets from a gdnet server, read off the wire
// (docs/security.md, "What each bad input gets"): the code and reason of the server's close frame,
// and the error and close code the server reports for that client.
import type { Socket } from "node:net";
import { type WebSocketPeer, type WebSocketServer, WebSocketState } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { rawConnect, readHead, startServer, upgradeRequest } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A client frame (RFC 6455 5.2), masked with a zero key so the payload reads as sent. */
function frame(opcode: number, payload: Uint8Array = new Uint8Array(0), fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  if (payload.length < 126) return Buffer.concat([Buffer.from([first, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
  const head = Buffer.from([first, 0x80 | 126, 0, 0, 0, 0, 0, 0]);
  head.writeUInt16BE(payload.length, 2);
  return Buffer.concat([head, payload]);
}

/** The first close frame the server sends on `socket`, as [code, reason]; [1006, ""] if none comes. */
function closeFrameOf(socket: Socket): Promise<[number, string]> {
  return new Promise((resolve) => {
    let bytes = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      // Server frames are not masked; every frame the server sends here is short.
      while (bytes.length >= 2 && bytes.length >= 2 + (bytes[1] as number)) {
        const length = bytes[1] as number;
        if (((bytes[0] as number) & 0x0f) === 0x8) {
          const payload = bytes.subarray(2, 2 + length);
          resolve([payload.readUInt16BE(0), payload.subarray(2).toString("utf8")]);
          return;
        }
        bytes = bytes.subarray(2 + length);
      }
    });
    socket.once("close", () => resolve([1006, ""]));
  });
}

/** A gdnet server, and the server-side peer of a client that `connect` opens to it. */
async function serverAndPeer<C>(
  connect: (port: number, url: string) => Promise<C>,
  configure?: (server: WebSocketServer) => void,
) {
  const { server, port, url } = await startServer(configure);
  cleanups.push(() => server.stop());
  const connected = nextSignal(server, "client_connected", server);
  const client = await connect(port, url);
  const [id] = await connected;
  const peer = server.getPeer(id) as WebSocketPeer;
  return { server, peer, client };
}

/** A raw TCP client past the handshake; `closeFrame` resolves with the server's close frame. */
async function rawClient(port: number): Promise<{ socket: Socket; closeFrame: Promise<[number, string]> }> {
  const socket = await rawConnect(port);
  cleanups.push(() => socket.destroy());
  socket.write(upgradeRequest(port));
  expect(await readHead(socket)).toMatch(/^HTTP\/1\.1 101 /);
  return { socket, closeFrame: closeFrameOf(socket) };
}

function wsClient(url: string): Promise<WsClient> {
  const ws = new WsClient(url, { perMessageDeflate: false });
  cleanups.push(() => ws.terminate());
  ws.on("error", () => {});
  return new Promise((resolve) => ws.once("open", () => resolve(ws)));
}

function closeOf(ws: WsClient): Promise<[number, string]> {
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve([code, reason.toString()])));
}

/** Waits until the server has seen `peer` close; returns the error and close code it reports. */
async function serverSide(server: { poll(): void }, peer: WebSocketPeer) {
  await pollUntil(server, () => peer.getReadyState() === WebSocketState.STATE_CLOSED, { what: "the server to close the peer" });
  return { error: peer.getLastError()?.code, closeCode: peer.getLastError()?.closeCode, peerCloseCode: peer.getCloseCode() };
}

describe("a gdnet server closing a client that breaks the protocol", () => {
  it('closes a ws client that sends a message over the inbound limit with 1009 "Message too big"', async () => {
    const { server, peer, client } = await serverAndPeer((_port, url) => wsClient(url));
    const closing = closeOf(client);
    client.send(new Uint8Array(200 * 1024));
    expect(await closing).toEqual([1009, "Message too big"]);
    expect(await serverSide(server, peer)).toEqual({ error: "ERR_OUT_OF_MEMORY", closeCode: 1009, peerCloseCode: 1009 });
  });

  it('closes a frame announcing more than 2^53 bytes with 1009 "Message too big", and says 1009', async () => {
    const { server, peer, client } = await serverAndPeer((port) => rawClient(port));
    client.socket.write(Buffer.from([0x82, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
    expect(await client.closeFrame).toEqual([1009, "Message too big"]);
    expect(await serverSide(server, peer)).toEqual({ error: "ERR_OUT_OF_MEMORY", closeCode: 1009, peerCloseCode: 1009 });
  });

  it('closes invalid UTF-8 in a text frame with 1007 "Invalid frame payload data"', async () => {
    const { server, peer, client } = await serverAndPeer((port) => rawClient(port));
    client.socket.write(frame(0x1, Uint8Array.from([0x68, 0xc3, 0x28, 0xff])));
    expect(await client.closeFrame).toEqual([1007, "Invalid frame payload data"]);
    expect(await serverSide(server, peer)).toEqual({ error: "ERR_INVALID_DATA", closeCode: 1007, peerCloseCode: 1007 });
  });

  it.each([
    ["an unmasked client frame", Buffer.from([0x82, 0x01, 0x07])],
    ["a reserved opcode", frame(0x3, Uint8Array.of(7))],
    ["a close frame with an invalid code", frame(0x8, Uint8Array.of(0x03, 0xe7))],
  ])('closes %s with 1002 "Protocol error"', async (_what, bytes) => {
    const { server, peer, client } = await serverAndPeer((port) => rawClient(port));
    client.socket.write(bytes);
    expect(await client.closeFrame).toEqual([1002, "Protocol error"]);
    expect(await serverSide(server, peer)).toEqual({ error: "ERR_INVALID_DATA", closeCode: 1002, peerCloseCode: 1002 });
  });

  /** Sends one message in `count` fragments of `size` bytes each (byte i of the message is i % 251). */
  function sendFragments(ws: WsClient, count: number, size = 1): Uint8Array {
    const message = Uint8Array.from({ length: count * size }, (_, i) => i % 251);
    for (let i = 0; i < count; i++) {
      ws.send(message.subarray(i * size, (i + 1) * size), { binary: true, fin: i === count - 1 });
    }
    return message;
  }

  it.each([
    ["the default 64 KiB inbound limit", 1024, undefined],
    ["a 128 KiB inbound limit (setBuffers(128, ...))", 2048, (s: WebSocketServer) => s.setBuffers(128, 1024, 64, 1024)],
  ])("takes a message in as many fragments as %s allows (%i), whole", async (_what, fragments, configure) => {
    const { server, peer, client } = await serverAndPeer((_port, url) => wsClient(url), configure);
    const message = sendFragments(client, fragments);
    await pollUntil(server, () => peer.getAvailablePacketCount() > 0, { what: "the fragmented message" });
    expect(peer.getPacket()).toEqual(message);
    expect(peer.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it.each([
    [1025, "one-byte", 1, undefined],
    [1025, "empty", 0, undefined],
    [2049, "one-byte", 1, (s: WebSocketServer) => s.setBuffers(128, 1024, 64, 1024)],
  ])(
    'closes a message in %i %s fragments (one past the limit) with 1008 "Too many message fragments"',
    async (fragments, _what, size, configure) => {
      const { server, peer, client } = await serverAndPeer((_port, url) => wsClient(url), configure);
      const closing = closeOf(client);
      sendFragments(client, fragments, size);
      // Fails at once, not on a timeout, if the server takes the message instead.
      await pollUntil(server, () => peer.getReadyState() === WebSocketState.STATE_CLOSED || peer.getAvailablePacketCount() > 0);
      expect(peer.getAvailablePacketCount()).toBe(0);
      expect(await closing).toEqual([1008, "Too many message fragments"]);
      expect(await serverSide(server, peer)).toEqual({ error: "ERR_OUT_OF_MEMORY", closeCode: 1008, peerCloseCode: 1008 });
    },
  );
});
