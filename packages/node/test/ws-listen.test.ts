// The handshake a Godot client sees from a gdnet server, byte for byte over raw TCP: Godot's
// client is strict (godot-protocols.md 1.1), so these are the rules a real Godot must accept.
import { createHash } from "node:crypto";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { CryptoKey, GodotError, TLSOptions, WebSocketPeer, WebSocketState, X509Certificate } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { closed, rawConnect, readHead, startServer, upgradeRequest } from "../../../test-support/servers.js";
import { type TlsFixtures, tlsFixtures } from "../../../test-support/tls-fixtures.js";

let made: TlsFixtures | undefined;
/** Made on first use: only the TLS tests pay for the keys. */
const fixtures = (): TlsFixtures => {
  made ??= tlsFixtures();
  return made;
};

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function handshake(protocols: string[], extra: string[]) {
  const { server, port } = await startServer(undefined, protocols);
  cleanups.push(() => server.stop());
  const socket = await rawConnect(port);
  cleanups.push(() => socket.destroy());
  socket.write(upgradeRequest(port, extra));
  return { head: await readHead(socket), socket, port };
}

/** 680 short header lines: 6.2 KB on the wire, of which Node's maxHeaderSize counts 3.4 KB. */
const SHORT_HEADERS = Array.from({ length: 680 }, (_, i) => `H${i}: v`);

/** An upgrade request head of exactly `size` bytes, most of them in short header lines. */
function exactHead(port: number, size: number): string {
  const headOf = (padding: number) =>
    upgradeRequest(port, [...Array.from({ length: 300 }, (_, i) => `X${i}: v`), `X-Pad: ${"p".repeat(padding)}`]);
  const request = headOf(size - headOf(0).length);
  expect(request.length).toBe(size);
  return request;
}

function headers(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) map.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

