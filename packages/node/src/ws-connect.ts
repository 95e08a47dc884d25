import type { Socket } from "node:net";
import type { WebSocketConnectRequest, WebSocketTransport, WebSocketTransportSink } from "@gdnet/core";
import { WebSocket } from "ws";
import { clientTlsSettings } from "./tls-client-options.js";
import { plainAddress } from "./ws-errors.js";
import { WsTransport } from "./ws-transport.js";

/**
 * Opens a client connection with ws, shaped like Godot's client: no permessage-deflate (Godot
 * never negotiates extensions), no Origin, Nagle off, messages over the inbound limit refused
 * with 1009 by ws itself (`maxPayload`).
 */
export function connectWebSocket(request: WebSocketConnectRequest, sink: WebSocketTransportSink): WebSocketTransport {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  const ws = new WebSocket(request.url, [...request.protocols], {
    perMessageDeflate: false,
    maxPayload: request.maxMessageSize,
    followRedirects: false,
    headers,
    ...clientTlsSettings(request.tls),
  });
  const transport = new WsTransport(ws, request.url, null);
  let host = "";
  let port = 0;
  ws.on("upgrade", (response) => {
    const socket = response.socket as Socket;
    transport.setSocket(socket);
    host = plainAddress(socket.remoteAddress);
    port = socket.remotePort ?? 0;
  });
  ws.on("open", () => sink.onOpen(ws.protocol, host, port));
  transport.attach(sink);
  return transport;
}
