/** The outcome of subprotocol negotiation on the server side. */
export type SubprotocolChoice =
  | { readonly ok: true; readonly protocol: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Godot's server-side rule (wsl_server.cpp 3.2, wsl_peer.cpp 4.x `_parse_request`): when the client
 * offers subprotocols, pick the first offered one the server supports, and refuse the handshake
 * when there is none, even if the server lists no protocols at all; when the client offers none
 * but the server has a list, refuse as well.
 *
 * `offered` is the raw `Sec-WebSocket-Protocol` request header, or undefined when absent.
 */
export function chooseSubprotocol(offered: string | undefined, supported: readonly string[]): SubprotocolChoice {
  if (offered === undefined) {
    if (supported.length > 0) {
      return { ok: false, reason: `a subprotocol is required (one of: ${supported.join(", ")})` };
    }
    return { ok: true, protocol: "" };
  }
  const names = offered
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of names) {
    if (supported.includes(name)) return { ok: true, protocol: name };
  }
  const list = supported.length > 0 ? supported.join(", ") : "none";
  return { ok: false, reason: `no offered subprotocol (${names.join(", ")}) is supported (supported: ${list})` };
}
