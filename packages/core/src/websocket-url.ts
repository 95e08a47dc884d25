import { GdnetError } from "./gdnet-error.js";

/** A WebSocket URL split the way Godot reads it. */
export interface WebSocketUrl {
  /** `wss://` */
  readonly secure: boolean;
  /** Host name or address, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
  /** Path and query, `/` when the URL has none. */
  readonly path: string;
  /** The URL rebuilt with its scheme (Godot accepts a URL without one and means `ws://`). */
  readonly href: string;
}

/**
 * Parses `url` as Godot's WebSocketPeer.connect_to_url does (String::parse_url): the scheme must be
 * `ws://` or `wss://`, and may be left out (then `ws://`); the port defaults to 80 or 443; the
 * path defaults to `/`. IPv6 literals go in brackets (`ws://[::1]:9080/`).
 */
export function parseWebSocketUrl(url: string): WebSocketUrl | GdnetError {
  if (typeof url !== "string") return invalid("the URL must be a string");
  const text = url.trim();
  let rest = text;
  let secure = false;
  const schemeEnd = text.indexOf("://");
  if (schemeEnd !== -1) {
    const scheme = text.slice(0, schemeEnd).toLowerCase();
    if (scheme !== "ws" && scheme !== "wss") {
      return invalid(`unsupported scheme "${scheme}://" in "${url}"; use ws:// or wss://`);
    }
    secure = scheme === "wss";
    rest = text.slice(schemeEnd + 3);
  }
  const slash = rest.search(/[/?#]/);
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  let path = slash === -1 ? "/" : rest.slice(slash);
  if (path.startsWith("?")) path = `/${path}`;
  const hash = path.indexOf("#");
  if (hash !== -1) path = path.slice(0, hash);
  const hostPort = authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority;
  let host: string;
  let portText = "";
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close === -1) return invalid(`unterminated IPv6 address in "${url}"`);
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(":")) return invalid(`unexpected "${after}" after the address in "${url}"`);
      portText = after.slice(1);
    }
  } else {
    const colon = hostPort.lastIndexOf(":");
    if (colon !== -1 && hostPort.indexOf(":") !== colon) {
      return invalid(`IPv6 addresses must be in brackets in "${url}"`);
    }
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    portText = colon === -1 ? "" : hostPort.slice(colon + 1);
  }
  if (host === "") return invalid(`no host in "${url}"`);
  let port = secure ? 443 : 80;
  if (portText !== "") {
    if (!/^\d{1,5}$/.test(portText)) return invalid(`invalid port "${portText}" in "${url}"`);
    port = Number(portText);
    if (port < 1 || port > 65535) return invalid(`port ${port} out of range in "${url}"`);
  }
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  const href = `${secure ? "wss" : "ws"}://${hostForUrl}:${port}${path}`;
  return { secure, host, port, path, href };
}

function invalid(message: string): GdnetError {
  return new GdnetError("ERR_INVALID_PARAMETER", `Invalid WebSocket URL: ${message}.`);
}
