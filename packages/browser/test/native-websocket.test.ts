// The browser build's WebSocket code, run in Node over isomorphic-ws (which is `ws` here and the
// page's WebSocket in a browser): the same W3C API the browser gives, against a real gdnet server.
// Real Chromium runs this code too, in e2e/.
import WebSocketImpl from "isomorphic-ws";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../../test-support/poll-until.js";
import { startServer } from "../../../test-support/servers.js";
import {
  createBrowserPlatform,
  GodotError,
  TLSOptions,
  toUtf8,
  WebSocketClient,
  type WebSocketConstructor,
  WebSocketPeer,
  WebSocketServer,
  WebSocketState,
  WriteMode,
  X509Certificate,
} from "../src/index.js";

const platform = createBrowserPlatform(WebSocketImpl as unknown as WebSocketConstructor);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function connected() {
  const { server, url } = await startServer();
  cleanups.push(() => server.stop());
  const ids: number[] = [];
  server.on("client_connected", (id) => ids.push(id));
  const client = new WebSocketPeer(platform);
  cleanups.push(() => client.close());
  expect(client.connectToUrl(url)).toBe(GodotError.OK);
  await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
  const serverPeer = server.getPeer(ids[0] as number);
  if (!serverPeer) throw new Error("no peer");
  return { server, url, client, serverPeer };
}

describe("the browser WebSocket transport", () => {
  it("exchanges text and binary packets and keeps the write mode both ways", async () => {
    const { server, client, serverPeer } = await connected();
    client.sendText("text ✓");
    client.send(new Uint8Array([1, 2, 3]), WriteMode.WRITE_MODE_BINARY);
    await pollUntil([server, client], () => serverPeer.getAvailablePacketCount() === 2);
    expect([serverPeer.getPacket(), serverPeer.wasStringPacket()]).toEqual([toUtf8("text ✓"), true]);
    expect([serverPeer.getPacket(), serverPeer.wasStringPacket()]).toEqual([new Uint8Array([1, 2, 3]), false]);
    serverPeer.send(toUtf8("back"), WriteMode.WRITE_MODE_TEXT);
    serverPeer.send(new Uint8Array([9]), WriteMode.WRITE_MODE_BINARY);
    await pollUntil([server, client], () => client.getAvailablePacketCount() === 2);
    expect([client.getPacket(), client.wasStringPacket()]).toEqual([toUtf8("back"), true]);
    expect([client.getPacket(), client.wasStringPacket()]).toEqual([new Uint8Array([9]), false]);
  });

  it("reports the URL's host and port, as the browser does not expose the remote address", async () => {
    const { url, client } = await connected();
    expect(client.getConnectedHost()).toBe("127.0.0.1");
    expect(client.getConnectedPort()).toBe(Number(new URL(url).port));
  });

  it("drops packets past a full inbound queue (a browser cannot pause reading) and counts them", async () => {
    const { server, url } = await startServer();
    cleanups.push(() => server.stop());
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    const client = new WebSocketPeer(platform);
    cleanups.push(() => client.close());
    client.maxQueuedPackets = 10;
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
    for (let i = 0; i < 100; i++) server.getPeer(ids[0] as number)?.putPacket(new Uint8Array([i]));
    await pollUntil([server, client], () => client.getDroppedPacketCount() === 90);
    expect(client.getAvailablePacketCount()).toBe(10);
    expect(client.getLastError()?.message).toMatch(/Inbound queue full/);
    // The ten kept are the first ten, in order.
    expect(Array.from({ length: 10 }, () => client.getPacket()[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("closes with 1009 when a message passes inboundBufferSize, as Godot's web export does", async () => {
    const { server, url } = await startServer();
    cleanups.push(() => server.stop());
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    const client = new WebSocketPeer(platform);
    client.inboundBufferSize = 100;
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
    server.getPeer(ids[0] as number)?.putPacket(new Uint8Array(101));
    await pollUntil([server, client], () => client.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(client.getAvailablePacketCount()).toBe(0);
    expect(client.getLastError()?.closeCode).toBe(1009);
  });
});

describe("what a browser cannot do returns ERR_UNAVAILABLE with what to use instead", () => {
  it("refuses custom handshake headers", () => {
    const client = new WebSocketPeer(platform);
    client.handshakeHeaders = ["X-Token: 1"];
    expect(client.connectToUrl("ws://127.0.0.1:1/")).toBe(GodotError.ERR_UNAVAILABLE);
    expect(client.getLastError()?.message).toMatch(/URL query string/);
  });

  it("refuses Godot 3's custom_headers and verify_ssl = false", () => {
    const client = new WebSocketClient(platform);
    expect(client.connectToUrl("ws://127.0.0.1:1/", [], false, ["X-Token: 1"])).toBe(GodotError.ERR_UNAVAILABLE);
    client.verifySsl = false;
    expect(client.connectToUrl("wss://127.0.0.1:1/")).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it("refuses a trusted certificate, an unsafe client and a name override", () => {
    const client = new WebSocketPeer(platform);
    const cert = X509Certificate.fromPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    for (const tls of [TLSOptions.client(cert), TLSOptions.clientUnsafe(), TLSOptions.client(null, "other.example")]) {
      expect(client.connectToUrl("wss://127.0.0.1:1/", tls)).toBe(GodotError.ERR_UNAVAILABLE);
    }
    expect(client.getLastError()?.message).toMatch(/trusted roots/);
    expect(client.connectToUrl("wss://127.0.0.1:1/", TLSOptions.client())).toBe(GodotError.OK);
    client.close();
  });

  it("refuses a heartbeat", () => {
    const client = new WebSocketPeer(platform);
    expect(client.setHeartbeatInterval(1)).toBe(GodotError.ERR_UNAVAILABLE);
    expect(client.setHeartbeatInterval(0)).toBe(GodotError.OK);
  });

  it("refuses setNoDelay", () => {
    expect(new WebSocketPeer(platform).setNoDelay(true)).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it("refuses to run a server, and says to run it in Node", () => {
    const server = new WebSocketServer(platform);
    expect(server.listen(0)).toBe(GodotError.ERR_UNAVAILABLE);
    expect(server.getLastError()?.message).toMatch(/Node/);
  });

  it("refuses close codes a browser may not send", async () => {
    const { client } = await connected();
    expect(client.close(1001)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(client.close(4000, "ok")).toBe(GodotError.OK);
  });
});
