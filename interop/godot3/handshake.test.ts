// Handshake and closing details between the real Godot 3.2 and gdnet: subprotocol selection and
// refusal, close codes and reasons both ways (with the NUL Godot 3 puts after a reason), and the
// Godot 3.2 server's fixed 1 s handshake timeout.
import { GodotError, getStringFromUtf8, toUtf8, WebSocketClient, WebSocketState } from "gdnet";
import { afterEach, expect, it } from "vitest";
import { WebSocketServer as RawWsServer } from "ws";
import { nextSignal, pollUntil } from "../../test-support/poll-until.js";
import { closed, rawConnect } from "../../test-support/servers.js";
import { recordingServer as recordSignals } from "../shared/recording-server.js";
import { describeGodot3, explain, freePort, type GodotProcess, runGodot, startGdnetServerProcess, startGodot } from "./godot3.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A gdnet WebSocketServer, polled for the test, that records its signals. */
function recordingServer(protocols: string[] = []) {
  return recordSignals({ cleanups, record: (packet) => getStringFromUtf8(packet), protocols });
}

/** A Godot 3.2 WebSocketServer scenario on a free port, once it listens. */
async function godotServer(args: Record<string, unknown>): Promise<{ godot: GodotProcess; url: string }> {
  const port = await freePort();
  const godot = startGodot("ws_server", { args: { port, ...args } });
  await godot.waitFor("listening");
  return { godot, url: `ws://127.0.0.1:${port}/` };
}

/** A gdnet WebSocketClient, closed after the test. */
function gdnetClient(): WebSocketClient {
  const client = new WebSocketClient();
  cleanups.push(() => client.disconnectFromHost(-1));
  return client;
}

describeGodot3("Handshake: subprotocols between Godot 3.2 and gdnet", () => {
  it('a Godot client offering "ludus" to a gdnet server that supports it gets "ludus" selected on both sides', async () => {
    const { url, seen } = await recordingServer(["ludus"]);
    const result = await runGodot("ws_client", { args: { url, protocols: ["ludus"], close_code: 1000 } });
    expect(result.code, explain(result, "ws_client")).toBe(0);
    expect(result.events.find((e) => e.event === "connection_established")).toMatchObject({ protocol: "ludus" });
    await pollUntil([], () => seen.disconnected.length === 1, { what: "client_disconnected" });
    expect(seen.connected).toEqual([[seen.connected[0]?.[0], "ludus"]]);
  });

  // The refusing gdnet server runs in a child process: should a refusal ever crash it again (see
  // the regression test below), it must not take the test process down.
  it.each([
    { protocols: [] as string[], what: "no subprotocols" },
    { protocols: ["chat"], what: 'only "chat"' },
  ])(
    'a Godot client offering "ludus" to a gdnet server with $what is refused: Godot emits connection_error',
    async ({ protocols }) => {
      const gdnet = startGdnetServerProcess({ protocols });
      const url = String((await gdnet.waitFor("listening")).url);
      const result = await runGodot("ws_client", { args: { url, protocols: ["ludus"] } });
      expect(result.code, explain(result, "ws_client")).toBe(0);
      const events = result.events.map((e) => e.event);
      expect(events).toContain("connection_error");
      expect(events).not.toContain("connection_established");
      expect(gdnet.find("client_connected")).toBeUndefined();
    },
  );

  // Regression (found here): Godot 3.2 closes its socket as soon as it has read the head of gdnet's
  // 400 refusal, with the body unread, so the kernel answers with a TCP reset. gdnet's refusal path
  // once wrote to the upgrade socket without an 'error' listener, and the reset became an uncaught
  // ECONNRESET that killed the server process (packages/node/src/ws-listen.ts now listens).
  it("a gdnet server keeps running after refusing a Godot 3.2 client's subprotocol (no uncaught ECONNRESET)", async () => {
    const gdnet = startGdnetServerProcess({ protocols: [] });
    const url = String((await gdnet.waitFor("listening")).url);
    const refused = await runGodot("ws_client", { args: { url, protocols: ["ludus"] } });
    expect(refused.events.map((e) => e.event)).toContain("connection_error");
    // The same server then serves a Godot client that offers no subprotocol.
    const served = await runGodot("ws_client", {
      args: { url, packets: [{ mode: "text", text: "still there?" }], close_code: 1000 },
    });
    expect(gdnet.find("uncaught"), gdnet.explain()).toBeUndefined();
    expect(served.events.find((e) => e.event === "data_received")).toMatchObject({
      b64: Buffer.from("still there?").toString("base64"),
      string: true,
    });
  });

  it('a Godot server listening with ["ludus"] selects "ludus" for a gdnet client offering it, and refuses gdnet clients offering none or another', async () => {
    const { godot, url } = await godotServer({ protocols: ["ludus"] });

    const offersNone = gdnetClient();
    offersNone.connectToUrl(url);
    await nextSignal(offersNone, "connection_error", offersNone);
    const offersChat = gdnetClient();
    offersChat.connectToUrl(url, ["chat"]);
    await nextSignal(offersChat, "connection_error", offersChat);

    const client = gdnetClient();
    expect(client.connectToUrl(url, ["chat", "ludus"])).toBe(GodotError.OK);
    const [protocol] = await nextSignal(client, "connection_established", client);
    expect(protocol).toBe("ludus");
    expect(client.getPeer(1)?.getSelectedProtocol()).toBe("ludus");
    const connected = await godot.waitFor("client_connected");
    expect(connected.protocol).toBe("ludus");
    expect(godot.all("client_connected")).toHaveLength(1);

    client.disconnectFromHost();
    await nextSignal(client, "connection_closed", client);
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
  });
});

