import type { GdnetError, Platform, RtcPlatform } from "@gdnet/core";
import { createBrowserRtc } from "./browser-rtc.js";
import { connectNativeWebSocket, type WebSocketConstructor } from "./native-websocket.js";

let printer: ((error: GdnetError) => void) | null = (error) => {
  console.warn(`gdnet: ${error.code}: ${error.message}`);
};

/**
 * Where gdnet prints errors in the browser (default: `console.warn`, as Godot's web export prints
 * to the console). Pass null to print nothing; every error stays readable with `getLastError()`.
 */
export function setErrorPrinter(print: ((error: GdnetError) => void) | null): void {
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
    printError: (error) => printer?.(error),
  };
}

/** The platform of the page this code runs in. */
export const browserPlatform: Platform = createBrowserPlatform();
