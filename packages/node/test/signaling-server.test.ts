// The webrtc_signaling demo server's behaviour (godot-demo-projects, server_node/server.js, master
// for 4.x and branch 3.2), checked with real gdnet WebSocketPeer clients against a real
// SignalingServer on port 0, for both protocol versions.
import {
  decodeSignalingJson,
  decodeSignalingText,
  encodeCandidateData,
  encodeSignalingJson,
  encodeSignalingText,
  GdnetError,
  type SignalingMessage,
  type SignalingMessageInit,
  type SignalingProtocolVersion,
  SignalingType,
} from "@gdnet/core";
import { getStringFromUtf8, WebSocketPeer, WebSocketState, WriteMode } from "gdnet";
import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { heapAfterGc } from "../../../test-support/heap.js";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";
import { SignalingServer, type SignalingServerOptions } from "../src/signaling-server.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
const CANDIDATE = encodeCandidateData("0", 0, "candidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx");

/** A demo client reduced to its wire: sends messages, collects what arrives, in order. */
class SignalingClient {
  readonly peer = new WebSocketPeer();
  /** Every text message received, as sent. */
  readonly raw: string[] = [];
  readonly received: SignalingMessage[] = [];
  /** The id from the ID message (the lobby's view: 1 for the host). */
  id = 0;
  lobby = "";

  readonly version: SignalingProtocolVersion;

  constructor(version: SignalingProtocolVersion) {
    this.version = version;
  }

  poll(): void {
    this.peer.poll();
    while (this.peer.getAvailablePacketCount() > 0) {
      const text = getStringFromUtf8(this.peer.getPacket());
      this.raw.push(text);
      const message = this.version === 4 ? decodeSignalingJson(text) : decodeSignalingText(text);
      if (message instanceof GdnetError) throw message;
      this.received.push(message);
      if (message.type === SignalingType.ID) this.id = message.id;
      if (message.type === SignalingType.JOIN) this.lobby = message.data;
    }
  }

  send(message: SignalingMessageInit): void {
    this.sendText(this.version === 4 ? encodeSignalingJson(message) : encodeSignalingText(message));
  }

  sendText(text: string): void {
    expect(this.peer.sendText(text)).toBe(0);
  }

  /** The messages of `type` received so far. */
  all(type: SignalingType): SignalingMessage[] {
    return this.received.filter((message) => message.type === type);
  }

  isOpen(): boolean {
    return this.peer.getReadyState() === WebSocketState.STATE_OPEN;
  }

  isClosed(): boolean {
    return this.peer.getReadyState() === WebSocketState.STATE_CLOSED;
  }
}

async function startSignaling(options: SignalingServerOptions = {}): Promise<{ server: SignalingServer; url: string }> {
  const server = new SignalingServer({ port: 0, host: "127.0.0.1", ...options });
  const url = await server.start();
  cleanups.push(() => server.stop());
  return { server, url };
}

async function connect(url: string, version: SignalingProtocolVersion): Promise<SignalingClient> {
  const client = new SignalingClient(version);
  cleanups.push(() => client.peer.close(-1));
  client.peer.connectToUrl(url);
  await pollUntil(client, () => client.isOpen() || client.isClosed(), { what: "the connection to open" });
  return client;
}

/** Connects and creates a lobby (mesh unless `mesh` is false; 3.2 has no flag). */
async function host(url: string, version: SignalingProtocolVersion, mesh = true): Promise<SignalingClient> {
  const client = await connect(url, version);
  client.send({ type: SignalingType.JOIN, id: mesh ? 0 : 1, data: "" });
  await pollUntil(client, () => client.lobby !== "", { what: "the lobby to be created" });
  return client;
}

/** Connects and joins `lobby`; `others` are polled too so they see the PEER_CONNECT. */
async function member(
  url: string,
  version: SignalingProtocolVersion,
  lobby: string,
  others: SignalingClient[] = [],
): Promise<SignalingClient> {
  const client = await connect(url, version);
  const before = others.map((other) => other.all(SignalingType.PEER_CONNECT).length);
  client.send({ type: SignalingType.JOIN, id: 0, data: lobby });
  await pollUntil(
    [client, ...others],
    () => client.lobby !== "" && others.every((other, i) => other.all(SignalingType.PEER_CONNECT).length > (before[i] ?? 0)),
    { what: "the lobby to be joined" },
  );
  return client;
}

