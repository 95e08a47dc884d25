// Godot 3's WebSocketServer bound to Node (classes.ts), with real gdnet clients.
import { type AddressInfo, createServer } from "node:net";
import { GodotError, toUtf8, WebSocketClient, WebSocketPeer, WebSocketServer, WebSocketState } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { closed, rawConnect, startServer } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function running(configure?: (server: WebSocketServer) => void, protocols: string[] = []) {
  const started = await startServer(configure, protocols);
  cleanups.push(() => started.server.stop());
  return started;
}

function client(): WebSocketPeer {
  const peer = new WebSocketPeer();
  cleanups.push(() => peer.close(-1));
  return peer;
}

describe("WebSocketServer on Node", () => {
  it("listens, gives each client a random id and emits client_connected(id, protocol)", async () => {
    const { server, url } = await running(undefined, ["ludus"]);
    expect(server.isListening()).toBe(true);
    const a = client();
    a.supportedProtocols = ["ludus"];
    a.connectToUrl(url);
    const [id, protocol] = await nextSignal(server, "client_connected", [server, a]);
    expect(protocol).toBe("ludus");
    expect(id).toBeGreaterThan(1);
    expect(id).toBeLessThanOrEqual(0x7fffffff);
    expect(server.hasPeer(id)).toBe(true);
    expect(server.getPeerAddress(id)).toBe("127.0.0.1");
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_OPEN);
    expect(server.getPeer(id)?.getConnectedPort()).toBeGreaterThan(0);
    expect(server.getPeerPort(id)).toBe(server.getPeer(id)?.getConnectedPort());
    expect(server.getPeer(id)?.isConnectedToHost()).toBe(true);
    expect(server.getPeer(id)?.getRequestedUrl()).toBe(url);
  });

  it("emits data_received(id) per packet, in arrival order across clients", async () => {
    const { server, url } = await running();
    const a = client();
    const b = client();
    const ids = new Map<WebSocketPeer, number>();
    a.connectToUrl(url);
    const [idA] = await nextSignal(server, "client_connected", [server, a]);
    b.connectToUrl(url);
    const [idB] = await nextSignal(server, "client_connected", [server, b]);
    ids.set(a, idA).set(b, idB);
    await pollUntil([a, b], () => a.getReadyState() === 1 && b.getReadyState() === 1);
    const order: string[] = [];
    server.on("data_received", (id) => {
      const text = new TextDecoder().decode(server.getPeer(id)?.getPacket());
      order.push(`${id === idA ? "a" : "b"}:${text}`);
    });
    a.sendText("1");
    await pollUntil(server, () => order.length === 1);
    b.sendText("2");
    await pollUntil(server, () => order.length === 2);
    a.sendText("3");
    await pollUntil(server, () => order.length === 3);
    expect(order).toEqual(["a:1", "b:2", "a:3"]);
  });

  it("disconnectPeer(id, code, reason) closes that client; client_disconnected(id, true) follows", async () => {
    const { server, url } = await running();
    const a = client();
    a.connectToUrl(url);
    const [id] = await nextSignal(server, "client_connected", [server, a]);
    server.disconnectPeer(id, 4001, "kicked");
    const [goneId, clean] = await nextSignal(server, "client_disconnected", [server, a]);
    expect([goneId, clean]).toEqual([id, true]);
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_CLOSED);
    expect([a.getCloseCode(), a.getCloseReason()]).toEqual([4001, "kicked"]);
    expect(server.hasPeer(id)).toBe(false);
    expect(server.getPeer(id)).toBeNull();
  });

  it("emits client_close_request(id, code, reason) when a client closes", async () => {
    const { server, url } = await running();
    const a = client();
    a.connectToUrl(url);
    const [id] = await nextSignal(server, "client_connected", [server, a]);
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_OPEN);
    a.close(4005, "bye");
    const request = await nextSignal(server, "client_close_request", [server, a]);
    expect(request).toEqual([id, 4005, "bye"]);
  });

  it("emits client_disconnected(id, false) when a client drops without a close frame", async () => {
    const { server, url } = await running();
    const a = client();
    a.connectToUrl(url);
    const [id] = await nextSignal(server, "client_connected", [server, a]);
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_OPEN);
    a.close(-1);
    expect(await nextSignal(server, "client_disconnected", server)).toEqual([id, false]);
  });

  it("stop() closes every client with 1001 and stops listening", async () => {
    const { server, url } = await running();
    const a = client();
    a.connectToUrl(url);
    await nextSignal(server, "client_connected", [server, a]);
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_OPEN);
    server.stop();
    expect(server.isListening()).toBe(false);
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(a.getCloseCode()).toBe(1001);
    const late = client();
    late.connectToUrl(url);
    await pollUntil(late, () => late.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(late.getLastError()?.code).toBe("ERR_CANT_CONNECT");
  });

  it("drops a client that stalls its handshake past setHandshakeTimeout, while others connect", async () => {
    const { server, url, port } = await running((s) => s.setHandshakeTimeout(1));
    const stalled = await rawConnect(port);
    stalled.write("GET / HTTP/1.1\r\nHost: x\r\n");
    const honest = client();
    honest.connectToUrl(url);
    await nextSignal(server, "client_connected", [server, honest]);
    await pollUntil(honest, () => honest.getReadyState() === WebSocketState.STATE_OPEN);
    const start = Date.now();
    await closed(stalled);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(server.getPeerIds()).toHaveLength(1);
    expect(honest.putPacket(toUtf8("still here"))).toBe(GodotError.OK);
  });

  it("sends setExtraHeaders lines in the handshake response", async () => {
    const { server, port } = await running((s) => s.setExtraHeaders(["X-Server: gdnet", "Set-Cookie: session=1"]));
    expect(server.getExtraHeaders()).toEqual(["X-Server: gdnet", "Set-Cookie: session=1"]);
    const socket = await rawConnect(port);
    cleanups.push(() => socket.destroy());
    const { readHead, upgradeRequest } = await import("../../../test-support/servers.js");
    socket.write(upgradeRequest(port));
    const head = await readHead(socket);
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).toContain("\r\nX-Server: gdnet\r\n");
    expect(head).toContain("\r\nSet-Cookie: session=1\r\n");
  });

  it("refuses invalid extra headers", () => {
    const server = new WebSocketServer();
    expect(server.setExtraHeaders(["bad header"])).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("binds to setBindIp, refuses a non-IP and refuses changes while listening", async () => {
    const { server } = await running();
    expect(server.getBindIp()).toBe("127.0.0.1");
    expect(server.setBindIp("0.0.0.0")).toBe(GodotError.FAILED);
    const fresh = new WebSocketServer();
    expect(fresh.bindIp).toBe("*");
    expect(fresh.setBindIp("localhost")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(fresh.setBindIp("::1")).toBe(GodotError.OK);
  });

  it("reports a port in use with ERR_ALREADY_IN_USE", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => blocker.close());
    const port = (blocker.address() as AddressInfo).port;
    const server = new WebSocketServer();
    server.setBindIp("127.0.0.1");
    expect(server.listen(port)).toBe(GodotError.OK);
    await expect(server.listening()).rejects.toMatchObject({ code: "ERR_ALREADY_IN_USE" });
    await pollUntil(server, () => !server.isListening());
    expect(server.getLastError()?.code).toBe("ERR_ALREADY_IN_USE");
  });

  it("refuses a second listen() and a port out of range", async () => {
    const { server } = await running();
    expect(server.listen(0)).toBe(GodotError.ERR_ALREADY_IN_USE);
    expect(new WebSocketServer().listen(70000)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("applies setBuffers to every client, and refuses it while listening", async () => {
    const { server, url } = await running((s) => s.setBuffers(2, 16, 2, 16));
    expect(server.setBuffers(64, 1024, 64, 1024)).toBe(GodotError.FAILED);
    const a = client();
    a.connectToUrl(url);
    const [id] = await nextSignal(server, "client_connected", [server, a]);
    expect(server.getPeer(id)?.putPacket(new Uint8Array(2048))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(server.getPeer(id)?.putPacket(new Uint8Array(2047))).toBe(GodotError.OK);
    // Inbound: 2 KiB is the largest message a client may send.
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_OPEN);
    const serverPeer = server.getPeer(id);
    a.putPacket(new Uint8Array(2049));
    // The server found the message too big: it closed with 1009 and did not wait for the reply.
    const [, clean] = await nextSignal(server, "client_disconnected", [server, a]);
    expect(clean).toBe(false);
    expect([serverPeer?.getCloseCode(), serverPeer?.getCloseReason()]).toEqual([1009, "Message too big"]);
    await pollUntil(a, () => a.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(a.getCloseCode()).toBe(1009);
  });

  it("closes clients that connect while refuseNewConnections is set", async () => {
    const { server, url } = await running((s) => {
      s.refuseNewConnections = true;
    });
    let connects = 0;
    server.on("client_connected", () => connects++);
    const a = client();
    a.connectToUrl(url);
    await pollUntil([server, a], () => a.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(connects).toBe(0);
    expect(a.getCloseCode()).toBe(1013);
  });

  it("works with Godot 3's WebSocketClient on the other end", async () => {
    const { server, url } = await running();
    const g3 = new WebSocketClient();
    cleanups.push(() => g3.disconnectFromHost(-1));
    g3.connectToUrl(url);
    const [id] = await nextSignal(server, "client_connected", [server, g3]);
    await pollUntil(g3, () => g3.getConnectionStatus() === 2);
    g3.getPeer(1)?.putPacket(toUtf8("hi"));
    expect(await nextSignal(server, "data_received", [server, g3])).toEqual([id]);
  });

  it("says getPacket needs gd_mp_api, and points to getPeer(id)", () => {
    const server = new WebSocketServer();
    expect(server.getPacket()).toHaveLength(0);
    expect(server.getLastError()?.message).toMatch(/getPeer\(id\)/);
    expect(server.putPacket(toUtf8("x"))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(server.getLastError()?.message).toMatch(/gd_mp_api/);
  });
});
