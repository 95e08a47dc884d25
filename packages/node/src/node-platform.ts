import { ErrorThrottle, type GdnetError, type Platform } from "@gdnet/core";
import { createNodeRtc } from "./node-rtc.js";
import { connectWebSocket } from "./ws-connect.js";
import { listenWebSocket } from "./ws-listen.js";

// One line a second per (source, code): a flood of bad packets would otherwise print a line per
// packet, and console.warn on a stalled stderr pipe buffers every line in memory. console.warn is
// looked up on each line, so a test or an app that replaces it still gets the lines.
const throttle = new ErrorThrottle((line) => console.warn(line), {
  // unref: a pending count never keeps the process alive (it is lost if the process exits first).
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
});

let printer: ((error: GdnetError, source?: object) => void) | null = (error, source) => throttle.print(error, source);

/**
 * Where gdnet prints errors in Node. The default prints `gdnet: CODE: message` with `console.warn`
 * (as Godot prints to stderr), at most one line a second for each object and error code; what that
 * suppresses is printed as one line with its count when the second ends. A printer passed here
 * gets every error, unthrottled, with `source`, the object that failed (absent for none); wrap it
 * in core's `ErrorThrottle` to throttle it too. Pass null to print nothing; every error stays
 * readable with `getLastError()`.
 */
export function setErrorPrinter(print: ((error: GdnetError, source?: object) => void) | null): void {
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
  printError: (error, source) => printer?.(error, source),
};