/** Waits until `client` is closed; gives the code and reason the server closed it with. */
async function closeOf(client: SignalingClient, others: SignalingClient[] = []): Promise<[number, string]> {
  await pollUntil([client, ...others], () => client.isClosed(), { what: "the server to close the connection" });
  return [client.peer.getCloseCode(), client.peer.getCloseReason()];
}

/**
 * Watches setTimeout/clearTimeout for the rest of the test; returns a function giving the delays
 * of the timers started since then that have neither fired nor been cleared.
 */
function trackTimers(): () => number[] {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const pending = new Map<unknown, number>();
  const set = (callback: () => void, ms?: number): unknown => {
    const handle: unknown = realSet(() => {
      pending.delete(handle);
      callback();
    }, ms);
    pending.set(handle, ms ?? 0);
    return handle;
  };
  const clear = (handle: unknown): void => {
    pending.delete(handle);
    realClear(handle as Parameters<typeof clearTimeout>[0]);
  };
  vi.spyOn(globalThis, "setTimeout").mockImplementation(set as unknown as typeof setTimeout);
  vi.spyOn(globalThis, "clearTimeout").mockImplementation(clear as typeof clearTimeout);
  cleanups.push(() => vi.restoreAllMocks());
  return () => [...pending.values()].sort((x, y) => x - y);
}

/** Sends one message in each version's syntax. */
function either(version: SignalingProtocolVersion, json: string, text: string): string {
  return version === 4 ? json : text;
}