describe("listenWebSocket (the server handshake)", () => {
  it("answers with exactly what Godot's client checks", async () => {
    const { head } = await handshake([], []);
    const lines = head.split("\r\n");
    expect(lines[0]).toBe("HTTP/1.1 101 Switching Protocols");
    const h = headers(head);
    // Godot compares the lower-cased Connection value with "upgrade" exactly.
    expect(h.get("connection")?.toLowerCase()).toBe("upgrade");
    expect(h.get("upgrade")?.toLowerCase()).toBe("websocket");
    const expected = createHash("sha1").update("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
    expect(h.get("sec-websocket-accept")).toBe(expected);
    // No subprotocol was requested, so none may be answered; no extensions either.
    expect(h.has("sec-websocket-protocol")).toBe(false);
    expect(h.has("sec-websocket-extensions")).toBe(false);
    for (const [name, value] of h) expect(value, `header ${name} must not be empty`).not.toBe("");
  });

  it("answers the first offered subprotocol the server supports", async () => {
    const { head } = await handshake(["binary", "ludus"], ["Sec-WebSocket-Protocol: chat, ludus, binary"]);
    expect(headers(head).get("sec-websocket-protocol")).toBe("ludus");
  });

  it("refuses, with 400 and the reason, a client offering only unsupported subprotocols", async () => {
    const { head } = await handshake(["ludus"], ["Sec-WebSocket-Protocol: chat"]);
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("refuses an offered subprotocol even when the server lists none", async () => {
    const { head } = await handshake([], ["Sec-WebSocket-Protocol: ludus"]);
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("refuses a client offering no subprotocol when one is required", async () => {
    const { head, socket } = await handshake(["ludus"], []);
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    await closed(socket);
  });

  it("refuses a request head over Godot's 4096-byte limit with 431", async () => {
    const { head } = await handshake([], [`X-Padding: ${"a".repeat(5000)}`]);
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("refuses a 6 KB head of short headers with 431: the limit counts the head as it arrives, not Node's header bytes", async () => {
    const request = upgradeRequest(0, SHORT_HEADERS);
    expect(request.length).toBeGreaterThan(6000);
    // Node's maxHeaderSize counts the URL, header names and values only: here under 4096 bytes.
    const lines = request.split("\r\n").slice(1, -2);
    const counted = "/chat".length + lines.reduce((sum, line) => sum + line.replace(/: ?/, "").length, 0);
    expect(counted).toBeLessThan(4096);
    const { head } = await handshake([], SHORT_HEADERS);
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
  });

  it.each([
    [4096, "101"],
    [4097, "431"],
  ])("answers a head of exactly %i bytes on the wire (request line, header lines, CRLFs) with %s", async (size, status) => {
    const { server, port } = await startServer();
    cleanups.push(() => server.stop());
    const socket = await rawConnect(port);
    cleanups.push(() => socket.destroy());
    socket.write(exactHead(port, size));
    expect(await readHead(socket)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  });

  it("answers 431 to a head still going past 4096 bytes at once, without waiting for its end", async () => {
    // Without the count, a head that never ends waits out the handshake deadline and gets no answer.
    const { server, port } = await startServer();
    cleanups.push(() => server.stop());
    const socket = await rawConnect(port);
    cleanups.push(() => socket.destroy());
    const request = upgradeRequest(port, SHORT_HEADERS);
    // The first 4 KB, then the rest but the blank line that would end the head.
    socket.write(request.slice(0, 4000));
    socket.write(request.slice(4000, -2));
    expect(await readHead(socket)).toMatch(/^HTTP\/1\.1 431 /);
    await closed(socket);
  });

  it.each([
    ["an exactly 4096-byte head", "101", (port: number) => exactHead(port, 4096)],
    ["a 6 KB head of short headers", "431", (port: number) => upgradeRequest(port, SHORT_HEADERS)],
  ])("over TLS, counts the decrypted head: %s gets %s", async (_what, status, request) => {
    const { server, port } = await startServer((s) => {
      s.privateKey = CryptoKey.fromPem(fixtures().server.key);
      s.sslCertificate = X509Certificate.fromPem(fixtures().server.cert);
    });
    cleanups.push(() => server.stop());
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({ port, host: "127.0.0.1", ca: fixtures().ca.cert, servername: "localhost" }, () => resolve(s));
      s.once("error", reject);
    });
    cleanups.push(() => socket.destroy());
    socket.write(request(port));
    expect(await readHead(socket)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  });

  it("keeps a wss connection past the handshake deadline: the deadline ends with the handshake", async () => {
    const { server, port } = await startServer((s) => {
      s.privateKey = CryptoKey.fromPem(fixtures().server.key);
      s.sslCertificate = X509Certificate.fromPem(fixtures().server.cert);
      s.handshakeTimeout = 0.3;
    });
    cleanups.push(() => server.stop());
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    const connected = nextSignal(server, "client_connected", [server, client]);
    client.connectToUrl(`wss://localhost:${port}/`, TLSOptions.client(X509Certificate.fromPem(fixtures().ca.cert)));
    const [id] = await connected;
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_OPEN);
    // A connection opened after the client's, that never starts TLS: once the server drops it,
    // the client's own deadline has passed too.
    const stalled = await rawConnect(port);
    cleanups.push(() => stalled.destroy());
    await closed(stalled);
    expect(client.sendText("still here")).toBe(GodotError.OK);
    const peer = server.getPeer(id) as WebSocketPeer;
    await pollUntil(
      [server, client],
      () => peer.getAvailablePacketCount() > 0 || client.getReadyState() !== WebSocketState.STATE_OPEN,
      {
        what: "the message, or the close",
      },
    );
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    expect(new TextDecoder().decode(peer.getPacket())).toBe("still here");
  });

  it("refuses a handshake with a wrong WebSocket version", async () => {
    const { server, port } = await startServer();
    cleanups.push(() => server.stop());
    const socket = await rawConnect(port);
    cleanups.push(() => socket.destroy());
    socket.write(upgradeRequest(port).replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));
    expect(await readHead(socket)).toMatch(/^HTTP\/1\.1 426 /);
  });

  it("answers a plain HTTP request with 426 Upgrade Required", async () => {
    const { server, port } = await startServer();
    cleanups.push(() => server.stop());
    const socket = await rawConnect(port);
    cleanups.push(() => socket.destroy());
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(await readHead(socket)).toMatch(/^HTTP\/1\.1 426 /);
  });
});
