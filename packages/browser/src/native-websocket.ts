import { GdnetError, type WebSocketConnectRequest, type WebSocketTransport, type WebSocketTransportSink } from "@gdnet/core";

/** The part of the W3C WebSocket constructor gdnet uses (the browser's, or any ponyfill such as isomorphic-ws). */
export interface WebSocketConstructor {
  new (url: string, protocols?: string | string[]): W3CWebSocket;
}

/** The part of a W3C WebSocket gdnet uses. */
export interface W3CWebSocket {
  binaryType: string;
  readonly bufferedAmount: number;
  readonly protocol: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Opens a connection with a W3C WebSocket. Browsers decide TLS, headers and pings themselves,
 * which is why core refuses those options here before calling this.
 */
export function connectNativeWebSocket(
  Impl: WebSocketConstructor,
  request: WebSocketConnectRequest,
  sink: WebSocketTransportSink,
): WebSocketTransport {
  let ws: W3CWebSocket;
  try {
    ws = new Impl(request.url, [...request.protocols]);
  } catch (cause) {
    const name = (cause as { name?: string }).name;
    // Chrome and Firefox throw SecurityError for ws:// from an https:// page (mixed content).
    const message =
      name === "SecurityError"
        ? `The browser blocked ${request.url}: a page served over https:// may only open wss:// connections.`
        : `The browser refused to open ${request.url}: ${String(cause)}`;
    throw new GdnetError(name === "SecurityError" ? "ERR_UNAUTHORIZED" : "ERR_INVALID_PARAMETER", message, { cause });
  }
  ws.binaryType = "arraybuffer";
  ws.onopen = () => sink.onOpen(ws.protocol, "", 0);
  ws.onmessage = (event) => {
    const data = event.data;
    if (typeof data === "string") sink.onMessage(encoder.encode(data), true);
    else if (data instanceof ArrayBuffer) sink.onMessage(new Uint8Array(data), false);
    else if (ArrayBuffer.isView(data)) sink.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), false);
  };
  ws.onerror = () => {
    // Browsers hide the cause of WebSocket errors from scripts on purpose (it would leak network
    // details); the devtools console shows it.
    sink.onError(
      new GdnetError("ERR_CONNECTION_ERROR", `WebSocket error on ${request.url} (the browser's console has the details).`),
    );
  };
  ws.onclose = (event) => sink.onClose(event.code, event.reason, event.wasClean && event.code !== 1006);
  return {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(data, binary) {
      if (binary) ws.send(data);
      else ws.send(typeof data === "string" ? data : decoder.decode(data));
    },
    close(code, reason) {
      ws.close(code, reason);
    },
    terminate() {
      // A browser cannot drop a connection without a close frame; close() is the closest.
      ws.close();
    },
  };
}