describe.each([4, 3] as const)("SignalingServer, protocol %i", (version) => {
  describe("lobbies", () => {
    it("creates a lobby: the creator gets ID 1, then JOIN with a 16-character [A-Za-z0-9] name", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      expect(a.received.map((m) => m.type)).toEqual([SignalingType.ID, SignalingType.JOIN]);
      expect(a.id).toBe(1);
      expect(a.lobby).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(server.lobbyCount).toBe(1);
      expect(server.peerCount).toBe(1);
      expect(server.getLobby(a.lobby)).toEqual({ name: a.lobby, mesh: version === 4, sealed: false, peers: [1] });
    });

    it("announces members both ways: the newcomer gets ID, a PEER_CONNECT per member, then JOIN", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const c = await member(url, version, a.lobby, [a, b]);
      await pollUntil([a, b], () => b.all(SignalingType.PEER_CONNECT).length === 2);
      expect(c.received.map((m) => [m.type, m.id])).toEqual([
        [SignalingType.ID, c.id],
        [SignalingType.PEER_CONNECT, 1],
        [SignalingType.PEER_CONNECT, b.id],
        [SignalingType.JOIN, 0],
      ]);
      expect(c.lobby).toBe(a.lobby);
      expect(a.all(SignalingType.PEER_CONNECT).map((m) => m.id)).toEqual([b.id, c.id]);
      expect(b.all(SignalingType.PEER_CONNECT).map((m) => m.id)).toEqual([1, c.id]);
      expect(server.getLobby(a.lobby)?.peers).toEqual([1, b.id, c.id]);
    });

    it("gives members random ids above 1, below 2^31 and distinct", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const members: SignalingClient[] = [];
      for (let i = 0; i < 4; i++) members.push(await member(url, version, a.lobby, [a, ...members]));
      const ids = members.map((m) => m.id);
      for (const id of ids) expect(id > 1 && id <= 0x7fffffff && Number.isInteger(id)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("tells the other members with PEER_DISCONNECT when a member leaves; the lobby goes on", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const c = await member(url, version, a.lobby, [a, b]);
      b.peer.close();
      await pollUntil(
        [a, b, c],
        () => a.all(SignalingType.PEER_DISCONNECT).length === 1 && c.all(SignalingType.PEER_DISCONNECT).length === 1,
      );
      expect(a.all(SignalingType.PEER_DISCONNECT)[0]?.id).toBe(b.id);
      expect(c.all(SignalingType.PEER_DISCONNECT)[0]?.id).toBe(b.id);
      expect(server.getLobby(a.lobby)?.peers).toEqual([1, c.id]);
      expect(server.peerCount).toBe(2);
    });

    it("closes the other members with 4000 'Room host has disconnected' when the host leaves, and deletes the lobby", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const c = await member(url, version, a.lobby, [a, b]);
      a.peer.close();
      expect(await closeOf(b, [a, c])).toEqual([4000, "Room host has disconnected"]);
      expect(await closeOf(c, [a])).toEqual([4000, "Room host has disconnected"]);
      expect(server.lobbyCount).toBe(0);
      expect(b.all(SignalingType.PEER_DISCONNECT)).toEqual([]);
      await pollUntil(a, () => server.peerCount === 0, { what: "every connection to be gone" });
    });
  });

  describe("relay", () => {
    it("relays OFFER, ANSWER and CANDIDATE with the id rewritten to the source; destination 1 is the host", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      b.send({ type: SignalingType.OFFER, id: 1, data: SDP });
      await pollUntil([a, b], () => a.all(SignalingType.OFFER).length === 1);
      expect(a.all(SignalingType.OFFER)).toEqual([{ type: SignalingType.OFFER, id: b.id, data: SDP }]);
      a.send({ type: SignalingType.ANSWER, id: b.id, data: SDP });
      a.send({ type: SignalingType.CANDIDATE, id: b.id, data: CANDIDATE });
      await pollUntil([a, b], () => b.all(SignalingType.CANDIDATE).length === 1);
      expect(b.all(SignalingType.ANSWER)).toEqual([{ type: SignalingType.ANSWER, id: 1, data: SDP }]);
      expect(b.all(SignalingType.CANDIDATE)).toEqual([{ type: SignalingType.CANDIDATE, id: 1, data: CANDIDATE }]);
      b.send({ type: SignalingType.CANDIDATE, id: 1, data: CANDIDATE });
      await pollUntil([a, b], () => a.all(SignalingType.CANDIDATE).length === 1);
      expect(a.all(SignalingType.CANDIDATE)).toEqual([{ type: SignalingType.CANDIDATE, id: b.id, data: CANDIDATE }]);
    });

    it("relays between two members that are not the host", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const c = await member(url, version, a.lobby, [a, b]);
      c.send({ type: SignalingType.OFFER, id: b.id, data: SDP });
      await pollUntil([a, b, c], () => b.all(SignalingType.OFFER).length === 1);
      expect(b.all(SignalingType.OFFER)).toEqual([{ type: SignalingType.OFFER, id: c.id, data: SDP }]);
      expect(a.all(SignalingType.OFFER)).toEqual([]);
    });

    it("keeps two honest clients working while a third, in another lobby, misbehaves", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const rogue = await host(url, version);
      rogue.peer.send(new Uint8Array([1, 2, 3]), WriteMode.WRITE_MODE_BINARY);
      b.send({ type: SignalingType.OFFER, id: 1, data: SDP });
      expect(await closeOf(rogue, [a, b])).toEqual([4000, "Invalid transfer mode, must be text"]);
      a.send({ type: SignalingType.ANSWER, id: b.id, data: SDP });
      await pollUntil([a, b], () => a.all(SignalingType.OFFER).length === 1 && b.all(SignalingType.ANSWER).length === 1);
      expect([a.isOpen(), b.isOpen()]).toEqual([true, true]);
      await pollUntil([a, b], () => server.lobbyCount === 1, { what: "the rogue's lobby to be deleted" });
      expect(server.getLobby(a.lobby)?.peers).toEqual([1, b.id]);
    });

    it("lives through 100,000 pong frames in one write while two honest clients negotiate", async () => {
      const { server, url } = await startSignaling({ protocol: version, pingIntervalMs: 60_000 });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const rogue = new WebSocket(url);
      cleanups.push(() => rogue.terminate());
      // The server pings every connection at once (its heartbeat), so it waits for a pong.
      await new Promise<void>((resolve) => rogue.once("ping", () => resolve()));
      const before = heapAfterGc();
      // An empty masked pong frame is 6 bytes: FIN + opcode 0xA, mask bit + length 0, the mask.
      const pongs = Buffer.alloc(100_000 * 6);
      for (let i = 0; i < pongs.length; i += 6) pongs.set([0x8a, 0x80, 1, 2, 3, 4], i);
      (rogue as unknown as { _socket: import("node:net").Socket })._socket.write(pongs);
      b.send({ type: SignalingType.OFFER, id: 1, data: SDP });
      await pollUntil([a, b], () => a.all(SignalingType.OFFER).length === 1, { what: "the offer" });
      a.send({ type: SignalingType.ANSWER, id: b.id, data: SDP });
      await pollUntil([a, b], () => b.all(SignalingType.ANSWER).length === 1, { what: "the answer" });
      expect([a.isOpen(), b.isOpen()]).toEqual([true, true]);
      expect(server.getLobby(a.lobby)?.peers).toEqual([1, b.id]);
      // One staged pong at most, not 100,000 (the 600 KB the test wrote is garbage by now).
      expect(heapAfterGc() - before).toBeLessThan(2 << 20);
    });
  });

  describe("seal", () => {
    it("sends SEAL to every member, then closes everyone with 1000 'Seal complete' after sealCloseTimeoutMs", async () => {
      const { server, url } = await startSignaling({ protocol: version, sealCloseTimeoutMs: 50 });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      a.send({ type: SignalingType.SEAL, id: 0 });
      await pollUntil([a, b], () => a.all(SignalingType.SEAL).length === 1 && b.all(SignalingType.SEAL).length === 1);
      expect(server.getLobby(a.lobby)?.sealed).toBe(true);
      expect(await closeOf(a, [b])).toEqual([1000, "Seal complete"]);
      expect(await closeOf(b, [a])).toEqual([1000, "Seal complete"]);
      await pollUntil([a, b], () => server.lobbyCount === 0 && server.peerCount === 0, { what: "the lobby to be deleted" });
    });

    it("closes the members with 'Room host has disconnected', not 'Seal complete', when the host leaves first", async () => {
      const { url } = await startSignaling({ protocol: version, sealCloseTimeoutMs: 60_000 });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      a.send({ type: SignalingType.SEAL, id: 0 });
      await pollUntil([a, b], () => b.all(SignalingType.SEAL).length === 1);
      a.peer.close();
      expect(await closeOf(b, [a])).toEqual([4000, "Room host has disconnected"]);
    });
  });

  describe("errors close with 4000 and the demo's reason", () => {
    it("'Invalid message format' for a message it cannot read", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await connect(url, version);
      a.sendText(either(version, "{not json", "J: no newline"));
      expect(await closeOf(a)).toEqual([4000, "Invalid message format"]);
    });

    it("'Lobby does not exists' for an unknown lobby", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await connect(url, version);
      a.send({ type: SignalingType.JOIN, id: 0, data: "NoSuchLobby00000" });
      expect(await closeOf(a)).toEqual([4000, "Lobby does not exists"]);
    });

    it("'Lobby is sealed' for a sealed lobby", async () => {
      const { url } = await startSignaling({ protocol: version, sealCloseTimeoutMs: 0 });
      const a = await host(url, version);
      a.send({ type: SignalingType.SEAL, id: 0 });
      await pollUntil(a, () => a.all(SignalingType.SEAL).length === 1);
      const late = await connect(url, version);
      late.send({ type: SignalingType.JOIN, id: 0, data: a.lobby });
      expect(await closeOf(late, [a])).toEqual([4000, "Lobby is sealed"]);
      expect(a.isOpen()).toBe(true);
    });

    it("'Invalid destination' for a relay to a peer outside the lobby, or to nobody", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const other = await host(url, version);
      const stranger = await member(url, version, other.lobby, [other]);
      a.send({ type: SignalingType.OFFER, id: stranger.id, data: SDP });
      expect(await closeOf(a, [b, other, stranger])).toEqual([4000, "Invalid destination"]);
      expect(stranger.all(SignalingType.OFFER)).toEqual([]);
      const c = await host(url, version);
      c.send({ type: SignalingType.CANDIDATE, id: 123_456, data: CANDIDATE });
      expect(await closeOf(c)).toEqual([4000, "Invalid destination"]);
    });

    it("'Have not joined lobby yet' when a connection does not join within noLobbyTimeoutMs", async () => {
      const { server, url } = await startSignaling({ protocol: version, noLobbyTimeoutMs: 1000 });
      const joined = await host(url, version);
      const idle = await connect(url, version);
      expect(await closeOf(idle, [joined])).toEqual([4000, "Have not joined lobby yet"]);
      // The host's timer was due before the idle one's: joining in time cancelled it.
      expect(joined.isOpen()).toBe(true);
      await pollUntil(joined, () => server.peerCount === 1);
    });

    it("'Already in a lobby' when a lobby member creates a lobby", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      a.send({ type: SignalingType.JOIN, id: 0, data: "" });
      expect(await closeOf(a)).toEqual([4000, "Already in a lobby"]);
      await pollUntil(a, () => server.lobbyCount === 0);
    });

    it("'Already in a lobby' when a lobby member joins another lobby (the demo lets it sit in both)", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      const other = await host(url, version);
      b.send({ type: SignalingType.JOIN, id: 0, data: other.lobby });
      expect(await closeOf(b, [a, other])).toEqual([4000, "Already in a lobby"]);
      await pollUntil([a, other], () => a.all(SignalingType.PEER_DISCONNECT).length === 1);
      expect(other.all(SignalingType.PEER_CONNECT)).toEqual([]);
      expect(server.getLobby(other.lobby)?.peers).toEqual([1]);
    });

    it("'Only host can seal the lobby' when a member seals", async () => {
      const { server, url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      const b = await member(url, version, a.lobby, [a]);
      b.send({ type: SignalingType.SEAL, id: 0 });
      expect(await closeOf(b, [a])).toEqual([4000, "Only host can seal the lobby"]);
      expect(server.getLobby(a.lobby)?.sealed).toBe(false);
      expect(a.all(SignalingType.SEAL)).toEqual([]);
    });

    it("'Invalid command' for a message a client may not send", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await host(url, version);
      // A server-to-client message, addressed to the host so 3.2's destination check passes.
      a.send({ type: SignalingType.PEER_CONNECT, id: 1 });
      expect(await closeOf(a)).toEqual([4000, "Invalid command"]);
    });

    it("'Invalid message when not in a lobby' for SEAL or a relay before joining", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await connect(url, version);
      a.send({ type: SignalingType.SEAL, id: 0 });
      expect(await closeOf(a)).toEqual([4000, "Invalid message when not in a lobby"]);
      const b = await connect(url, version);
      b.send({ type: SignalingType.OFFER, id: 1, data: SDP });
      expect(await closeOf(b)).toEqual([4000, "Invalid message when not in a lobby"]);
    });

    it("'Invalid transfer mode, must be text' for a binary frame", async () => {
      const { url } = await startSignaling({ protocol: version });
      const a = await connect(url, version);
      a.peer.send(new TextEncoder().encode(either(version, '{"type":0,"id":0,"data":""}', "J: \n")), WriteMode.WRITE_MODE_BINARY);
      expect(await closeOf(a)).toEqual([4000, "Invalid transfer mode, must be text"]);
    });

    it("'Too many peers connected' past maxPeers; a slot frees when a peer leaves", async () => {
      // b never joins a lobby: no lobby timer, or a slow run could close it before the count.
      const { server, url } = await startSignaling({ protocol: version, maxPeers: 2, noLobbyTimeoutMs: 0 });
      const a = await host(url, version);
      const b = await connect(url, version);
      const c = await connect(url, version);
      expect(await closeOf(c, [a, b])).toEqual([4000, "Too many peers connected"]);
      expect(server.peerCount).toBe(2);
      b.peer.close();
      await pollUntil([a, b], () => server.peerCount === 1, { what: "the slot to free" });
      const d = await host(url, version);
      expect([d.isOpen(), d.id]).toEqual([true, 1]);
    });

    it("'Too many lobbies open, disconnecting' past maxLobbies; joining still works", async () => {
      const { server, url } = await startSignaling({ protocol: version, maxLobbies: 1 });
      const a = await host(url, version);
      const b = await connect(url, version);
      b.send({ type: SignalingType.JOIN, id: 0, data: "" });
      expect(await closeOf(b, [a])).toEqual([4000, "Too many lobbies open, disconnecting"]);
      expect(server.lobbyCount).toBe(1);
      const c = await member(url, version, a.lobby, [a]);
      expect(c.lobby).toBe(a.lobby);
    });
  });
});

