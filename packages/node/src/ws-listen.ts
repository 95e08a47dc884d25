import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import {
  chooseSubprotocol,
  GdnetError,
  type MessageRateOptions,
  ServerLimitReason,
  type WebSocketListener,
  type WebSocketListenHandler,
  type WebSocketListenRequest,
} from "@gdnet/core";
import { WebSocket, WebSocketServer as WsServer } from "ws";
import { PROTOCOL_CLOSE_REASONS, plainAddress } from "./ws-errors.js";
import { WsTransport } from "./ws-transport.js";

/**
 * Godot's handshake limit for the whole request head as it arrives, request line, header lines
 * and CRLFs (WSL_MAX_HEADER_SIZE in wsl_peer.h; Godot reads the head into a buffer that size). A
 * bigger head gets 431: from countHead below, or from Node's parser, whose maxHeaderSize counts
 * only the URL, header names and values.
 */
export const MAX_HANDSHAKE_HEADER_BYTES = 4096;

const HEAD_TOO_LARGE = "431 Request Header Fields Too Large";

/** Bytes received so far on a connection whose request head has not ended (see watchHead). */
const headBytes = new WeakMap<Socket, number>();

/**
 * Counts what arrives on `socket` until the HTTP parser finds the end of the head ('upgrade').
 * The listener goes first, so a chunk is counted before the parser sees it; adding it also makes
 * Node's HTTP server feed its parser from JS 'data' events instead of straight from the handle
 * (unconsume in node's lib/_http_server.js), which is what lets the count see every byte.
 */
function watchHead(socket: Socket): void {
  headBytes.set(socket, 0);
  socket.prependListener("data", countHead);
}

function countHead(this: Socket, chunk: Buffer): void {
  const before = headBytes.get(this);
  if (before === undefined) return;
  const seen = before + chunk.length;
  headBytes.set(this, seen);
  // The parser reads this chunk right after: if the head does not end in it, it is too large.
  if (before <= MAX_HANDSHAKE_HEADER_BYTES && seen > MAX_HANDSHAKE_HEADER_BYTES) process.nextTick(refuseLongHead, this);
}

function refuseLongHead(socket: Socket): void {
  if (!headBytes.has(socket)) return;
  stopCounting(socket);
  if (socket.writable) {
    reject(socket, HEAD_TOO_LARGE, `the request head is over ${MAX_HANDSHAKE_HEADER_BYTES} bytes`);
  }
}

/** The size of the head that just ended: everything received, less what came after it (`rest`). */
function endOfHead(socket: Socket, rest: Buffer): number {
  const size = (headBytes.get(socket) ?? 0) - rest.length;
  stopCounting(socket);
  return size;
}

function stopCounting(socket: Socket): void {
  headBytes.delete(socket);
  socket.off("data", countHead);
}

/**
 * Most fragments a message may arrive in: 1024, or one per 64 bytes of the inbound limit if that
 * is more. ws keeps every fragment until the last one, about 100 bytes of heap each on top of the
 * payload, and its own default (16,384, ws 8.21's maxFragments) let 110 KB of tiny fragments hold
 * 2 MB per connection. Godot, browsers and ws send a message as one frame, or a few large ones.
 */
function maxFragmentsFor(maxMessageSize: number): number {
  return Math.max(1024, Math.ceil(maxMessageSize / 64));
}

const CHOSEN = Symbol("gdnet.subprotocol");
type Request = IncomingMessage & { [CHOSEN]?: string };

/**
 * ws's server-side WebSocket, with a reason in the close frame of a protocol error. ws closes
 * those with the status code alone (receiverOnError in ws/lib/websocket.js calls
 * `close(err[kStatusCode])`), so a client read 1009 and an empty reason; the reason is optional
 * (RFC 6455 5.5.1) and says what went wrong. Every other close passes its reason already.
 */
class ServerWebSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code, data ?? (code === undefined ? undefined : PROTOCOL_CLOSE_REASONS[code]));
  }
}

