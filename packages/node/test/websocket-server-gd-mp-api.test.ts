// Godot 3.2's gd_mp_api framing (godot-protocols.md 1.4) between a real gdnet WebSocketServer and
// WebSocketClients in Node, plus a raw WebSocketPeer to see and forge the bytes on the wire.
import {
  ConnectionStatus,
  decodeWsMpPacket,
  encodeWsMpPacket,
  encodeWsMpSys,
  GodotError,
  getStringFromUtf8,
  type Pollable,
  toUtf8,
  WebSocketClient,
  WebSocketPeer,
  WebSocketServer,
  WebSocketState,
  WsMpType,
} from "gdnet";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import { printed } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function mpServer(): Promise<{ server: WebSocketServer; url: string }> {
  const server = new WebSocketServer();
  server.setBindIp("127.0.0.1");
  expect(server.listen(0, [], true)).toBe(GodotError.OK);
  const port = await server.listening();
  cleanups.push(() => server.stop());
  return { server, url: `ws://127.0.0.1:${port}/` };
}

async function mpClient(url: string, poll: Pollable[]): Promise<WebSocketClient> {
  const client = new WebSocketClient();
  cleanups.push(() => client.disconnectFromHost(-1));
  expect(client.connectToUrl(url, [], true)).toBe(GodotError.OK);
  await nextSignal(client, "connection_succeeded", [...poll, client]);
  await pollUntil([...poll, client], () => client.getUniqueId() > 1);
  return client;
}

/** Every packet `client` receives, as [from, text]. */
function inbox(client: WebSocketClient | WebSocketServer): Array<[number, string]> {
  const got: Array<[number, string]> = [];
  (client as WebSocketClient).on("peer_packet", () => {
    while (client.getAvailablePacketCount() > 0) {
      const from = client.getPacketPeer();
      got.push([from, getStringFromUtf8(client.getPacket())]);
    }
  });
  return got;
}

/** A raw WebSocketPeer on a gd_mp_api server: it sees the 9-byte headers. */
async function rawPeer(url: string, poll: Pollable[]): Promise<{ raw: WebSocketPeer; seen: Uint8Array[] }> {
  const raw = new WebSocketPeer();
  cleanups.push(() => raw.close(-1));
  raw.connectToUrl(url);
  const seen: Uint8Array[] = [];
  const drain = (): void => {
    while (raw.getAvailablePacketCount() > 0) seen.push(raw.getPacket());
  };
  await pollUntil([...poll, raw], () => {
    drain();
    return seen.length >= 2;
  });
  return { raw, seen };
}

