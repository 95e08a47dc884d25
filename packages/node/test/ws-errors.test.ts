import { describe, expect, it } from "vitest";
import { fromWsError, plainAddress } from "../src/ws-errors.js";

const withCode = (message: string, code?: string): Error & { code?: string } =>
  Object.assign(new Error(message), code ? { code } : {});

describe("fromWsError", () => {
  it.each([
    ["ECONNREFUSED", "ERR_CANT_CONNECT", /server running/],
    ["ENOTFOUND", "ERR_CANT_RESOLVE", /resolve/],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "ERR_UNAUTHORIZED", /self-signed/],
    ["CERT_HAS_EXPIRED", "ERR_UNAUTHORIZED", /expired/],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "ERR_UNAUTHORIZED", /different host/],
    ["ECONNRESET", "ERR_CONNECTION_ERROR", /reset/],
  ])("maps %s to %s with a useful message", (code, expected, message) => {
    const error = fromWsError(withCode("x", code), "ws://h/");
    expect(error.code).toBe(expected);
    expect(error.message).toMatch(message);
  });

  it("keeps the close code of ws protocol errors", () => {
    expect(fromWsError(withCode("Max payload size exceeded", "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"), "ws://h/").closeCode).toBe(
      1009,
    );
    expect(fromWsError(withCode("Invalid UTF-8 sequence", "WS_ERR_INVALID_UTF8"), "ws://h/").closeCode).toBe(1007);
    expect(fromWsError(withCode("Invalid opcode 3", "WS_ERR_INVALID_OPCODE"), "ws://h/").closeCode).toBe(1002);
  });

  it("explains a refused handshake", () => {
    expect(fromWsError(withCode("Unexpected server response: 400"), "ws://h/").message).toMatch(
      /refused the WebSocket handshake/,
    );
  });
});

describe("plainAddress", () => {
  it("shows IPv4 clients of a dual-stack server as Godot does", () => {
    expect(plainAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(plainAddress("::1")).toBe("::1");
    expect(plainAddress(undefined)).toBe("");
  });
});
