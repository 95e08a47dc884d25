import { GdnetError, GodotError, type Platform, type ServerLimits, type TLSOptions } from "@gdnet/core";
import { autoPoll } from "./auto-poll.js";
import { SceneMultiplayer, WebSocketMultiplayerPeer } from "./classes.js";
import { forwardingBuffers4 } from "./forwarding-buffers.js";
import { nodePlatform } from "./node-platform.js";

/** Options of {@link RelayServer}. */
export interface RelayServerOptions {
  /** Connection count, Origin and message-rate limits (docs/security.md). Default: none, as in Godot. */
  limits?: Partial<ServerLimits>;
  /** Port to listen on; 0 picks a free one. Default 9082. */
  port?: number;
  /** Address to bind: "*" (default) or an IP. */
  host?: string;
  /** Subprotocols accepted (Godot's websocket_multiplayer demo uses ["ludus"]). Default []. */
  protocols?: readonly string[];
  /** wss: `TLSOptions.server(key, certificate)`. Default null. */
  tls?: TLSOptions | null;
  platform?: Platform;
}

/**
 * A Godot 4 multiplayer session server with no scene of its own: a WebSocketMultiplayerPeer server
 * and a SceneMultiplayer with server relay, so Godot 4 clients and gdnet clients (browser or Node)
 * join one session, see each other (SYS ADD_PEER/DEL_PEER) and call RPCs on each other through it.
 * `npx gdnet relay` runs one. `multiplayer` is there to register server-side nodes or hook signals.
 */
export class RelayServer {
  readonly peer: WebSocketMultiplayerPeer;
  readonly multiplayer: SceneMultiplayer;
  readonly #options: RelayServerOptions;
  #stop: (() => void) | null = null;

  constructor(options: RelayServerOptions = {}) {
    const platform = options.platform ?? nodePlatform;
    this.#options = options;
    this.peer = new WebSocketMultiplayerPeer(platform);
    this.peer.setSupportedProtocols(options.protocols ?? []);
    this.peer.limits = options.limits ?? {};
    forwardingBuffers4(this.peer);
    this.multiplayer = new SceneMultiplayer(platform);
    this.multiplayer.unknownNodes = "ignore";
  }

  /** Starts listening; resolves with the URL clients connect to. */
  async start(): Promise<string> {
    const host = this.#options.host ?? "*";
    const error = this.peer.createServer(this.#options.port ?? 9082, host, this.#options.tls ?? null);
    if (error !== GodotError.OK) throw this.peer.getLastError() ?? new GdnetError("FAILED", "createServer failed");
    this.multiplayer.multiplayerPeer = this.peer;
    this.#stop = autoPoll(this.multiplayer);
    while (this.peer.getLocalPort() === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.multiplayer.poll();
      const failure = this.peer.getLastError();
      if (this.peer.getConnectionStatus() === 0 && failure) {
        this.stop();
        throw failure;
      }
    }
    const scheme = this.#options.tls ? "wss" : "ws";
    return `${scheme}://${host === "*" ? "localhost" : host.includes(":") ? `[${host}]` : host}:${this.peer.getLocalPort()}/`;
  }

  /** The admitted peers. */
  get peerCount(): number {
    return this.multiplayer.getPeers().length;
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.peer.close();
  }
}
