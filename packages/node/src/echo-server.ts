import { type GdnetError, GodotError, OutboundGuard, type Platform, type ServerLimits, WriteMode } from "@gdnet/core";
import { autoPoll } from "./auto-poll.js";
import { WebSocketServer } from "./classes.js";
import { forwardingBuffers3 } from "./forwarding-buffers.js";
import { nodePlatform } from "./node-platform.js";

/** Options of {@link EchoServer}. */
export interface EchoServerOptions {
  /** Connection count, Origin and message-rate limits (docs/security.md). Default: none, as in Godot. */
  limits?: Partial<ServerLimits>;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind: "*" (default, every interface) or an IP. */
  host?: string;
  /** Subprotocols accepted, with Godot's rules (default []: clients must offer none). */
  protocols?: readonly string[];
  platform?: Platform;
}

/**
 * A WebSocket echo server: every packet goes back to its sender in the write mode it arrived in
 * (a text frame as text, a binary frame as binary). `npx gdnet echo` runs one.
 */
export class EchoServer {
  readonly server: WebSocketServer;
  /** Packets echoed so far. */
  echoed = 0;
  readonly #options: EchoServerOptions;
  readonly #outbound = new OutboundGuard();
  readonly #report: (error: GdnetError) => void;
  #stopPolling: (() => void) | null = null;

  constructor(options: EchoServerOptions = {}) {
    this.#options = options;
    const platform = options.platform ?? nodePlatform;
    this.#report = (error) => platform.printError(error);
    this.server = new WebSocketServer(platform);
    this.server.limits = options.limits ?? {};
    forwardingBuffers3(this.server);
    this.server.on("data_received", (id) => this.#echo(id));
  }

  /** Starts listening; resolves with the URL clients can connect to. */
  async start(): Promise<string> {
    const host = this.#options.host ?? "*";
    if (this.server.setBindIp(host) !== GodotError.OK) throw this.server.getLastError();
    if (this.server.listen(this.#options.port ?? 0, this.#options.protocols ?? []) !== GodotError.OK) {
      throw this.server.getLastError();
    }
    this.#stopPolling = autoPoll(this.server);
    try {
      const port = await this.server.listening();
      return `ws://${host === "*" ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}/`;
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  stop(): void {
    this.#stopPolling?.();
    this.#stopPolling = null;
    this.server.stop();
  }

  #echo(id: number): void {
    const peer = this.server.getPeer(id);
    if (!peer) return;
    while (peer.getAvailablePacketCount() > 0) {
      const packet = peer.getPacket();
      const mode = peer.wasStringPacket() ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY;
      // A client that sends faster than it reads its echoes is disconnected (1008 "Outbound
      // buffer full") rather than miss one.
      if (this.#outbound.send(id, peer, packet, true, this.#report, mode) === GodotError.OK) this.echoed++;
    }
  }

  /** Clients disconnected because an echo did not fit their outbound buffer. */
  get outboundOverflowCount(): number {
    return this.#outbound.closedCount;
  }
}
