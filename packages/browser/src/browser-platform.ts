import type { GdnetError, Platform, RtcPlatform } from "@gdnet/core";
import { createBrowserRtc } from "./browser-rtc.js";
import { connectNativeWebSocket, type WebSocketConstructor } from "./native-websocket.js";

let printer: ((error: GdnetError, source?: object) => void) | null = (error) => {
  console.warn(`gdnet: ${error.code}: ${error.message}`);
};

/**
 * Where gdnet prints errors in the browser (default: `console.warn`, as Godot's web export prints
 * to the console). `source` is the object that failed (absent for none). Pass null to print
 * nothing; every error stays readable with `getLastError()`.
 *
 * Unlike Node's, the default prints every error: a page talks to servers it chose, while a
 * server's stderr is open to any attacker, and a throttle would cost every browser bundle about
 * 0.4 KB. To throttle, pass `(error, source) => throttle.print(error, source)` with an
 * `ErrorThrottle` of @gdnet/core.
 */
export function setErrorPrinter(print: ((error: GdnetError, source?: object) => void) | null): void {
  printer = print;
}

/**
 * A browser platform over a W3C WebSocket class and an RTC implementation: the page's own by
 * default, or ones you pass (isomorphic-ws runs this same code in Node's tests).
 */
export function createBrowserPlatform(WebSocketImpl?: WebSocketConstructor, rtc: RtcPlatform = createBrowserRtc()): Platform {
  const impl = (): WebSocketConstructor => {
    const found = WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!found) throw new Error("No WebSocket class in this environment; pass one to createBrowserPlatform().");
    return found;
  };
  return {
    name: "browser",
    webSocket: {
      capabilities: {
        handshakeHeaders: false,
        customTls: false,
        heartbeat: false,
        backpressure: false,
        noDelay: false,
        applicationCloseCodesOnly: true,
        remoteAddress: false,
      },
      connect: (request, sink) => connectNativeWebSocket(impl(), request, sink),
    },
    rtc,
    printError: (error, source) => printer?.(error, source),
  };
}

/** The platform of the page this code runs in. */
export const browserPlatform: Platform = createBrowserPlatform();
