import { autoPoll, EchoServer, WebSocketClient } from "gdnet";
import { afterEach, describe, expect, it, vi } from "vitest";
import "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("autoPoll (Node)", () => {
  it("delivers signals without a game loop, each inside poll()", async () => {
    const echo = new EchoServer({ host: "127.0.0.1" });
    const url = await echo.start();
    cleanups.push(() => echo.stop());
    const client = new WebSocketClient();
    const stop = autoPoll(client);
    cleanups.push(stop);
    const text = await new Promise<string>((resolve) => {
      client.on("connection_established", () => client.getPeer(1)?.sendText("auto"));
      client.on("data_received", () => resolve(new TextDecoder().decode(client.getPeer(1)?.getPacket())));
      client.connectToUrl(url);
    });
    expect(text).toBe("auto");
  });

  it("polls on its interval and stops when stopped", () => {
    vi.useFakeTimers();
    try {
      let polls = 0;
      const stop = autoPoll({ poll: () => polls++ }, { intervalMs: 10 });
      vi.advanceTimersByTime(35);
      expect(polls).toBe(3);
      stop();
      vi.advanceTimersByTime(100);
      expect(polls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
