import type { GdnetError } from "./gdnet-error.js";
import type { HeaderPair } from "./handshake-headers.js";
import type { ServerLimits } from "./server-limits.js";
import type { TLSOptions } from "./tls-options.js";

/**
 * What a platform's WebSocket tells core. Calls may come at any time (they are socket events);
 * core only stages them, and turns them into state changes and signals inside `poll()`.
 */
export interface WebSocketTransportSink {
  /** The handshake finished: the selected subprotocol and the remote end's address. */
  onOpen(protocol: string, remoteAddress: string, remotePort: number): void;
  /** One whole message; `isText` for a text frame. The bytes are handed over, not copied. */
  onMessage(data: Uint8Array, isText: boolean): void;
  /** A pong frame arrived (heartbeat). */
  onPong(): void;
  /** Something went wrong; `onClose` follows. */
  onError(error: GdnetError): void;
  /**
   * The platform stopped reading this connection for breaking a server limit (the message rate):
   * the peer reports `error` and closes with `error.closeCode` and `reason` once what arrived
   * before has been processed (after the poll that follows the one revealing it).
   */
  onRefuse(error: GdnetError, reason: string): void;
  /** The connection is closed. `wasClean` when a close frame was received; `code` is then its code. */
  onClose(code: number, reason: string, wasClean: boolean): void;
}

/** A platform's WebSocket connection, driven by core. */
export interface WebSocketTransport {
  /** Bytes accepted by `send` and not yet written to the network. */
  readonly bufferedAmount: number;
  /**
   * Sends one message as a text frame (`binary` false) or a binary frame. `onSent`, where the
   * platform can tell, runs once the message has left the buffer.
   */
  send(data: Uint8Array | string, binary: boolean, onSent?: () => void): void;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a close frame; `onClose` still follows. */
  terminate(): void;
  /** Sends a ping with an empty payload (where `capabilities.heartbeat`). */
  ping?(): void;
  /**
   * The remote IP address and port, read when asked (where `capabilities.remoteAddress`): an
   * accepted connection does not keep them until someone wants them. Empty / 0 once closed.
   */
  remoteAddress?(): string;
  remotePort?(): number;
  /** Stops reading from the network (where `capabilities.backpressure`). */
  pause?(): void;
  /** Reads again after `pause`. */
  resume?(): void;
  /** Turns Nagle's algorithm off or on (where `capabilities.noDelay`). */
  setNoDelay?(enabled: boolean): void;
}

/** What a client connection is asked to be. */
export interface WebSocketConnectRequest {
  /** Normalized URL with scheme and port. */
  readonly url: string;
  readonly protocols: readonly string[];
  readonly headers: readonly HeaderPair[];
  /** Client TLS options for wss; null means `TLSOptions.client()`. */
  readonly tls: TLSOptions | null;
  /** Messages larger than this close the connection with 1009. */
  readonly maxMessageSize: number;
}

/** What a server is asked to be. */
export interface WebSocketListenRequest {
  readonly port: number;
  /** `"*"` for every interface, or an IP address. */
  readonly bindAddress: string;
  /** Supported subprotocols, in Godot's negotiation (see subprotocol.ts). */
  readonly protocols: readonly string[];
  /** Extra lines of the handshake response. */
  readonly extraHeaders: readonly HeaderPair[];
  /** A connection that has not finished its handshake this long after TCP accept is dropped. */
  readonly handshakeTimeoutMs: number;
  /** Server TLS options for wss; null for plain ws. */
  readonly tls: TLSOptions | null;
  /** Messages larger than this close the connection with 1009. */
  readonly maxMessageSize: number;
  /** Connection count, Origin and message-rate limits (see server-limits.ts). */
  readonly limits: ServerLimits;
}

/** A connection a listener accepted: the handshake is done. */
export interface AcceptedWebSocket {
  readonly protocol: string;
  /** `ws(s)://` + the Host header + the request path, as Godot records it. */
  readonly requestedUrl: string;
  readonly transport: WebSocketTransport;
  /** Starts delivering the connection's events to `sink` (events that came earlier are kept for it). */
  attach(sink: WebSocketTransportSink): void;
}

/** What a listener tells its owner. */
export interface WebSocketListenHandler {
  /** The server is bound; `port` is the real one (useful with port 0). */
  onListening(port: number): void;
  /** Binding failed, or the server failed later. */
  onError(error: GdnetError): void;
  onConnection(connection: AcceptedWebSocket): void;
}

/** A running server. */
export interface WebSocketListener {
  /** Stops accepting; open connections are left to their owners. */
  close(): void;
}

/** Which optional features a platform's WebSocket has. */
export interface WebSocketCapabilities {
  /** Custom handshake headers on a client. */
  readonly handshakeHeaders: boolean;
  /** A trusted certificate chain, unsafe clients and host name overrides. */
  readonly customTls: boolean;
  /** Sending pings (heartbeat). */
  readonly heartbeat: boolean;
  /** Pausing reads when the inbound queue is full. */
  readonly backpressure: boolean;
  /** `setNoDelay`. */
  readonly noDelay: boolean;
  /** Only 1000 and 3000-4999 may be sent as close codes. */
  readonly applicationCloseCodesOnly: boolean;
  /** The remote end's IP address and port are known (otherwise the URL's host and port stand in). */
  readonly remoteAddress: boolean;
}

/** A platform's WebSocket implementation, injected into core. */
export interface WebSocketPlatform {
  readonly capabilities: WebSocketCapabilities;
  connect(request: WebSocketConnectRequest, sink: WebSocketTransportSink): WebSocketTransport;
  /** Absent where a server cannot run (browsers). */
  listen?(request: WebSocketListenRequest, handler: WebSocketListenHandler): WebSocketListener;
}
