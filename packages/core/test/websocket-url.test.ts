import { describe, expect, it } from "vitest";
import { GdnetError } from "../src/gdnet-error.js";
import { parseWebSocketUrl } from "../src/websocket-url.js";

describe("parseWebSocketUrl", () => {
  it("reads scheme, host, port and path", () => {
    expect(parseWebSocketUrl("wss://example.com:8443/game?room=1")).toEqual({
      secure: true,
      host: "example.com",
      port: 8443,
      path: "/game?room=1",
      href: "wss://example.com:8443/game?room=1",
    });
  });

  it("defaults the port to 80 for ws and 443 for wss, and the path to /", () => {
    expect(parseWebSocketUrl("ws://example.com")).toMatchObject({ port: 80, path: "/" });
    expect(parseWebSocketUrl("wss://example.com")).toMatchObject({ port: 443, path: "/" });
  });

  it("treats a URL without a scheme as ws://, as Godot does", () => {
    expect(parseWebSocketUrl("localhost:9080")).toMatchObject({
      secure: false,
      host: "localhost",
      port: 9080,
      href: "ws://localhost:9080/",
    });
  });

  it("reads an IPv6 address in brackets", () => {
    expect(parseWebSocketUrl("ws://[::1]:9080/x")).toMatchObject({ host: "::1", port: 9080, href: "ws://[::1]:9080/x" });
  });

  it("drops a #fragment, which is not sent", () => {
    expect(parseWebSocketUrl("ws://h/a#frag")).toMatchObject({ path: "/a" });
  });

  it.each([
    ["an http:// URL", "http://example.com"],
    ["an empty host", "ws:///path"],
    ["a port out of range", "ws://h:70000"],
    ["a port that is not a number", "ws://h:abc"],
    ["an IPv6 address without brackets", "ws://::1:80"],
    ["an unterminated bracket", "ws://[::1"],
  ])("refuses %s with ERR_INVALID_PARAMETER", (_what, url) => {
    const result = parseWebSocketUrl(url);
    expect(result).toBeInstanceOf(GdnetError);
    expect((result as GdnetError).code).toBe("ERR_INVALID_PARAMETER");
  });
});