describeGodot3("Handshake: close codes and reasons between Godot 3.2 and gdnet", () => {
  it('Godot 3.2 sends a non-empty close reason with a trailing NUL: disconnect_from_host(4001, "bye") puts "bye\\0" on the wire', async () => {
    // A plain `ws` server shows the raw bytes that gdnet has to cope with.
    const wss = new RawWsServer({ port: 0, host: "127.0.0.1" });
    cleanups.push(() => wss.close());
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
    const { port } = wss.address() as { port: number };
    const close = new Promise<[number, Buffer]>((resolve) => {
      wss.on("connection", (socket) => socket.on("close", (code, reason) => resolve([code, reason])));
    });
    const result = await runGodot("ws_client", {
      args: { url: `ws://127.0.0.1:${port}/`, close_code: 4001, close_reason: "bye" },
    });
    expect(result.code, explain(result, "ws_client")).toBe(0);
    const [code, reason] = await close;
    expect(code).toBe(4001);
    expect([...reason]).toEqual([...Buffer.from("bye\0", "latin1")]);
  });

  it('a Godot client\'s disconnect_from_host(4001, "bye") reaches gdnet\'s server as client_close_request(id, 4001, "bye"), without the NUL', async () => {
    const { url, seen } = await recordingServer();
    const result = await runGodot("ws_client", { args: { url, close_code: 4001, close_reason: "bye" } });
    expect(result.code, explain(result, "ws_client")).toBe(0);
    await pollUntil([], () => seen.disconnected.length === 1, { what: "client_disconnected" });
    const [id] = seen.connected[0] ?? [];
    expect(seen.closeRequests).toEqual([[id, 4001, "bye"]]);
    expect(seen.disconnected).toEqual([[id, true]]);
  });

  it('gdnet\'s disconnectPeer(id, 4002, "kicked") reaches a Godot client as server_close_request(4002, "kicked") and a clean close', async () => {
    const { server, url, seen } = await recordingServer();
    server.on("data_received", (id) => server.disconnectPeer(id, 4002, "kicked"));
    // Godot sends one packet, which makes the server kick it; it then waits for the server's close.
    const result = await runGodot("ws_client", { args: { url, packets: [{ mode: "text", text: "kick me" }], expect: 0 } });
    expect(result.code, explain(result, "ws_client")).toBe(0);
    expect(result.events.find((e) => e.event === "server_close_request")).toMatchObject({
      code: 4002,
      reason: "kicked",
      reason_length: 6,
    });
    expect(result.events.find((e) => e.event === "connection_closed")).toMatchObject({ was_clean_close: true });
    await pollUntil([], () => seen.disconnected.length === 1, { what: "client_disconnected" });
    expect(seen.packets).toEqual(["kick me"]);
    expect(seen.disconnected).toEqual([[seen.connected[0]?.[0], true]]);
  });

  it('a Godot server\'s disconnect_peer(id, 4003, "later ✓") reaches a gdnet client as server_close_request(4003, "later ✓"), without the NUL', async () => {
    const { godot, url } = await godotServer({ kick_after: 1, kick_code: 4003, kick_reason: "later ✓" });
    const client = gdnetClient();
    const order: string[] = [];
    client.on("server_close_request", (code, reason) => order.push(`server_close_request ${code} ${JSON.stringify(reason)}`));
    client.on("connection_closed", (clean) => order.push(`connection_closed ${clean}`));
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", client);
    client.getPeer(1)?.putPacket(toUtf8("kick me"));
    await pollUntil(client, () => order.length === 2, { what: "the close" });
    expect(order).toEqual(['server_close_request 4003 "later ✓"', "connection_closed true"]);
    expect(client.getPeer(1)?.getCloseCode()).toBe(4003);
    expect(client.getPeer(1)?.getCloseReason()).toBe("later ✓");
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
    expect(godot.find("kicking")).toMatchObject({ code: 4003, reason: "later ✓" });
    expect(godot.all("client_disconnected")).toHaveLength(1);
  });

  it('a gdnet client\'s disconnectFromHost(4004, "quit — tschüß") reaches a Godot server as client_close_request(id, 4004, "quit — tschüß")', async () => {
    const { godot, url } = await godotServer({});
    const client = gdnetClient();
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", client);
    const connected = await godot.waitFor("client_connected");
    client.disconnectFromHost(4004, "quit — tschüß");
    const [clean] = await nextSignal(client, "connection_closed", client);
    expect(clean).toBe(true);
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
    expect(godot.find("client_close_request")).toMatchObject({
      id: connected.id,
      code: 4004,
      reason: "quit — tschüß",
      reason_length: "quit — tschüß".length,
    });
    expect(godot.find("client_disconnected")).toMatchObject({ id: connected.id, was_clean_close: true });
  });
});

