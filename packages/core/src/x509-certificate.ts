import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Godot's X509Certificate: one certificate or a chain, in PEM. `loadFromString` works everywhere;
 * the node package adds `load(path)`. The platform that uses it does the real parsing and checks.
 */
export class X509Certificate {
  #pem = "";
  #lastError: GdnetError | null = null;

  /** Creates a certificate from PEM text; throws a GdnetError when the text holds none. */
  static fromPem<T extends X509Certificate>(this: new () => T, pem: string): T {
    const cert = new this();
    if (cert.loadFromString(pem) !== GodotError.OK) throw cert.getLastError();
    return cert;
  }

  /** Godot 4's `load_from_string`: reads every PEM certificate block of `pem` (a chain stays a chain). */
  loadFromString(pem: string): GodotError {
    const blocks = typeof pem === "string" ? pem.match(CERTIFICATE) : null;
    if (!blocks) {
      this.#lastError = new GdnetError("ERR_PARSE_ERROR", "No PEM certificate (-----BEGIN CERTIFICATE-----) found.");
      return GodotError.ERR_PARSE_ERROR;
    }
    this.#pem = `${blocks.join("\n")}\n`;
    return GodotError.OK;
  }

  /** Godot 4's `save_to_string`: the certificate(s) as PEM. */
  saveToString(): string {
    return this.#pem;
  }

  /** True when nothing has been loaded. */
  isEmpty(): boolean {
    return this.#pem === "";
  }

  getLastError(): GdnetError | null {
    return this.#lastError;
  }
}
