// Certificates made inside the tests: a CA, certificates it signs (valid, expired, for another
// host) and a self-signed one. Keys come from Node's native RSA generator (fast); node-forge
// builds and signs the certificates.
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface TlsFixtures {
  ca: KeyAndCert;
  /** Signed by `ca`, for localhost / 127.0.0.1, valid now. */
  server: KeyAndCert;
  /** Signed by `ca`, for localhost, expired yesterday. */
  expired: KeyAndCert;
  /** Signed by `ca`, valid now, for game.example only. */
  otherHost: KeyAndCert;
  /** Self-signed, for localhost. */
  selfSigned: KeyAndCert;
  /** An intermediate CA signed by `ca`, and a server certificate it signs. */
  intermediate: KeyAndCert;
  leafOfIntermediate: KeyAndCert;
}

const DAY = 24 * 60 * 60 * 1000;

function rsaKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

let serial = 1;

function makeCert(
  subjectName: string,
  options: { issuer?: KeyAndCert; isCa?: boolean; hosts?: string[]; notBefore?: Date; notAfter?: Date },
): KeyAndCert {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem);
  cert.serialNumber = (serial++).toString(16).padStart(2, "0");
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 30 * DAY);
  const subject = [{ name: "commonName", value: subjectName }];
  cert.setSubject(subject);
  const issuerCert = options.issuer ? forge.pki.certificateFromPem(options.issuer.cert) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  const extensions: object[] = [{ name: "basicConstraints", cA: options.isCa ?? false, critical: true }];
  if (options.isCa)
    extensions.push({ name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true });
  else
    extensions.push(
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
    );
  if (options.hosts) {
    extensions.push({
      name: "subjectAltName",
      altNames: options.hosts.map((host) => (/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
    });
  }
  cert.setExtensions(extensions);
  const signingKey = forge.pki.privateKeyFromPem(options.issuer ? options.issuer.key : keys.privatePem);
  cert.sign(signingKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { key: keys.privatePem, cert: forge.pki.certificateToPem(cert) };
}

let cached: TlsFixtures | undefined;

/** Makes (once per test file) every certificate the TLS tests use. */
export function tlsFixtures(): TlsFixtures {
  if (cached) return cached;
  const ca = makeCert("gdnet test CA", { isCa: true });
  const intermediate = makeCert("gdnet test intermediate", { isCa: true, issuer: ca });
  cached = {
    ca,
    server: makeCert("localhost", { issuer: ca, hosts: ["localhost", "127.0.0.1"] }),
    expired: makeCert("localhost", {
      issuer: ca,
      hosts: ["localhost", "127.0.0.1"],
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    }),
    otherHost: makeCert("game.example", { issuer: ca, hosts: ["game.example"] }),
    selfSigned: makeCert("localhost", { hosts: ["localhost", "127.0.0.1"] }),
    intermediate,
    leafOfIntermediate: makeCert("localhost", { issuer: intermediate, hosts: ["localhost", "127.0.0.1"] }),
  };
  return cached;
}