describe("SignalingServer, protocol 4 (JSON)", () => {
  it("puts the exact JSON the GDScript client expects on the wire, data always present", async () => {
    const { url } = await startSignaling();
    const a = await host(url, 4);
    const b = await member(url, 4, a.lobby, [a]);
    expect(a.raw).toEqual([
      '{"type":1,"id":1,"data":"true"}',
      `{"type":0,"id":0,"data":"${a.lobby}"}`,
      `{"type":2,"id":${b.id},"data":""}`,
    ]);
    expect(b.raw).toEqual([
      `{"type":1,"id":${b.id},"data":"true"}`,
      '{"type":2,"id":1,"data":""}',
      `{"type":0,"id":0,"data":"${a.lobby}"}`,
    ]);
  });

  it("marks a client/server lobby (JOIN id other than 0) with an empty ID data, for every member", async () => {
    const { server, url } = await startSignaling();
    const a = await host(url, 4, false);
    const b = await member(url, 4, a.lobby, [a]);
    expect(a.all(SignalingType.ID)).toEqual([{ type: SignalingType.ID, id: 1, data: "" }]);
    expect(b.all(SignalingType.ID)).toEqual([{ type: SignalingType.ID, id: b.id, data: "" }]);
    expect(server.getLobby(a.lobby)?.mesh).toBe(false);
  });

  it("reads type and id floored and ignores a non-string data, as the demo server does", async () => {
    const { url } = await startSignaling();
    const a = await host(url, 4);
    const b = await member(url, 4, a.lobby, [a]);
    b.sendText('{"type":4.5,"id":1.9,"data":42}');
    await pollUntil([a, b], () => a.all(SignalingType.OFFER).length === 1);
    expect(a.raw.at(-1)).toBe(`{"type":4,"id":${b.id},"data":""}`);
  });

  it.each([
    ["null", "null"],
    ["a negative id", '{"type":0,"id":-1,"data":""}'],
    ["a string type", '{"type":"0","id":0,"data":""}'],
  ])("closes with 'Invalid message format' for %s", async (_name, text) => {
    const { url } = await startSignaling();
    const a = await connect(url, 4);
    a.sendText(text);
    expect(await closeOf(a)).toEqual([4000, "Invalid message format"]);
  });

  it("closes with 'Invalid command' for an unknown type in a lobby, before looking at the destination", async () => {
    const { url } = await startSignaling();
    const a = await host(url, 4);
    a.sendText('{"type":8,"id":424242,"data":""}');
    expect(await closeOf(a)).toEqual([4000, "Invalid command"]);
  });
});

