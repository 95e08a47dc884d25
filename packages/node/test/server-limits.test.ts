// Server limits (core/src/server-limits.ts, enforced in node/src/ws-listen.ts and ws-transport.ts):
// connection count, Origin allow-list and message rate, on real servers with real clients.
import { connect } from "node:net";
import {
  EchoServer,
  GodotError,
  NO_SERVER_LIMITS,
  RelayServer,
  RelayServer3,
  ServerLimitReason,
  type ServerLimits,
  WebSocketMultiplayerPeer,
  WebSocketPeer,
  WebSocketServer,
  WebSocketState,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { HonestEchoClient } from "../../../test-support/honest-client.js";
import { pollUntil } from "../../../test-support/poll-until.js";
import { readHead, upgradeRequest } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function echo(limits: Partial<ServerLimits>): Promise<{ server: EchoServer; url: string }> {
  const server = new EchoServer({ host: "127.0.0.1", limits });
  const url = await server.start();
  cleanups.push(() => server.stop());
  return { server, url };
}

function peer(url: string): WebSocketPeer {
  const client = new WebSocketPeer();
  cleanups.push(() => client.close(-1));
  client.connectToUrl(url);
  return client;
}

function honest(url: string): HonestEchoClient {
  const client = new HonestEchoClient(url);
  cleanups.push(() => client.close());
  return client;
}

describe("server limits", () => {
  it("are all off by default, as in Godot", () => {
    expect(new WebSocketServer().limits).toEqual(NO_SERVER_LIMITS);
    expect(new WebSocketMultiplayerPeer().limits).toEqual(NO_SERVER_LIMITS);
  });

  it("refuse a limit that is not a count, or origins that are not strings", () => {
    expect(() => {
      new WebSocketServer().limits = { maxConnections: -1 };
    }).toThrow(/maxConnections must be an integer >= 0/);
    const server = new WebSocketServer();
    expect(() => {
      server.limits = { maxMessagesPerSecond: 1.5 };
    }).toThrow(expect.objectContaining({ code: "ERR_INVALID_PARAMETER" }));
    expect(() => {
      server.limits = { allowedOrigins: [""] };
    }).toThrow(expect.objectContaining({ code: "ERR_INVALID_PARAMETER" }));
    server.limits = { maxConnections: 3 };
    expect(server.limits).toEqual({ ...NO_SERVER_LIMITS, maxConnections: 3 });
  });

  it.each([
    ["maxConnections", ServerLimitReason.SERVER_FULL],
    ["maxConnectionsPerAddress", ServerLimitReason.ADDRESS_FULL],
  ] as const)("close a connection past %s with 1013 '%s', and admit one again once a slot frees", async (limit, reason) => {
    const { url } = await echo({ [limit]: 2 });
    const a = honest(url);
    const b = honest(url);
    await a.open();
    await b.open();
    const third = peer(url);
    await pollUntil(third, () => third.getReadyState() === WebSocketState.STATE_CLOSED);
    expect([third.getCloseCode(), third.getCloseReason()]).toEqual([1013, reason]);
    await a.exchange(20, [b.peer]);
    expect(a.intact()).toBe(true);
    b.close();
    await pollUntil([], () => b.peer.getReadyState() === WebSocketState.STATE_CLOSED);
    // The server counts the slot free once it has seen the close; retry until it has.
    let fourth = peer(url);
    await pollUntil(fourth, () => {
      if (fourth.getReadyState() === WebSocketState.STATE_CLOSED) fourth = peer(url);
      return fourth.getReadyState() === WebSocketState.STATE_OPEN;
    });
    expect(fourth.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("answer 403 to a browser handshake from an origin not allowed, and admit allowed origins and clients with no Origin", async () => {
    const { url } = await echo({ allowedOrigins: ["https://game.example"] });
    const port = Number(new URL(url).port);
    const head = async (extra: string[]): Promise<string> => {
      const socket = connect(port, "127.0.0.1");
      cleanups.push(() => socket.destroy());
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(upgradeRequest(port, extra));
      return readHead(socket);
    };
    expect(await head(["Origin: https://evil.example"])).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    expect(await head(["Origin: https://game.example"])).toMatch(/^HTTP\/1\.1 101 /);
    const godotLike = peer(url);
    await pollUntil(godotLike, () => godotLike.getReadyState() === WebSocketState.STATE_OPEN);
  });

  it("slow a burst past maxMessagesPerSecond down instead of cutting it: every one of 7,000 messages is echoed, in order", async () => {
    const { url } = await echo({ maxMessagesPerSecond: 2000, sustainedRateSeconds: 4 });
    const client = peer(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    // 1 KiB messages, so that one read of the socket holds few of them and the pauses show.
    const count = 7000;
    const received: number[] = [];
    let sent = 0;
    const started = performance.now();
    const burst = {
      poll(): void {
        client.poll();
        while (client.getAvailablePacketCount() > 0) {
          const echo = client.getPacket();
          received.push(new DataView(echo.buffer, echo.byteOffset, echo.byteLength).getUint32(0, true));
        }
        while (sent < count) {
          const packet = new Uint8Array(1024);
          new DataView(packet.buffer).setUint32(0, sent, true);
          if (client.putPacket(packet) !== GodotError.OK) break;
          sent++;
        }
      },
    };
    await pollUntil(burst, () => received.length === count || client.getReadyState() !== WebSocketState.STATE_OPEN, {
      what: "7,000 echoes",
    });
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i));
    // The burst (4,000) went through at once, the other 3,000 at 2,000/s: the client waited in TCP.
    expect(performance.now() - started).toBeGreaterThan(1000);
  });

  it("close a client held back for most of sustainedRateSeconds with 1008, after echoing everything it was read", async () => {
    const { server, url } = await echo({ maxMessagesPerSecond: 100, sustainedRateSeconds: 2 });
    const good = honest(url);
    await good.open();
    const flooder = honest(url);
    await flooder.open();
    await pollUntil(
      [{ poll: () => flooder.pump(4000) }, { poll: () => good.pump(2) }],
      () => flooder.peer.getReadyState() === WebSocketState.STATE_CLOSED,
      { what: "the flooder to be closed" },
    );
    expect([flooder.peer.getCloseCode(), flooder.peer.getCloseReason()]).toEqual([1008, ServerLimitReason.RATE_LIMITED]);
    // What the server read before the refusal was all answered, in order, before the close.
    expect(flooder.received.length).toBeGreaterThanOrEqual(200);
    expect(flooder.intact()).toBe(true);
    await pollUntil({ poll: () => good.pump(2) }, () => server.echoed === flooder.received.length + good.received.length);
    await good.exchange(20);
    expect(good.intact()).toBe(true);
  });

  it("close a player past maxPeers with 1013 'Session is full' before anyone sees it join (Godot 4 and Godot 3 hosts)", async () => {
    const relay = new RelayServer({ port: 0, host: "127.0.0.1", limits: { maxPeers: 2 } });
    const relay3 = new RelayServer3({ port: 0, host: "127.0.0.1", limits: { maxPeers: 2 } });
    for (const [server, url] of [
      [relay, await relay.start()],
      [relay3, await relay3.start()],
    ] as const) {
      cleanups.push(() => server.stop());
      const joined: number[] = [];
      const multiplayer = server.multiplayer as { on(name: string, listener: (id: number) => void): void };
      multiplayer.on(server === relay ? "peer_connected" : "network_peer_connected", (id) => joined.push(id));
      const players = [peer(url), peer(url)];
      await pollUntil(players, () => joined.length === 2, { what: "two players" });
      const late = peer(url);
      await pollUntil([...players, late], () => late.getReadyState() === WebSocketState.STATE_CLOSED);
      expect([late.getCloseCode(), late.getCloseReason()]).toEqual([1013, ServerLimitReason.SESSION_FULL]);
      expect(late.getAvailablePacketCount()).toBe(0);
      expect(joined).toHaveLength(2);
    }
  });

  it("apply to a Godot 4 WebSocketMultiplayerPeer server too", async () => {
    const server = new WebSocketMultiplayerPeer();
    server.limits = { maxConnections: 1 };
    expect(server.createServer(0, "127.0.0.1")).toBe(GodotError.OK);
    cleanups.push(() => server.close());
    await pollUntil(server, () => server.getLocalPort() > 0);
    const url = `ws://127.0.0.1:${server.getLocalPort()}/`;
    const first = new WebSocketMultiplayerPeer();
    cleanups.push(() => first.close());
    first.createClient(url);
    await pollUntil([server, first], () => first.getUniqueId() > 1);
    const second = peer(url);
    await pollUntil([server, second], () => second.getReadyState() === WebSocketState.STATE_CLOSED);
    expect(second.getCloseCode()).toBe(1013);
  });
});
