import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";

const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;
const PUBLIC_KEY = /-----BEGIN ((?:RSA )?PUBLIC KEY)-----[\s\S]+?-----END \1-----/;

/** Godot's CryptoKey: a private key (or a public one with `publicOnly`), in PEM. */
export class CryptoKey {
  #pem = "";
  #publicOnly = false;
  #lastError: GdnetError | null = null;

  /** Creates a key from PEM text; throws a GdnetError when the text holds none. */
  static fromPem<T extends CryptoKey>(this: new () => T, pem: string, publicOnly = false): T {
    const key = new this();
    if (key.loadFromString(pem, publicOnly) !== GodotError.OK) throw key.getLastError();
    return key;
  }

  /** Godot 4's `load_from_string(string_key, public_only = false)`. */
  loadFromString(pem: string, publicOnly = false): GodotError {
    const match = typeof pem === "string" ? pem.match(publicOnly ? PUBLIC_KEY : PRIVATE_KEY) : null;
    if (!match) {
      const what = publicOnly ? "public" : "private";
      this.#lastError = new GdnetError("ERR_PARSE_ERROR", `No PEM ${what} key found.`);
      return GodotError.ERR_PARSE_ERROR;
    }
    this.#pem = `${match[0]}\n`;
    this.#publicOnly = publicOnly;
    return GodotError.OK;
  }

  /** Godot 4's `save_to_string`. */
  saveToString(): string {
    return this.#pem;
  }

  /** Godot's `is_public_only`. */
  isPublicOnly(): boolean {
    return this.#publicOnly;
  }

  isEmpty(): boolean {
    return this.#pem === "";
  }

  getLastError(): GdnetError | null {
    return this.#lastError;
  }
}