/** A connection's pong in flight, and the payload of the latest ping that came meanwhile. */
interface PongState {
  waiting: boolean;
  next: Buffer | null;
}
/** Only connections that ever pinged have an entry. */
const pongs = new WeakMap<WebSocket, PongState>();

/**
 * Answers pings as RFC 6455 5.5.3 allows: while a pong is still waiting for the socket, a later
 * ping only sets the payload the next pong carries, so a client that floods pings and never reads
 * costs one pong, not one per ping. ws's own answer (autoPong) queues a pong per ping, and since
 * ws 8.23 terminates the connection when 60 wait (maxPendingAutoPongs): a burst of pings in one
 * TCP read is enough, from a client that reads every pong.
 */
function answerPing(this: WebSocket, data: Buffer): void {
  if (this.readyState !== WebSocket.OPEN) return;
  let state = pongs.get(this);
  if (state === undefined) {
    state = { waiting: false, next: null };
    pongs.set(this, state);
  }
  // A copy: `data` may be a view of the whole chunk the socket read.
  if (state.waiting) state.next = Buffer.from(data);
  else sendPong(this, state, data);
}

function sendPong(ws: WebSocket, state: PongState, data: Buffer): void {
  state.waiting = true;
  // The callback runs once the pong is handed to the kernel (or the socket failed).
  ws.pong(data, false, () => {
    state.waiting = false;
    const next = state.next;
    state.next = null;
    if (next !== null && ws.readyState === WebSocket.OPEN) sendPong(ws, state, next);
  });
}

/**
 * A WebSocket server that follows Godot's server rules (godot-protocols.md 1.1): Godot's
 * subprotocol negotiation, a handshake deadline counted from TCP accept (TLS included), extra
 * response headers, and a 4 KiB request head. The WebSocket protocol itself is ws's.
 */