describe("SignalingServer, protocol 3 (3.2 text)", () => {
  it("puts the exact 3.2 lines on the wire: I, N, then J with the lobby name", async () => {
    const { url } = await startSignaling({ protocol: 3 });
    const a = await host(url, 3);
    const b = await member(url, 3, a.lobby, [a]);
    expect(a.raw).toEqual(["I: 1\n", `J: ${a.lobby}\n`, `N: ${b.id}\n`]);
    expect(b.raw).toEqual([`I: ${b.id}\n`, "N: 1\n", `J: ${a.lobby}\n`]);
    b.sendText(`C: 1\n${CANDIDATE}`);
    await pollUntil([a, b], () => a.raw.length === 4);
    expect(a.raw[3]).toBe(`C: ${b.id}\n${CANDIDATE}`);
  });

  it("trims the lobby name of J, as the 3.2 server does", async () => {
    const { url } = await startSignaling({ protocol: 3 });
    const a = await host(url, 3);
    const b = await connect(url, 3);
    b.sendText(`J:   ${a.lobby}  \n`);
    await pollUntil([a, b], () => b.lobby === a.lobby);
    expect(b.raw.at(-1)).toBe(`J: ${a.lobby}\n`);
  });

  it("reads the destination with parseInt, so trailing text after the id is ignored", async () => {
    const { url } = await startSignaling({ protocol: 3 });
    const a = await host(url, 3);
    const b = await member(url, 3, a.lobby, [a]);
    b.sendText("O: 1 and more\nsdp");
    await pollUntil([a, b], () => a.all(SignalingType.OFFER).length === 1);
    expect(a.raw.at(-1)).toBe(`O: ${b.id}\nsdp`);
  });

  it("checks the destination before the command: an unknown letter to nobody is 'Invalid destination'", async () => {
    const { url } = await startSignaling({ protocol: 3 });
    const a = await host(url, 3);
    a.sendText("X: 424242\n");
    expect(await closeOf(a)).toEqual([4000, "Invalid destination"]);
    const b = await host(url, 3);
    b.sendText("X: 1\n");
    expect(await closeOf(b)).toEqual([4000, "Invalid command"]);
    const c = await host(url, 3);
    c.sendText("O: nobody\nsdp");
    expect(await closeOf(c)).toEqual([4000, "Invalid destination"]);
  });

  it("closes with 'Invalid message format' for a first line shorter than 3 characters", async () => {
    const { url } = await startSignaling({ protocol: 3 });
    const a = await connect(url, 3);
    a.sendText("S:\n");
    expect(await closeOf(a)).toEqual([4000, "Invalid message format"]);
  });
});