describe("WebSocketServer and WebSocketClient with gd_mp_api = true", () => {
  it("sends a newcomer SYS_ID then SYS_ADD(1), byte for byte as Godot 3.2", async () => {
    const { server, url } = await mpServer();
    const { seen } = await rawPeer(url, [server]);
    const [idMessage, addMessage] = seen;
    const decoded = decodeWsMpPacket(idMessage as Uint8Array);
    if (decoded instanceof Error || decoded.type !== WsMpType.SYS_ID) throw new Error("expected SYS_ID first");
    expect(server.hasPeer(decoded.peerId)).toBe(true);
    expect(idMessage).toEqual(encodeWsMpSys(WsMpType.SYS_ID, decoded.peerId));
    expect(addMessage).toEqual(encodeWsMpSys(WsMpType.SYS_ADD, 1));
    // type 3, from 1, to 0, the id: all little-endian.
    expect([...(idMessage as Uint8Array).subarray(0, 9)]).toEqual([3, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("gives each client its id, tells everyone of arrivals and departures, and fires connection_succeeded", async () => {
    const { server, url } = await mpServer();
    const serverSeen: number[] = [];
    server.on("peer_connected", (id) => serverSeen.push(id));
    const a = await mpClient(url, [server]);
    const aSeen: number[] = [];
    a.on("peer_connected", (id) => aSeen.push(id));
    const b = await mpClient(url, [server, a]);
    await pollUntil([server, a, b], () => aSeen.length === 1);
    expect(a.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(serverSeen).toEqual([a.getUniqueId(), b.getUniqueId()]);
    expect(aSeen).toEqual([b.getUniqueId()]);
    expect(server.getUniqueId()).toBe(1);
    const idB = b.getUniqueId();
    b.disconnectFromHost();
    const [gone] = await nextSignal(a, "peer_disconnected", [server, a, b]);
    expect(gone).toBe(idB);
    expect(server.hasPeer(idB)).toBe(false);
  });

  // Regression (found by interop/godot3/gd-mp-api.test.ts): Godot 3.2's _send_add walks its
  // Map<int, peer>, so a newcomer hears of the clients already there in ascending id order; gdnet
  // once told them in join order.
  it("tells a newcomer of the clients already there in ascending id order, as Godot 3.2 does", async () => {
    const ids = [900_000, 500_000, 700_000];
    const getRandomValues = crypto.getRandomValues.bind(crypto);
    // generateUniqueId draws one Uint32 at a time: hand out the ids above, in that order.
    const stub = (array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
      const next = ids.shift();
      if (next === undefined || array.length !== 1) return getRandomValues(array);
      array[0] = next;
      return array;
    };
    const spy = vi.spyOn(crypto, "getRandomValues").mockImplementation(stub as typeof crypto.getRandomValues);
    cleanups.push(() => spy.mockRestore());
    const { server, url } = await mpServer();
    const a = await mpClient(url, [server]);
    const b = await mpClient(url, [server, a]);
    expect([a.getUniqueId(), b.getUniqueId()]).toEqual([900_000, 500_000]);
    const c = new WebSocketClient();
    cleanups.push(() => c.disconnectFromHost(-1));
    const heard: number[] = [];
    c.on("peer_connected", (id) => heard.push(id));
    c.connectToUrl(url, [], true);
    await pollUntil([server, a, b, c], () => heard.length === 3);
    expect(c.getUniqueId()).toBe(700_000);
    expect(heard).toEqual([1, 500_000, 900_000]);
  });

  it("delivers to the server (1), to one client (N), to all (0) and to all but one (-N)", async () => {
    const { server, url } = await mpServer();
    const a = await mpClient(url, [server]);
    const b = await mpClient(url, [server, a]);
    const c = await mpClient(url, [server, a, b]);
    const all = [server, a, b, c];
    const boxes = new Map<string, Array<[number, string]>>([
      ["server", inbox(server)],
      ["a", inbox(a)],
      ["b", inbox(b)],
      ["c", inbox(c)],
    ]);
    const [idA, idB, idC] = [a.getUniqueId(), b.getUniqueId(), c.getUniqueId()];
    const send = (from: WebSocketClient | WebSocketServer, to: number, text: string): void => {
      from.setTargetPeer(to);
      expect(from.putPacket(toUtf8(text))).toBe(GodotError.OK);
    };
    send(a, 1, "a->server");
    send(a, idB, "a->b");
    send(a, 0, "a->all");
    send(a, -idC, "a->all-but-c");
    send(server, idC, "server->c");
    send(server, 0, "server->all");
    const total = (): number => [...boxes.values()].reduce((n, box) => n + box.length, 0);
    // server: 3 (1, 0, -c); a: 1 (server->all); b: 4; c: 3. Order holds per sender only: the
    // server's own packets do not wait behind the ones it relays for a.
    await pollUntil(all, () => total() >= 11);
    for (const box of boxes.values()) box.sort(([from1], [from2]) => (from1 === 1 ? 1 : 0) - (from2 === 1 ? 1 : 0));
    expect(boxes.get("server")).toEqual([
      [idA, "a->server"],
      [idA, "a->all"],
      [idA, "a->all-but-c"],
    ]);
    expect(boxes.get("a")).toEqual([[1, "server->all"]]);
    expect(boxes.get("b")).toEqual([
      [idA, "a->b"],
      [idA, "a->all"],
      [idA, "a->all-but-c"],
      [1, "server->all"],
    ]);
    expect(boxes.get("c")).toEqual([
      [idA, "a->all"],
      [1, "server->c"],
      [1, "server->all"],
    ]);
    expect(total()).toBe(11);
  });

  it("drops a packet whose from id is spoofed, and SYS messages from a client, keeping other peers' data", async () => {
    const { server, url } = await mpServer();
    const a = await mpClient(url, [server]);
    const aBox = inbox(a);
    const { raw, seen } = await rawPeer(url, [server, a]);
    const rawId = decodeWsMpPacket(seen[0] as Uint8Array);
    if (rawId instanceof Error || rawId.type === WsMpType.SYS_NONE) throw new Error("expected SYS_ID");
    printed.length = 0;
    raw.putPacket(encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: 1, to: 0, payload: toUtf8("i am the server") }));
    raw.putPacket(encodeWsMpSys(WsMpType.SYS_DEL, a.getUniqueId()));
    raw.putPacket(new Uint8Array([0, 1, 2]));
    raw.putPacket(encodeWsMpPacket({ type: WsMpType.SYS_NONE, from: rawId.peerId, to: 0, payload: toUtf8("honest") }));
    await pollUntil([server, a, raw], () => aBox.length >= 1);
    expect(aBox).toEqual([[rawId.peerId, "honest"]]);
    expect(printed.some((line) => line.includes("claims to be from 1"))).toBe(true);
    expect(printed.some((line) => line.includes("only the server sends SYS"))).toBe(true);
    expect(printed.some((line) => line.startsWith("ERR_INVALID_DATA"))).toBe(true);
    expect(a.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(raw.getReadyState()).toBe(WebSocketState.STATE_OPEN);
  });

  it("refuses a relay to a client that does not exist", async () => {
    const { server, url } = await mpServer();
    await mpClient(url, [server]);
    server.setTargetPeer(12345);
    expect(server.putPacket(toUtf8("nobody"))).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("emits connection_failed for a server that is not there, and when the server goes away", async () => {
    const { server, url } = await mpServer();
    const a = await mpClient(url, [server]);
    server.stop();
    await nextSignal(a, "connection_failed", [server, a]);
    expect(a.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(a.getUniqueId()).toBe(0);

    const b = new WebSocketClient();
    cleanups.push(() => b.disconnectFromHost(-1));
    b.connectToUrl(url, [], true);
    await nextSignal(b, "connection_failed", b);
  });
});
