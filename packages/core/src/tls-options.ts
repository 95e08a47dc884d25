import type { CryptoKey } from "./crypto-key.js";
import type { X509Certificate } from "./x509-certificate.js";

type Kind = "client" | "client_unsafe" | "server";

/**
 * Godot 4's TLSOptions: made only by its three static constructors.
 * - `client()` verifies the server against the platform's trusted roots and the URL's host name;
 * - `client(chain)` trusts only `chain` (Godot: "only that certificate is accepted");
 * - `clientUnsafe()` verifies nothing: for development only, it makes man-in-the-middle attacks
 *   trivial; with a chain it checks the chain but never the host name;
 * - `server(key, certificate)` is what a wss server listens with.
 */
export class TLSOptions {
  readonly #kind: Kind;
  readonly #trustedChain: X509Certificate | null;
  readonly #commonNameOverride: string;
  readonly #key: CryptoKey | null;
  readonly #certificate: X509Certificate | null;

  private constructor(
    kind: Kind,
    trustedChain: X509Certificate | null,
    commonNameOverride: string,
    key: CryptoKey | null,
    certificate: X509Certificate | null,
  ) {
    this.#kind = kind;
    this.#trustedChain = trustedChain;
    this.#commonNameOverride = commonNameOverride;
    this.#key = key;
    this.#certificate = certificate;
  }

  /**
   * A verifying client. `trustedChain` (default null: the platform's roots) replaces the trusted
   * roots; `commonNameOverride` (default "": the URL's host) is the name the certificate must match.
   */
  static client(trustedChain: X509Certificate | null = null, commonNameOverride = ""): TLSOptions {
    return new TLSOptions("client", trustedChain, commonNameOverride, null, null);
  }

  /** A client that does not verify the server (unsafe). `trustedChain` default null. */
  static clientUnsafe(trustedChain: X509Certificate | null = null): TLSOptions {
    return new TLSOptions("client_unsafe", trustedChain, "", null, null);
  }

  /** Server options: the private key and the certificate (chain) to present. */
  static server(key: CryptoKey, certificate: X509Certificate): TLSOptions {
    return new TLSOptions("server", null, "", key, certificate);
  }

  isServer(): boolean {
    return this.#kind === "server";
  }

  isUnsafeClient(): boolean {
    return this.#kind === "client_unsafe";
  }

  getCommonNameOverride(): string {
    return this.#commonNameOverride;
  }

  getTrustedCaChain(): X509Certificate | null {
    return this.#trustedChain;
  }

  getPrivateKey(): CryptoKey | null {
    return this.#key;
  }

  getOwnCertificate(): X509Certificate | null {
    return this.#certificate;
  }
}
