// Server limits (core/src/server-limits.ts, enforced in node/src/ws-listen.ts and ws-transport.ts):
// connection count, Origin allow-list and message rate, on real servers with real clients.
import { connect } from "node:net";
import {
  EchoServer,
  GodotError,
  NO_SERVER_LIMITS,
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

  it("close a connection past maxConnections with 1013 'Server is full', and admit one again once a slot frees", async () => {
    const { url } = await echo({ maxConnections: 2 });
    const a = honest(url);
    const b = honest(url);
    await a.open();
    await b.open();
    const third = peer(url);
    await pollUntil(third, () => third.getReadyState() === WebSocketState.STATE_CLOSED);
    expect([third.getCloseCode(), third.getCloseReason()]).toEqual([1013, ServerLimitReason.SERVER_FULL]);
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

  it("close a client that sends faster than maxMessagesPerSecond with 1008, while an honest client keeps every packet", async () => {
    const { url } = await echo({ maxMessagesPerSecond: 50 });
    const good = honest(url);
    await good.open();
    const flooder = peer(url);
    await pollUntil(flooder, () => flooder.getReadyState() === WebSocketState.STATE_OPEN);
    for (let i = 0; i < 200; i++) flooder.putPacket(new Uint8Array([i]));
    await pollUntil([flooder, { poll: () => good.pump(2) }], () => flooder.getReadyState() === WebSocketState.STATE_CLOSED);
    expect([flooder.getCloseCode(), flooder.getCloseReason()]).toEqual([1008, ServerLimitReason.RATE_LIMITED]);
    // The flooder got at most its one-second burst echoed (plus what the bucket refilled, at 50/s,
    // while a busy machine parsed the flood), never the rest.
    expect(flooder.getAvailablePacketCount()).toBeLessThanOrEqual(60);
    await good.exchange(20);
    expect(good.intact()).toBe(true);
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
