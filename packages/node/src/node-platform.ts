import type { GdnetError, Platform } from "@gdnet/core";
import { createNodeRtc } from "./node-rtc.js";
import { connectWebSocket } from "./ws-connect.js";
import { listenWebSocket } from "./ws-listen.js";

let printer: ((error: GdnetError) => void) | null = (error) => {
  console.warn(`gdnet: ${error.code}: ${error.message}`);
};

/**
 * Where gdnet prints errors in Node (default: `console.warn`, as Godot prints to stderr).
 * Pass null to print nothing; every error stays readable with `getLastError()`.
 */
export function setErrorPrinter(print: ((error: GdnetError) => void) | null): void {
  printer = print;
}

/** Node's platform: ws for WebSocket clients and servers, node-datachannel for WebRTC. */
export const nodePlatform: Platform = {
  name: "Node.js runtime",
  webSocket: {
    capabilities: {
      handshakeHeaders: true,
      customTls: true,
      heartbeat: true,
      backpressure: true,
      noDelay: true,
      applicationCloseCodesOnly: false,
      remoteAddress: true,
    },
    connect: connectWebSocket,
    listen: listenWebSocket,
  },
  rtc: createNodeRtc(),
  printError: (error) => printer?.(error),
};
