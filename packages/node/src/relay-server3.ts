import { GdnetError, GodotError, type Platform, type ServerLimits } from "@gdnet/core";
import { autoPoll } from "./auto-poll.js";
import { MultiplayerAPI, WebSocketServer } from "./classes.js";
import { forwardingBuffers3 } from "./forwarding-buffers.js";
import { nodePlatform } from "./node-platform.js";

/** Options of {@link RelayServer3}. */
export interface RelayServer3Options {
  /** Connection count, Origin and message-rate limits (docs/security.md). Default: none, as in Godot. */
  limits?: Partial<ServerLimits>;
  /** Port to listen on; 0 picks a free one. Default 9082. */
  port?: number;
  /** Address to bind: "*" (default) or an IP. */
  host?: string;
  /** Subprotocols accepted (Godot's websocket_multiplayer demo uses ["ludus"]). Default []. */
  protocols?: readonly string[];
  platform?: Platform;
}

/**
 * A Godot 3.2 multiplayer session server with no scene of its own: a WebSocketServer in gd_mp_api
 * mode, which relays every client's packets by their header's target, and a MultiplayerAPI that
 * confirms the clients' node paths (Godot 3 clients otherwise keep sending full paths) and
 * ignores RPCs for nodes it does not have. Godot 3 clients and gdnet `WebSocketClient`s join one
 * session and call RPCs on each other. `npx gdnet relay --godot 3` runs one. For wss, set
 * `peer.privateKey` and `peer.sslCertificate` before `start()`.
 */
export class RelayServer3 {
  readonly peer: WebSocketServer;
  readonly multiplayer: MultiplayerAPI;
  readonly #options: RelayServer3Options;
  #stop: (() => void) | null = null;

  constructor(options: RelayServer3Options = {}) {
    const platform = options.platform ?? nodePlatform;
    this.#options = options;
    this.peer = new WebSocketServer(platform);
    this.peer.limits = options.limits ?? {};
    forwardingBuffers3(this.peer);
    this.multiplayer = new MultiplayerAPI(platform);
    this.multiplayer.unknownNodes = "ignore";
  }

  /** Starts listening; resolves with the URL clients connect to. */
  async start(): Promise<string> {
    const host = this.#options.host ?? "*";
    if (this.peer.setBindIp(host) !== GodotError.OK) throw this.#failure();
    if (this.peer.listen(this.#options.port ?? 9082, this.#options.protocols ?? [], true) !== GodotError.OK)
      throw this.#failure();
    this.multiplayer.networkPeer = this.peer;
    this.#stop = autoPoll(this.multiplayer);
    let port: number;
    try {
      port = await this.peer.listening();
    } catch (error) {
      this.stop();
      throw error;
    }
    const scheme = this.peer.privateKey && this.peer.sslCertificate ? "wss" : "ws";
    return `${scheme}://${host === "*" ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}/`;
  }

  /** The connected clients. */
  get peerCount(): number {
    return this.multiplayer.getNetworkConnectedPeers().length;
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.peer.stop();
  }

  #failure(): GdnetError {
    return this.peer.getLastError() ?? new GdnetError("FAILED", "The Godot 3 relay could not listen.");
  }
}