export function listenWebSocket(request: WebSocketListenRequest, handler: WebSocketListenHandler): WebSocketListener {
  const tls = request.tls;
  const { maxMessagesPerSecond, messageBurst, sustainedRateSeconds } = request.limits;
  // One settings object for every connection: a limiter per connection is made from it.
  const rate: MessageRateOptions | null =
    maxMessagesPerSecond > 0
      ? {
          rate: maxMessagesPerSecond,
          burst: messageBurst > 0 ? messageBurst : 2 * maxMessagesPerSecond,
          sustainMs: sustainedRateSeconds * 1000,
        }
      : null;
  const serverOptions = { maxHeaderSize: MAX_HANDSHAKE_HEADER_BYTES };
  const server: Server = tls
    ? createHttpsServer({
        ...serverOptions,
        key: tls.getPrivateKey()?.saveToString() ?? "",
        cert: tls.getOwnCertificate()?.saveToString() ?? "",
      })
    : createHttpServer(serverOptions);
  const wss = new WsServer({
    WebSocket: ServerWebSocket,
    noServer: true,
    perMessageDeflate: false,
    maxPayload: request.maxMessageSize,
    // One more closes the connection with 1008 (WS_ERR_TOO_MANY_BUFFERED_PARTS in ws/lib/receiver.js).
    maxFragments: maxFragmentsFor(request.maxMessageSize),
    clientTracking: false,
    // Pings are answered by answerPing, at most one pong waiting per connection.
    autoPong: false,
    // The choice was made (and refusals answered) in 'upgrade' below, with Godot's rule.
    handleProtocols: (_offered, req: Request) => (req[CHOSEN] ? req[CHOSEN] : false),
  });
  const extraHeaders = request.extraHeaders.map(([name, value]) => `${name}: ${value}`);
  if (extraHeaders.length > 0) wss.on("headers", (headers) => headers.push(...extraHeaders));

  const pending = new Map<Socket, ReturnType<typeof setTimeout>>();
  /** WebSocket connections handed to the handler and not closed yet (for limits.maxConnections). */
  let open = 0;
  /** Open connections per remote address (for limits.maxConnectionsPerAddress). */
  const perAddress = new Map<string, number>();
  const countClose = (): void => {
    open--;
  };
  // One listener for every socket (`this` is the socket): per-socket closures and `once`
  // wrappers add up on a server with thousands of idle clients (bench/RESULTS.md, idle memory).
  function forgetPending(this: Socket): void {
    clearTimeout(pending.get(this));
    pending.delete(this);
  }
  // The head is counted as it arrives, after TLS: on the TLS socket for wss://.
  if (tls) server.on("secureConnection", watchHead);
  server.on("connection", (socket: Socket) => {
    if (!tls) watchHead(socket);
    // Node's HTTP server takes its 'error' listener off before 'upgrade': a client that resets
    // the connection while we refuse it (Godot 3.2 closes with our 400 unread) would otherwise
    // throw ECONNRESET out of the process. The 'close' that follows is all we need.
    socket.on("error", ignoreError);
    // Godot drops a client that has not finished the handshake in time, without a response.
    pending.set(socket, setTimeout(dropStalled, request.handshakeTimeoutMs, socket, pending));
    socket.on("close", forgetPending);
  });
  // A failed TLS handshake: the socket is already being destroyed; nothing reaches user code.
  server.on("tlsClientError", () => {});
  server.on("clientError", (error: Error & { code?: string }, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    // Already refused with 431 (the parser found the end of the head after that).
    if (!req.socket.writable) {
      req.socket.destroy();
      return;
    }
    res.writeHead(426, { "Content-Type": "text/plain", Upgrade: "websocket", Connection: "close" });
    res.end("This is a gdnet WebSocket server: connect with a WebSocket client.\n");
  });
  server.on("upgrade", (req: Request, socket: Socket, head: Buffer) => {
    const headSize = endOfHead(socket, head);
    // Already refused with 431 (the parser found the end of the head after that).
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (headSize > MAX_HANDSHAKE_HEADER_BYTES) {
      reject(socket, HEAD_TOO_LARGE, `the request head is ${headSize} bytes, over ${MAX_HANDSHAKE_HEADER_BYTES}`);
      return;
    }
    if (req.headers["sec-websocket-version"] !== "13") {
      // ws also takes the draft version 8; Godot takes 13 only (RFC 6455 4.4 answers 426).
      reject(socket, "426 Upgrade Required", "only Sec-WebSocket-Version 13 is supported", ["Sec-WebSocket-Version: 13"]);
      return;
    }
    const origins = request.limits.allowedOrigins;
    const origin = req.headers.origin;
    if (origins.length > 0 && origin !== undefined && !origins.includes(origin)) {
      reject(socket, "403 Forbidden", `the origin ${origin} is not allowed`);
      return;
    }
    const refusal = refuse(req, request.protocols);
    if (refusal) {
      reject(socket, "400 Bad Request", refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // For wss:// the deadline runs on the TCP socket under this TLS one: it must stop too, or it
      // drops the open connection when it fires.
      const tcp = tcpSocketOf(socket);
      clearTimeout(pending.get(tcp));
      pending.delete(tcp);
      tcp.off("close", forgetPending);
      // ws has its own listeners on the socket now.
      socket.off("error", ignoreError);
      socket.setNoDelay(true);
      ws.on("ping", answerPing);
      const { maxConnections, maxConnectionsPerAddress } = request.limits;
      if (maxConnections > 0) {
        if (open >= maxConnections) {
          // Accepted only to be closed with a code a browser can read (it cannot read an HTTP status).
          ws.close(1013, ServerLimitReason.SERVER_FULL);
          return;
        }
        open++;
        ws.on("close", countClose);
      }
      if (maxConnectionsPerAddress > 0) {
        const address = plainAddress(tcp.remoteAddress);
        const held = perAddress.get(address) ?? 0;
        if (held >= maxConnectionsPerAddress) {
          ws.close(1013, ServerLimitReason.ADDRESS_FULL);
          return;
        }
        perAddress.set(address, held + 1);
        // The map holds an entry per address with connections open: bounded by the connections.
        ws.once("close", () => {
          const left = (perAddress.get(address) ?? 1) - 1;
          if (left > 0) perAddress.set(address, left);
          else perAddress.delete(address);
        });
      }
      // Copied into one flat string: the concatenation would keep two rope nodes and the Host
      // header alive for the connection's lifetime (bench/RESULTS.md, idle memory).
      const requestedUrl = Buffer.from(`${tls ? "wss" : "ws"}://${req.headers.host ?? ""}${req.url ?? "/"}`).toString();
      const transport = new WsTransport(ws, requestedUrl, socket, rate);
      handler.onConnection({
        protocol: ws.protocol,
        requestedUrl,
        transport,
        attach: (sink) => transport.attach(sink),
      });
    });
  });
  server.on("error", (error: Error & { code?: string }) => handler.onError(listenError(error, request)));
  server.on("listening", () => handler.onListening((server.address() as AddressInfo).port));
  server.listen({ port: request.port, ...(request.bindAddress === "*" ? {} : { host: request.bindAddress }) });

  return {
    close: () => {
      server.close();
      for (const [socket, timer] of pending) {
        clearTimeout(timer);
        socket.destroy();
      }
      pending.clear();
    },
  };
}

