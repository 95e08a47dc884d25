import { checkServerIdentity, type PeerCertificate } from "node:tls";
import type { TLSOptions } from "@gdnet/core";

/** The subset of ws / tls.connect options a TLSOptions turns into. */
export interface ClientTlsSettings {
  ca?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
}

/**
 * Maps Godot's TLSOptions to Node's TLS settings:
 * - `client()`: Node's defaults (system roots, host name checked);
 * - `client(chain)`: only `chain` is trusted (`ca` replaces the roots);
 * - `client(chain, name)`: the certificate must be for `name` instead of the URL's host;
 * - `clientUnsafe()`: nothing verified; `clientUnsafe(chain)`: chain verified, host name not.
 */
export function clientTlsSettings(tls: TLSOptions | null): ClientTlsSettings {
  if (tls === null) return {};
  const chain = tls.getTrustedCaChain()?.saveToString();
  if (tls.isUnsafeClient()) {
    return chain ? { ca: chain, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
  }
  const settings: ClientTlsSettings = {};
  if (chain) settings.ca = chain;
  const override = tls.getCommonNameOverride();
  if (override !== "") {
    settings.servername = override;
    settings.checkServerIdentity = (_host, cert) => checkServerIdentity(override, cert);
  }
  return settings;
}
