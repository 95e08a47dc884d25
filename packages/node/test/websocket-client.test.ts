// Godot 3's WebSocketClient bound to Node (classes.ts), against a real gdnet WebSocketServer.
import { ConnectionStatus, callDeferred, GodotError, getStringFromUtf8, toUtf8, WebSocketClient, WriteMode } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { startServer } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(protocols: string[] = []) {
  const { server, url } = await startServer(undefined, protocols);
  cleanups.push(() => server.stop());
  const client = new WebSocketClient();
  cleanups.push(() => client.disconnectFromHost(-1));
  return { server, url, client };
}

describe("WebSocketClient on Node", () => {
  it("emits connection_established with the selected protocol", async () => {
    const { server, url, client } = await setup(["ludus"]);
    expect(client.connectToUrl(url, ["ludus"])).toBe(GodotError.OK);
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
    const [protocol] = await nextSignal(client, "connection_established", [server, client]);
    expect(protocol).toBe("ludus");
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(client.getConnectedHost()).toBe("127.0.0.1");
    expect(client.getConnectedPort()).toBe(server.getLocalPort());
  });

  it("emits data_received once per packet, readable from getPeer(1) inside the handler", async () => {
    const { server, url, client } = await setup();
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", [server, client]);
    await pollUntil(server, () => ids.length === 1);
    const peer = server.getPeer(ids[0] as number);
    peer?.setWriteMode(WriteMode.WRITE_MODE_TEXT);
    peer?.putPacket(toUtf8("first"));
    peer?.setWriteMode(WriteMode.WRITE_MODE_BINARY);
    peer?.putPacket(toUtf8("second"));
    const got: Array<[string, boolean]> = [];
    client.on("data_received", () => {
      const clientPeer = client.getPeer(1);
      const packet = clientPeer?.getPacket() ?? new Uint8Array();
      got.push([getStringFromUtf8(packet), clientPeer?.wasStringPacket() ?? false]);
    });
    await pollUntil([server, client], () => got.length === 2);
    expect(got).toEqual([
      ["first", true],
      ["second", false],
    ]);
  });

  it("emits connection_error when the server is not there", async () => {
    const { server, url } = await startServer();
    server.stop();
    const client = new WebSocketClient();
    client.connectToUrl(url);
    await nextSignal(client, "connection_error", client);
    expect(client.getLastError()?.code).toBe("ERR_CANT_CONNECT");
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
  });

  it("emits connection_error when the server refuses the offered subprotocols", async () => {
    const { server, url, client } = await setup(["ludus"]);
    client.connectToUrl(url, ["chat"]);
    await nextSignal(client, "connection_error", [server, client]);
    expect(client.getLastError()?.message).toMatch(/400/);
  });

  it("emits server_close_request then connection_closed(true) when the server closes", async () => {
    const { server, url, client } = await setup();
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1);
    const order: string[] = [];
    client.on("server_close_request", (code, reason) => order.push(`request ${code} ${reason}`));
    client.on("connection_closed", (clean) => order.push(`closed ${clean}`));
    server.disconnectPeer(ids[0] as number, 4000, "Lobby closed");
    await pollUntil([server, client], () => order.length === 2);
    expect(order).toEqual(["request 4000 Lobby closed", "closed true"]);
  });

  it("emits connection_closed(false) when the connection drops", async () => {
    const { server, url, client } = await setup();
    const ids: number[] = [];
    server.on("client_connected", (id) => ids.push(id));
    client.connectToUrl(url);
    await pollUntil([server, client], () => ids.length === 1);
    server.getPeer(ids[0] as number)?.close(-1);
    const [clean] = await nextSignal(client, "connection_closed", [server, client]);
    expect(clean).toBe(false);
  });

  it("disconnectFromHost sends the code and reason the server sees in client_close_request", async () => {
    const { server, url, client } = await setup();
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", [server, client]);
    const requests: Array<[number, number, string]> = [];
    server.on("client_close_request", (id, code, reason) => requests.push([id, code, reason]));
    client.disconnectFromHost(4010, "quit");
    const [clean] = await nextSignal(client, "connection_closed", [server, client]);
    await pollUntil(server, () => requests.length === 1);
    expect(clean).toBe(true);
    expect(requests[0]?.slice(1)).toEqual([4010, "quit"]);
  });

  it("only has peer 1", async () => {
    const client = new WebSocketClient();
    expect(client.getPeer(1)).not.toBeNull();
    expect(client.getPeer(2)).toBeNull();
    expect(client.getLastError()?.code).toBe("ERR_INVALID_PARAMETER");
  });

  it("sends its custom headers in the handshake", async () => {
    const { server, url, client } = await setup();
    client.connectToUrl(url, [], false, ["X-Token: abc"]);
    await nextSignal(client, "connection_established", [server, client]);
    expect(client.getPeer(1)?.getHandshakeHeaders()).toEqual(["X-Token: abc"]);
  });

  it("applies setBuffers before connecting, and refuses it after", async () => {
    const { server, url, client } = await setup();
    expect(client.setBuffers(1, 4, 1, 4)).toBe(GodotError.OK);
    client.connectToUrl(url);
    expect(client.setBuffers(64, 1024, 64, 1024)).toBe(GodotError.FAILED);
    await nextSignal(client, "connection_established", [server, client]);
    // 1 KiB of output: a message of 1023 bytes fits, 1024 does not (Godot 3.3+'s >= rule).
    expect(client.getPeer(1)?.putPacket(new Uint8Array(1024))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(client.getPeer(1)?.putPacket(new Uint8Array(1023))).toBe(GodotError.OK);
    expect(client.getMaxPacketSize()).toBe(1024 - 9);
  });

  it("keeps Godot 3's TLS properties", () => {
    const client = new WebSocketClient();
    expect(client.verifySsl).toBe(true);
    client.setVerifySslEnabled(false);
    expect(client.isVerifySslEnabled()).toBe(false);
    expect(client.trustedSslCertificate).toBeNull();
  });

  it("says getPacket needs gd_mp_api, and points to getPeer(1)", () => {
    const client = new WebSocketClient();
    expect(client.getPacket()).toHaveLength(0);
    expect(client.getPacketError()).toBe(GodotError.ERR_UNCONFIGURED);
    expect(client.getLastError()?.message).toMatch(/getPeer\(1\)/);
  });

  it("makes a poll() from inside a handler a no-op", async () => {
    const { server, url, client } = await setup();
    let nested = 0;
    client.on("connection_established", () => {
      nested++;
      client.poll();
    });
    client.connectToUrl(url);
    await pollUntil([server, client], () => nested > 0);
    expect(nested).toBe(1);
  });

  it("runs callDeferred work after poll() returns, as the cheatsheet advises for data_received", async () => {
    const { server, url, client } = await setup();
    const order: string[] = [];
    client.on("connection_established", () => {
      callDeferred(() => order.push("deferred"));
      order.push("handler");
    });
    client.connectToUrl(url);
    await pollUntil([server, client], () => order.length > 0);
    expect(order).toEqual(["handler", "deferred"]);
  });
});
