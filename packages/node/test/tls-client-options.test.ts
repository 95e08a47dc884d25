// wss end to end: a gdnet server with certificates made by a CA generated in this test, and
// clients configured with Godot's TLSOptions (4.x) or verifySsl / trustedSslCertificate (3.x).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CryptoKey,
  GodotError,
  TLSOptions,
  WebSocketClient,
  WebSocketPeer,
  type WebSocketServer,
  WebSocketState,
  X509Certificate,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { closed, rawConnect, startServer } from "../../../test-support/servers.js";
import { type KeyAndCert, tlsFixtures } from "../../../test-support/tls-fixtures.js";

const fixtures = tlsFixtures();
const cert = (pem: string): X509Certificate => X509Certificate.fromPem(pem);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function wssServer(identity: KeyAndCert, chain?: KeyAndCert, configure?: (server: WebSocketServer) => void) {
  const { server, port } = await startServer((s) => {
    s.privateKey = CryptoKey.fromPem(identity.key);
    s.sslCertificate = cert(identity.cert);
    if (chain) s.caChain = cert(chain.cert);
    configure?.(s);
  });
  cleanups.push(() => server.stop());
  return { server, port, url: `wss://localhost:${port}/` };
}

async function attempt(url: string, tls: TLSOptions | null, server: WebSocketServer): Promise<WebSocketPeer> {
  const client = new WebSocketPeer();
  cleanups.push(() => client.close(-1));
  expect(client.connectToUrl(url, tls)).toBe(GodotError.OK);
  await pollUntil(
    [server, client],
    () => client.getReadyState() === WebSocketState.STATE_OPEN || client.getReadyState() === WebSocketState.STATE_CLOSED,
  );
  return client;
}

describe("wss with TLSOptions", () => {
  it("accepts a server whose CA you pass with TLSOptions.client(ca)", async () => {
    const { server, url } = await wssServer(fixtures.server);
    const client = await attempt(url, TLSOptions.client(cert(fixtures.ca.cert)), server);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    expect(client.sendText("over TLS")).toBe(GodotError.OK);
  });

  it("verifies by default: a certificate from an unknown CA is refused", async () => {
    const { server, url } = await wssServer(fixtures.server);
    const client = await attempt(url, null, server);
    expect(client.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
    expect(client.getLastError()?.code).toBe("ERR_UNAUTHORIZED");
    expect(client.getLastError()?.message).toMatch(/CA that is not trusted/);
  });

  it("refuses a self-signed certificate, and accepts it when it is the trusted one", async () => {
    const { server, url } = await wssServer(fixtures.selfSigned);
    const refused = await attempt(url, TLSOptions.client(), server);
    expect(refused.getLastError()?.message).toMatch(/self-signed/);
    const trusted = await attempt(url, TLSOptions.client(cert(fixtures.selfSigned.cert)), server);
    expect(trusted.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("refuses an expired certificate, saying so", async () => {
    const { server, url } = await wssServer(fixtures.expired);
    const client = await attempt(url, TLSOptions.client(cert(fixtures.ca.cert)), server);
    expect(client.getLastError()?.message).toMatch(/expired/);
  });

  it("refuses a certificate for another host, and accepts it with commonNameOverride", async () => {
    const { server, url } = await wssServer(fixtures.otherHost);
    const refused = await attempt(url, TLSOptions.client(cert(fixtures.ca.cert)), server);
    expect(refused.getLastError()?.message).toMatch(/different host/);
    const overridden = await attempt(url, TLSOptions.client(cert(fixtures.ca.cert), "game.example"), server);
    expect(overridden.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("clientUnsafe() accepts anything; clientUnsafe(chain) checks the chain but not the host", async () => {
    const selfSigned = await wssServer(fixtures.selfSigned);
    expect((await attempt(selfSigned.url, TLSOptions.clientUnsafe(), selfSigned.server)).getReadyState()).toBe(
      WebSocketState.STATE_OPEN,
    );
    const other = await wssServer(fixtures.otherHost);
    const chained = await attempt(other.url, TLSOptions.clientUnsafe(cert(fixtures.ca.cert)), other.server);
    expect(chained.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    const wrongChain = await attempt(other.url, TLSOptions.clientUnsafe(cert(fixtures.selfSigned.cert)), other.server);
    expect(wrongChain.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
  });

  it("sends the server's caChain so clients that trust only the root can verify", async () => {
    const withChain = await wssServer(fixtures.leafOfIntermediate, fixtures.intermediate);
    const ok = await attempt(withChain.url, TLSOptions.client(cert(fixtures.ca.cert)), withChain.server);
    expect(ok.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    const withoutChain = await wssServer(fixtures.leafOfIntermediate);
    const refused = await attempt(withoutChain.url, TLSOptions.client(cert(fixtures.ca.cert)), withoutChain.server);
    expect(refused.getReadyState()).toBe(WebSocketState.STATE_CLOSED);
  });

  it("counts the TLS handshake in the handshake timeout", async () => {
    const { port } = await wssServer(fixtures.server, undefined, (s) => s.setHandshakeTimeout(0.2));
    const silent = await rawConnect(port);
    cleanups.push(() => silent.destroy());
    await closed(silent);
    expect(silent.destroyed).toBe(true);
  });
});

describe("wss with Godot 3's WebSocketClient", () => {
  it("connects when trustedSslCertificate is the server's CA", async () => {
    const { server, url } = await wssServer(fixtures.server);
    const client = new WebSocketClient();
    cleanups.push(() => client.disconnectFromHost(-1));
    client.trustedSslCertificate = cert(fixtures.ca.cert);
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", [server, client]);
  });

  it("emits connection_error when verification fails, with the reason kept", async () => {
    const { server, url } = await wssServer(fixtures.server);
    const client = new WebSocketClient();
    client.setVerifySslEnabled(true);
    client.connectToUrl(url);
    await nextSignal(client, "connection_error", [server, client]);
    expect(client.getLastError()?.code).toBe("ERR_UNAUTHORIZED");
  });

  it("connects without verification when verifySsl is false", async () => {
    const { server, url } = await wssServer(fixtures.selfSigned);
    const client = new WebSocketClient();
    cleanups.push(() => client.disconnectFromHost(-1));
    client.verifySsl = false;
    client.connectToUrl(url);
    await nextSignal(client, "connection_established", [server, client]);
  });
});

describe("PEM files", () => {
  it("saves and loads certificates and keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "gdnet-pem-"));
    const certificate = cert(fixtures.server.cert);
    expect(certificate.save(join(dir, "server.crt"))).toBe(GodotError.OK);
    const loaded = new X509Certificate();
    expect(loaded.load(join(dir, "server.crt"))).toBe(GodotError.OK);
    expect(loaded.saveToString()).toBe(certificate.saveToString());
    const key = CryptoKey.fromPem(fixtures.server.key);
    expect(key.save(join(dir, "server.key"))).toBe(GodotError.OK);
    const loadedKey = new CryptoKey();
    expect(loadedKey.load(join(dir, "server.key"))).toBe(GodotError.OK);
    expect(new X509Certificate().load(join(dir, "missing.crt"))).toBe(GodotError.ERR_FILE_CANT_OPEN);
  });
});
