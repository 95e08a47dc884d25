import { readFileSync, writeFileSync } from "node:fs";
import { CryptoKey as CoreCryptoKey, X509Certificate as CoreX509Certificate, GodotError } from "@gdnet/core";

/** Godot's X509Certificate with `load(path)` / `save(path)` for PEM files. */
export class X509Certificate extends CoreX509Certificate {
  /** Reads a PEM certificate (or chain) file. ERR_FILE_CANT_OPEN when it cannot be read. */
  load(path: string): GodotError {
    const text = readText(path);
    return text === undefined ? GodotError.ERR_FILE_CANT_OPEN : this.loadFromString(text);
  }

  /** Writes the certificate(s) as PEM. */
  save(path: string): GodotError {
    return writeText(path, this.saveToString());
  }
}

/** Godot's CryptoKey with `load(path, publicOnly)` / `save(path)` for PEM files. */
export class CryptoKey extends CoreCryptoKey {
  /** Reads a PEM key file; `publicOnly` (default false) reads a public key. */
  load(path: string, publicOnly = false): GodotError {
    const text = readText(path);
    return text === undefined ? GodotError.ERR_FILE_CANT_OPEN : this.loadFromString(text, publicOnly);
  }

  save(path: string): GodotError {
    return writeText(path, this.saveToString());
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function writeText(path: string, text: string): GodotError {
  try {
    writeFileSync(path, text);
    return GodotError.OK;
  } catch {
    return GodotError.ERR_FILE_CANT_WRITE;
  }
}