describeGodot3("Handshake: Godot 3.2 server's fixed 1 s handshake timeout", () => {
  it("drops a raw TCP client that never finishes its handshake after about a second, while an honest gdnet client connects and stays", async () => {
    const { godot, url } = await godotServer({});
    const port = Number(new URL(url).port);

    // Taken before connecting, so Godot's clock (started when it accepts) can only start later.
    const connectedAt = Date.now();
    const stalled = await rawConnect(port);
    cleanups.push(() => stalled.destroy());
    stalled.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const dropped = closed(stalled).then(() => Date.now() - connectedAt);

    const client = gdnetClient();
    const replies: string[] = [];
    client.on("data_received", () => replies.push(getStringFromUtf8(client.getPeer(1)?.getPacket() ?? new Uint8Array())));
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", client);
    client.getPeer(1)?.putPacket(toUtf8("before"));
    await pollUntil(client, () => replies.length === 1, { what: "the first echo" });

    const elapsed = await dropped;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    // Generous: Godot shares two cores with this busy-polling test.
    expect(elapsed).toBeLessThan(4000);

    // The honest client outlives the stalled one.
    expect(client.getPeer(1)?.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    client.getPeer(1)?.putPacket(toUtf8("after"));
    await pollUntil(client, () => replies.length === 2, { what: "the second echo" });
    expect(replies).toEqual(["before", "after"]);
    expect(godot.all("client_connected")).toHaveLength(1);

    client.disconnectFromHost();
    await nextSignal(client, "connection_closed", client);
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
  });
});
