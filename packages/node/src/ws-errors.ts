import { GdnetError } from "@gdnet/core";

/** Why the TLS layer refused the server, by OpenSSL / Node error code. Each says what to do. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "the server's certificate is self-signed and not trusted; pass it with TLSOptions.client(cert) (or trustedSslCertificate) to trust it",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's certificate chain ends in a self-signed root that is not trusted; pass that root with TLSOptions.client(rootCert)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the server's certificate was issued by a CA that is not trusted; pass the CA with TLSOptions.client(caCert)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the server's certificate was issued by a CA that is not trusted; pass the CA with TLSOptions.client(caCert)",
  UNABLE_TO_GET_ISSUER_CERT: "the issuer of the server's certificate is unknown; pass the CA with TLSOptions.client(caCert)",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the clocks)",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "the server's certificate is for a different host name; connect with the name on the certificate or set commonNameOverride",
  CERT_SIGNATURE_FAILURE: "the server's certificate signature is invalid",
  CERT_REVOKED: "the server's certificate was revoked",
};

/**
 * Close codes of ws's protocol errors, the ones that are not 1002 (its receiver sets them under a
 * private symbol: createError in ws/lib/receiver.js).
 */
const WS_CLOSE_CODES: Record<string, number> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
  WS_ERR_INVALID_UTF8: 1007,
  // A message in more fragments than maxFragments (or a frame in more TCP reads than
  // maxBufferedChunks): ws's limits on the parts it keeps of a message, so a memory limit.
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
};

/**
 * The reason a server sends with the close code of each protocol error: the texts core's
 * WebSocketPeer reports for them on the side that found the error (CLOSE_REASONS).
 */
export const PROTOCOL_CLOSE_REASONS: Readonly<Record<number, string>> = {
  1002: "Protocol error",
  1007: "Invalid frame payload data",
  // ws closes with 1008 for no other protocol error (a frame in too many TCP reads is the same
  // limit, and needs a frame of over 256 KiB).
  1008: "Too many message fragments",
  1009: "Message too big",
};

/** Turns an error from ws, net or tls into a GdnetError with a Godot code and a useful message. */
export function fromWsError(error: Error & { code?: string }, url: string): GdnetError {
  const code = error.code ?? "";
  const tlsReason = TLS_REASONS[code];
  if (tlsReason) return new GdnetError("ERR_UNAUTHORIZED", `TLS refused ${url}: ${tlsReason} (${code}).`, { cause: error });
  switch (code) {
    case "ECONNREFUSED":
      return new GdnetError("ERR_CANT_CONNECT", `Connection refused by ${url}: is the server running?`, { cause: error });
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new GdnetError("ERR_CANT_RESOLVE", `Cannot resolve the host of ${url}.`, { cause: error });
    case "ETIMEDOUT":
      return new GdnetError("ERR_TIMEOUT", `Connecting to ${url} timed out.`, { cause: error });
    case "ECONNRESET":
    case "EPIPE":
      return new GdnetError("ERR_CONNECTION_ERROR", `The connection to ${url} was reset.`, { cause: error });
  }
  if (code.startsWith("WS_ERR_")) {
    const closeCode = WS_CLOSE_CODES[code] ?? 1002;
    const kind = closeCode === 1009 || closeCode === 1008 ? "ERR_OUT_OF_MEMORY" : "ERR_INVALID_DATA";
    return new GdnetError(kind, `WebSocket protocol error from ${url}: ${error.message} (closing with ${closeCode}).`, {
      cause: error,
      closeCode,
    });
  }
  if (error.message.startsWith("Unexpected server response")) {
    return new GdnetError("ERR_CANT_CONNECT", `${url} refused the WebSocket handshake (${error.message}).`, { cause: error });
  }
  if (/subprotocol/i.test(error.message)) {
    return new GdnetError("ERR_CANT_CONNECT", `Subprotocol negotiation with ${url} failed: ${error.message}.`, { cause: error });
  }
  return new GdnetError("ERR_CONNECTION_ERROR", `WebSocket error on ${url}: ${error.message}`, { cause: error });
}

/** Node reports IPv4 clients of a dual-stack server as ::ffff:a.b.c.d; Godot shows a.b.c.d. */
export function plainAddress(address: string | undefined): string {
  if (!address) return "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
