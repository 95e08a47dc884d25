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
   * Messages one connection may send per second, with a burst of one second's worth; past it the
   * connection is closed with 1008 (Policy Violation) "Message rate limit exceeded". 0 (default):
   * no limit.
   */
  maxMessagesPerSecond: number;
}

/** No limits: Godot's behaviour. */
export const NO_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxConnections: 0,
  allowedOrigins: Object.freeze([]),
  maxMessagesPerSecond: 0,
});

/** The close reasons that go with the limits. */
export const ServerLimitReason = {
  SERVER_FULL: "Server is full",
  RATE_LIMITED: "Message rate limit exceeded",
} as const;
export type ServerLimitReason = (typeof ServerLimitReason)[keyof typeof ServerLimitReason];

/** Checks `limits` (a partial object: the rest comes from {@link NO_SERVER_LIMITS}); a GdnetError ERR_INVALID_PARAMETER names a bad field. */
export function serverLimits(limits: Partial<ServerLimits> = {}): ServerLimits | GdnetError {
  const merged = { ...NO_SERVER_LIMITS, ...limits };
  for (const name of ["maxConnections", "maxMessagesPerSecond"] as const) {
    const value = merged[name];
    if (!Number.isInteger(value) || value < 0) {
      return new GdnetError(
        "ERR_INVALID_PARAMETER",
        `limits.${name} must be an integer >= 0 (0: no limit), got ${String(value)}.`,
      );
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
    maxMessagesPerSecond: merged.maxMessagesPerSecond,
  };
}

/** {@link serverLimits} for a setter: throws the GdnetError instead of returning it. */
export function checkServerLimits(limits: Partial<ServerLimits>): ServerLimits {
  const checked = serverLimits(limits);
  if (checked instanceof GdnetError) throw checked;
  return checked;
}
