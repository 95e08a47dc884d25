import { GdnetError } from "./gdnet-error.js";

/**
 * What a WebSocket server accepts beyond Godot's own rules, for servers that face the open
 * internet (docs/security.md). Godot has none of these: every limit is off by default in the
 * classes, and on in the `gdnet` command's servers.
 */
export interface ServerLimits {
  /**
   * Connections served at once. One more is accepted and closed at once with 1013 (Try Again
   * Later) "Server is full", which a browser can read (it cannot read an HTTP status). 0 (default):
   * no limit.
   */
  maxConnections: number;
  /**
   * Origins browser clients may connect from (`"https://game.example"`): a handshake whose
   * Origin header is not listed gets HTTP 403. Clients that send no Origin (Godot, Node) are not
   * affected: the list stops other web pages from using a visitor's browser, not other programs.
   * [] (default): every origin.
   */
  allowedOrigins: readonly string[];
  /**
   * Peers a multiplayer session admits at once (the Godot 4 WebSocketMultiplayerPeer server and
   * the Godot 3 gd_mp_api WebSocketServer: a relay's players). One more is closed with 1013
   * "Session is full" before it gets an id, so nobody sees it join. 0 (default): no limit.
   */
  maxPeers: number;
  /**
   * Connections one IP address may hold at once. One more is accepted and closed at once with
   * 1013 "Too many connections from this address". 0 (default): no limit.
   */
  maxConnectionsPerAddress: number;
  /**
   * Messages one connection may send per second, on average. A connection that sends faster is
   * slowed down, not cut: once its burst is spent the server stops reading it until the rate
   * allows more (TCP back-pressure, so an unmodified Godot client just waits), and nothing it
   * sent is lost. 0 (default): no limit.
   */
  maxMessagesPerSecond: number;
  /** Messages a connection may send at once above the rate. 0 (default): two seconds' worth of `maxMessagesPerSecond`. */
  messageBurst: number;
  /**
   * A connection held back by the rate limit for more than half of this many seconds (one that
   * keeps sending at about twice the rate or more) is closed with 1008 (Policy Violation)
   * "Message rate limit exceeded", after what it already sent has been processed. 0: never
   * closed, only slowed down. Default 10.
   */
  sustainedRateSeconds: number;
}

/** No limits: Godot's behaviour. */
export const NO_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxConnections: 0,
  allowedOrigins: Object.freeze([]),
  maxPeers: 0,
  maxConnectionsPerAddress: 0,
  maxMessagesPerSecond: 0,
  messageBurst: 0,
  sustainedRateSeconds: 10,
});

/** The close reasons that go with the limits. */
export const ServerLimitReason = {
  SERVER_FULL: "Server is full",
  ADDRESS_FULL: "Too many connections from this address",
  SESSION_FULL: "Session is full",
  RATE_LIMITED: "Message rate limit exceeded",
} as const;
export type ServerLimitReason = (typeof ServerLimitReason)[keyof typeof ServerLimitReason];

/** Checks `limits` (a partial object: the rest comes from {@link NO_SERVER_LIMITS}); a GdnetError ERR_INVALID_PARAMETER names a bad field. */
export function serverLimits(limits: Partial<ServerLimits> = {}): ServerLimits | GdnetError {
  const merged = { ...NO_SERVER_LIMITS, ...limits };
  for (const name of [
    "maxConnections",
    "maxPeers",
    "maxConnectionsPerAddress",
    "maxMessagesPerSecond",
    "messageBurst",
    "sustainedRateSeconds",
  ] as const) {
    const value = merged[name];
    if (!Number.isInteger(value) || value < 0) {
      return new GdnetError("ERR_INVALID_PARAMETER", `limits.${name} must be an integer >= 0, got ${String(value)}.`);
    }
  }
  const origins = merged.allowedOrigins;
  if (!Array.isArray(origins) || origins.some((origin) => typeof origin !== "string" || origin === "")) {
    return new GdnetError(
      "ERR_INVALID_PARAMETER",
      'limits.allowedOrigins must be an array of origins such as "https://game.example".',
    );
  }
  return {
    maxConnections: merged.maxConnections,
    allowedOrigins: [...origins],
    maxPeers: merged.maxPeers,
    maxConnectionsPerAddress: merged.maxConnectionsPerAddress,
    maxMessagesPerSecond: merged.maxMessagesPerSecond,
    messageBurst: merged.messageBurst,
    sustainedRateSeconds: merged.sustainedRateSeconds,
  };
}

/** {@link serverLimits} for a setter: throws the GdnetError instead of returning it. */
export function checkServerLimits(limits: Partial<ServerLimits>): ServerLimits {
  const checked = serverLimits(limits);
  if (checked instanceof GdnetError) throw checked;
  return checked;
}
