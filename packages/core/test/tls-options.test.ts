import { describe, expect, it } from "vitest";
import { CryptoKey } from "../src/crypto-key.js";
import { GdnetError } from "../src/gdnet-error.js";
import { GodotError } from "../src/godot-error.js";
import { TLSOptions } from "../src/tls-options.js";
import { X509Certificate } from "../src/x509-certificate.js";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";

describe("TLSOptions", () => {
  it("client() verifies against the platform roots by default", () => {
    const options = TLSOptions.client();
    expect([options.isServer(), options.isUnsafeClient(), options.getTrustedCaChain(), options.getCommonNameOverride()]).toEqual([
      false,
      false,
      null,
      "",
    ]);
  });

  it("client(chain, name) keeps the trusted chain and the name override", () => {
    const chain = X509Certificate.fromPem(CERT);
    const options = TLSOptions.client(chain, "game.example");
    expect(options.getTrustedCaChain()).toBe(chain);
    expect(options.getCommonNameOverride()).toBe("game.example");
  });

  it("clientUnsafe() is marked unsafe", () => {
    expect(TLSOptions.clientUnsafe().isUnsafeClient()).toBe(true);
  });

  it("server(key, cert) is a server configuration", () => {
    const key = CryptoKey.fromPem(KEY);
    const cert = X509Certificate.fromPem(CERT);
    const options = TLSOptions.server(key, cert);
    expect([options.isServer(), options.getPrivateKey(), options.getOwnCertificate()]).toEqual([true, key, cert]);
  });
});

describe("X509Certificate", () => {
  it("keeps every certificate of a chain", () => {
    const cert = new X509Certificate();
    expect(cert.loadFromString(`${CERT}\n${CERT}`)).toBe(GodotError.OK);
    expect(cert.saveToString().match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it("refuses text without a certificate with ERR_PARSE_ERROR", () => {
    const cert = new X509Certificate();
    expect(cert.loadFromString("not a certificate")).toBe(GodotError.ERR_PARSE_ERROR);
    expect(cert.getLastError()?.code).toBe("ERR_PARSE_ERROR");
    expect(() => X509Certificate.fromPem("nope")).toThrow(GdnetError);
  });
});

describe("CryptoKey", () => {
  it("reads a private key, or a public key with publicOnly", () => {
    const key = new CryptoKey();
    expect(key.loadFromString(KEY)).toBe(GodotError.OK);
    expect(key.isPublicOnly()).toBe(false);
    const pub = new CryptoKey();
    expect(pub.loadFromString("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", true)).toBe(GodotError.OK);
    expect(pub.isPublicOnly()).toBe(true);
  });

  it("refuses text without a key", () => {
    expect(new CryptoKey().loadFromString(CERT)).toBe(GodotError.ERR_PARSE_ERROR);
  });
});