function ignoreError(): void {}

/**
 * The TCP socket under `socket`, which 'connection' saw and the handshake deadline is keyed by.
 * For wss:// 'upgrade' gets the TLS socket instead; Node keeps the TCP one as its `_parent`
 * (lib/_tls_wrap.js: undocumented, but there since Node 0.x).
 */
function tcpSocketOf(socket: Socket): Socket {
  return (socket as Socket & { _parent?: Socket | null })._parent ?? socket;
}

/** The handshake timeout: Godot drops the client without a response. */
function dropStalled(socket: Socket, pending: Map<Socket, ReturnType<typeof setTimeout>>): void {
  pending.delete(socket);
  socket.destroy();
}

/** Godot's request checks that ws does not make itself; the reason for a refusal, or undefined. */
function refuse(req: Request, protocols: readonly string[]): string | undefined {
  if (req.method !== "GET") return `the handshake must be a GET request, not ${req.method ?? "?"}`;
  if (req.headers.upgrade?.toLowerCase() !== "websocket") return "the Upgrade header must be websocket";
  if (req.headers.connection === undefined) return "the Connection header is missing";
  const offered = req.headers["sec-websocket-protocol"];
  const choice = chooseSubprotocol(offered, protocols);
  if (!choice.ok) return choice.reason;
  req[CHOSEN] = choice.protocol;
  return undefined;
}

function reject(socket: Socket, status: string, reason: string, extra: string[] = []): void {
  const body = `${reason}\n`;
  const head = [
    `HTTP/1.1 ${status}`,
    "Connection: close",
    "Content-Type: text/plain",
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...extra,
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

function listenError(error: Error & { code?: string }, request: WebSocketListenRequest): GdnetError {
  const where = `${request.bindAddress}:${request.port}`;
  switch (error.code) {
    case "EADDRINUSE":
      return new GdnetError("ERR_ALREADY_IN_USE", `Cannot listen on ${where}: the port is already in use.`, { cause: error });
    case "EACCES":
      return new GdnetError(
        "ERR_UNAUTHORIZED",
        `Cannot listen on ${where}: permission denied (ports below 1024 need privileges).`,
        {
          cause: error,
        },
      );
    case "EADDRNOTAVAIL":
      return new GdnetError("ERR_INVALID_PARAMETER", `Cannot listen on ${where}: the address is not on this machine.`, {
        cause: error,
      });
    default:
      return new GdnetError("ERR_CANT_CREATE", `Cannot listen on ${where}: ${error.message}`, { cause: error });
  }
}
