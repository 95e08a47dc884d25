// The handshake a Godot client sees from a gdnet server, byte for byte over raw TCP: Godot's
// client is strict (godot-protocols.md 1.1), so these are the rules a real Godot must accept.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { closed, rawConnect, readHead, startServer, upgradeRequest } from "../../../test-support/servers.js";

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

  it("refuses a handshake with a wrong WebSocket version", async () => {
    const { server, port } = await startServer();
    cleanups.push(() => server.stop());
    const socket = await rawConnect(port);
    cleanups.push(() => socket.destroy());
    socket.write(upgradeRequest(port).replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));
    expect(await readHead(socket)).toMatch(/^HTTP\/1\.1 4\d\d /);
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