describe("SignalingServer", () => {
  it("speaks protocol 4 by default and prints a localhost URL when bound to every interface", async () => {
    const server = new SignalingServer({ port: 0 });
    cleanups.push(() => server.stop());
    expect(server.protocol).toBe(4);
    expect(await server.start()).toMatch(/^ws:\/\/localhost:\d+\/$/);
  });

  it("pings every pingIntervalMs; a connection that answers keeps its place", async () => {
    const { server, url } = await startSignaling({ pingIntervalMs: 200 });
    const socket = new WebSocket(url);
    cleanups.push(() => socket.terminate());
    let pings = 0;
    socket.on("ping", () => pings++);
    socket.on("open", () => socket.send(encodeSignalingJson({ type: SignalingType.JOIN, id: 0, data: "" })));
    await pollUntil([], () => pings >= 3, { what: "three pings" });
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(server.lobbyCount).toBe(1);
  });

  it("drops a connection that does not answer a ping (gdnet's heartbeat), telling its lobby", async () => {
    const { server, url } = await startSignaling({ pingIntervalMs: 150 });
    const a = await host(url, 4);
    const silent = new WebSocket(url, { autoPong: false });
    cleanups.push(() => silent.terminate());
    silent.on("open", () => silent.send(encodeSignalingJson({ type: SignalingType.JOIN, id: 0, data: a.lobby })));
    await pollUntil(a, () => a.all(SignalingType.PEER_CONNECT).length === 1, { what: "the silent client to join" });
    await pollUntil(a, () => a.all(SignalingType.PEER_DISCONNECT).length === 1, { what: "the silent client to be dropped" });
    expect(a.all(SignalingType.PEER_DISCONNECT)[0]?.id).toBe(a.all(SignalingType.PEER_CONNECT)[0]?.id);
    expect(server.getLobby(a.lobby)?.peers).toEqual([1]);
  });

  it("stop() closes everyone with 1001, forgets the lobbies and cancels every timer it started", async () => {
    // Distinct delays pick the server's timers out of everything else that uses setTimeout.
    const SEAL_MS = 61_111;
    const JOIN_MS = 62_222;
    const pending = trackTimers();
    const { server, url } = await startSignaling({ sealCloseTimeoutMs: SEAL_MS, noLobbyTimeoutMs: JOIN_MS });
    const a = await host(url, 4);
    a.send({ type: SignalingType.SEAL, id: 0 });
    const idle = await connect(url, 4);
    await pollUntil([a, idle], () => a.all(SignalingType.SEAL).length === 1 && server.peerCount === 2);
    expect(pending().filter((ms) => ms === SEAL_MS || ms === JOIN_MS)).toEqual([SEAL_MS, JOIN_MS]);
    server.stop();
    expect(pending().filter((ms) => ms === SEAL_MS || ms === JOIN_MS)).toEqual([]);
    expect([server.lobbyCount, server.peerCount]).toEqual([0, 0]);
    expect(await closeOf(a)).toEqual([1001, "Going away"]);
    expect(await closeOf(idle)).toEqual([1001, "Going away"]);
  });

  it("rejects start() when the port is taken", async () => {
    const { url } = await startSignaling();
    const second = new SignalingServer({ host: "127.0.0.1", port: Number(new URL(url).port) });
    cleanups.push(() => second.stop());
    await expect(second.start()).rejects.toMatchObject({ code: "ERR_ALREADY_IN_USE" });
  });

  it.each([
    ["protocol 5", { protocol: 5 as 4 }],
    ["a negative maxPeers", { maxPeers: -1 }],
    ["a fractional maxLobbies", { maxLobbies: 1.5 }],
    ["a NaN noLobbyTimeoutMs", { noLobbyTimeoutMs: Number.NaN }],
    ["a negative sealCloseTimeoutMs", { sealCloseTimeoutMs: -1 }],
    ["a pingIntervalMs past setTimeout's limit", { pingIntervalMs: 2 ** 31 }],
  ])("throws ERR_INVALID_PARAMETER for %s", (_name, options) => {
    expect(() => new SignalingServer(options)).toThrow(expect.objectContaining({ code: "ERR_INVALID_PARAMETER" }));
  });
});
