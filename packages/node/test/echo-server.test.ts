import { EchoServer, GodotError, toUtf8, WebSocketPeer, WebSocketState, WriteMode } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { HonestEchoClient } from "../../../test-support/honest-client.js";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";
import { numberedPayload, StalledReader } from "../../../test-support/stalled-reader.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("EchoServer", () => {
  it("sends each packet back in the write mode it arrived in", async () => {
    const echo = new EchoServer({ host: "127.0.0.1" });
    const url = await echo.start();
    cleanups.push(() => echo.stop());
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    client.sendText("ping");
    client.send(new Uint8Array([0xde, 0xad]), WriteMode.WRITE_MODE_BINARY);
    await pollUntil(client, () => client.getAvailablePacketCount() === 2);
    expect([client.getPacket(), client.wasStringPacket()]).toEqual([toUtf8("ping"), true]);
    expect([client.getPacket(), client.wasStringPacket()]).toEqual([new Uint8Array([0xde, 0xad]), false]);
    expect(echo.echoed).toBe(2);
  });

  it("disconnects a client that sends without reading its echoes (1008 'Outbound buffer full'), with nothing missing before the close", async () => {
    const echo = new EchoServer({ host: "127.0.0.1" });
    const url = await echo.start();
    cleanups.push(() => echo.stop());
    const honest = new HonestEchoClient(url);
    cleanups.push(() => honest.close());
    await honest.open();
    const stalled = new StalledReader(url, 1024);
    cleanups.push(() => stalled.terminate());
    await pollUntil(honest.peer, () => stalled.open, { what: "the stalled client to connect" });
    // 24 MiB of echoes with nobody reading them: more than the socket buffers and the outbound limit.
    let sent = 0;
    const flood = {
      poll(): void {
        while (stalled.open && sent < 3000 && stalled.ws.bufferedAmount < 1 << 20) stalled.ws.send(numberedPayload(8192, sent++));
      },
    };
    await pollUntil([flood, { poll: () => honest.pump() }], () => echo.outboundOverflowCount === 1, {
      what: "the echo server to give up on the stalled client",
    });
    await honest.exchange(200);
    expect(honest.intact()).toBe(true);
    stalled.resume();
    await pollUntil(honest.peer, () => stalled.closed, { what: "the stalled client to see its close" });
    expect([stalled.closeCode, stalled.closeReason]).toEqual([1008, "Outbound buffer full"]);
    expect(stalled.sequence.length).toBeGreaterThan(0);
    expect(stalled.intact()).toBe(true);
  });

  it("prints a localhost URL when bound to every interface", async () => {
    const echo = new EchoServer();
    cleanups.push(() => echo.stop());
    expect(await echo.start()).toMatch(/^ws:\/\/localhost:\d+\/$/);
  });

  it("rejects start() when the port is taken", async () => {
    const first = new EchoServer({ host: "127.0.0.1" });
    const url = await first.start();
    cleanups.push(() => first.stop());
    const second = new EchoServer({ host: "127.0.0.1", port: Number(new URL(url).port) });
    await expect(second.start()).rejects.toMatchObject({ code: "ERR_ALREADY_IN_USE" });
  });

  it("echoes a burst in order without losing a packet", async () => {
    const echo = new EchoServer({ host: "127.0.0.1" });
    const url = await echo.start();
    cleanups.push(() => echo.stop());
    const client = new WebSocketPeer();
    cleanups.push(() => client.close(-1));
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    for (let i = 0; i < 500; i++) expect(client.send(new Uint8Array([i & 0xff, i >> 8]))).toBe(GodotError.OK);
    const got: number[] = [];
    await pollUntil(client, () => {
      while (client.getAvailablePacketCount() > 0) {
        const p = client.getPacket();
        got.push((p[0] as number) | ((p[1] as number) << 8));
      }
      return got.length === 500;
    });
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});
