// An in-memory Platform for core's unit tests: no sockets, no timers. A test plays the network's
// part by calling the sink a connection was given (onOpen, onMessage, onPong, ...) and reads what
// core sent from `sent`. Only what core's WebSocket classes use is here; it is not a network.
import type {
  AcceptedWebSocket,
  GdnetError,
  Platform,
  WebSocketConnectRequest,
  WebSocketListenHandler,
  WebSocketTransport,
  WebSocketTransportSink,
} from "@gdnet/core";

/** One connection's far end, as the test sees it. */
export class MemoryConnection implements WebSocketTransport {
  sink: WebSocketTransportSink | null = null;
  readonly sent: Array<{ data: Uint8Array | string; binary: boolean }> = [];
  bufferedAmount = 0;
  pings = 0;
  paused = false;
  closedWith: { code: number; reason: string } | null = null;
  terminated = false;

  send(data: Uint8Array | string, binary: boolean): void {
    this.sent.push({ data, binary });
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  terminate(): void {
    this.terminated = true;
  }
  ping(): void {
    this.pings++;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  remoteAddress(): string {
    return "127.0.0.1";
  }
  remotePort(): number {
    return 40000;
  }

  /** The sink, once core attached one. */
  get to(): WebSocketTransportSink {
    if (!this.sink) throw new Error("no sink attached yet");
    return this.sink;
  }
}

export interface MemoryPlatform {
  readonly platform: Platform;
  /** Connections core opened as a client, in order. */
  readonly connections: MemoryConnection[];
  /** Errors core printed. */
  readonly printed: GdnetError[];
  /** Makes a connection arrive at the listening server (after its handshake); returns its far end. */
  accept(protocol?: string): MemoryConnection;
}

/** A Platform with every WebSocket capability of Node's, over in-memory connections. */
export function createMemoryPlatform(): MemoryPlatform {
  const connections: MemoryConnection[] = [];
  const printed: GdnetError[] = [];
  let listener: WebSocketListenHandler | null = null;
  const platform: Platform = {
    name: "in-memory test platform",
    webSocket: {
      capabilities: {
        handshakeHeaders: true,
        customTls: true,
        heartbeat: true,
        backpressure: true,
        noDelay: false,
        applicationCloseCodesOnly: false,
        remoteAddress: true,
      },
      connect(_request: WebSocketConnectRequest, sink: WebSocketTransportSink): WebSocketTransport {
        const connection = new MemoryConnection();
        connection.sink = sink;
        connections.push(connection);
        return connection;
      },
      listen(request, handler) {
        listener = handler;
        queueMicrotask(() => handler.onListening(request.port || 9999));
        return {
          close() {
            listener = null;
          },
        };
      },
    },
    printError: (error) => printed.push(error),
  };
  return {
    platform,
    connections,
    printed,
    accept(protocol = "") {
      if (!listener) throw new Error("the server is not listening");
      const connection = new MemoryConnection();
      const accepted: AcceptedWebSocket = {
        protocol,
        requestedUrl: "ws://127.0.0.1/",
        transport: connection,
        attach: (sink) => {
          connection.sink = sink;
        },
      };
      listener.onConnection(accepted);
      return connection;
    },
  };
}
