// Godot 3.2's gd_mp_api framing (godot-protocols.md 1.4) between the real Godot 3.2 and gdnet: a
// Godot WebSocketServer (a game's get_tree().network_peer) with gdnet WebSocketClients, and the
// `gdnet relay --godot 3` CLI with Godot WebSocketClients and a gdnet one. Everyone must see the
// joins and leaves, raw packets must reach exactly the peers their target (0, N, -N) names with
// the right sender, and messages with a forged header must reach nobody.
//
// Raw packets are MultiplayerAPI RAW packets (command byte 4, then the UTF-8 text
// "<from> <to> <tag>"), so the Godot side reads them with `network_peer_packet` and the gdnet side
// with `peer_packet` / `getPacketPeer()`; a receiver checks the sender it is told against the
// one the text names. Each sender ends with "<from> 0 end": packets from one sender arrive in
// order, so once a receiver has every sender's "end", everything that was going to reach it has.
import {
  autoPoll,
  decodeWsMpPacket,
  encodeWsMpPacket,
  GdnetError,
  GodotError,
  getStringFromUtf8,
  toUtf8,
  WebSocketClient,
  WebSocketPeer,
  WsMpType,
} from "gdnet";
import { afterEach, expect, it } from "vitest";
import { pollUntil } from "../../test-support/poll-until.js";
import { describeGodot3, freePort, type GodotEvent, type GodotProcess, startGdnetCli, startGodot } from "./godot3.js";

/** MultiplayerAPI's NETWORK_COMMAND_RAW (Godot 3): what `send_bytes` puts before the bytes. */
const RAW = 4;
/** A peer id nobody has. */
const NOBODY = 424242;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A raw packet as a receiver reports it: who the peer layer says sent it, and its text. */
interface Received {
  readonly from: number;
  readonly text: string;
}

function rawPacket(text: string): Uint8Array {
  const bytes = toUtf8(text);
  const packet = new Uint8Array(1 + bytes.length);
  packet[0] = RAW;
  packet.set(bytes, 1);
  return packet;
}

/** Who gets a packet `from` sends to `to`, by Godot 3.2's relay rules, in a session of `clients` + the server (1). */
function recipients(from: number, to: number, clients: readonly number[]): number[] {
  const everyone = [1, ...clients];
  if (to === 0) return everyone.filter((id) => id !== from);
  if (to < 0) {
    // Godot 3.2's server keeps every "all but N" packet a client sends, even N = 1 (it compares
    // the sender with -N: websocket_multiplayer_peer.cpp _process_multiplayer).
    return everyone.filter((id) => id !== from && (id !== -to || id === 1));
  }
  return to !== from && everyone.includes(to) ? [to] : [];
}

/** What `receiver` should hold once every sender has sent `sends` (a list of [from, to, text]). */
function expectedInbox(receiver: number, sends: ReadonlyArray<readonly [number, number, string]>, clients: readonly number[]) {
  return sends
    .filter(([from, to]) => recipients(from, to, clients).includes(receiver))
    .map(([from, , text]) => ({ from, text }))
    .sort(byText);
}

function byText(a: Received, b: Received): number {
  return a.text < b.text ? -1 : a.text > b.text ? 1 : a.from - b.from;
}

/** Every ([from, to, text]) a Godot scenario reported sending. */
function godotSends(godot: GodotProcess, id: number): Array<[number, number, string]> {
  return godot.all("sent").map((e) => [id, Number(e.to), String(e.text)]);
}

function godotInbox(godot: GodotProcess): Received[] {
  return godot
    .all("packet")
    .map((e) => ({ from: Number(e.from), text: String(e.text) }))
    .sort(byText);
}

function hasEnds(inbox: readonly Received[], senders: readonly number[]): boolean {
  return senders.every((id) => inbox.some((p) => p.text === `${id} 0 end` && p.from === id));
}

/** A gdnet WebSocketClient in gd_mp_api mode, polled for the test, recording what it sees. */
class GdnetMember {
  readonly client = new WebSocketClient();
  readonly joins: number[] = [];
  readonly leaves: number[] = [];
  readonly inbox: Received[] = [];
  readonly sends: Array<[number, number, string]> = [];
  succeeded = false;
  failed = false;

  constructor(url: string) {
    const client = this.client;
    client.on("peer_connected", (id) => this.joins.push(id));
    client.on("peer_disconnected", (id) => this.leaves.push(id));
    client.on("connection_succeeded", () => {
      this.succeeded = true;
    });
    client.on("connection_failed", () => {
      this.failed = true;
    });
    client.on("peer_packet", () => {
      while (client.getAvailablePacketCount() > 0) {
        const from = client.getPacketPeer();
        const packet = client.getPacket();
        const text = packet[0] === RAW ? getStringFromUtf8(packet.subarray(1)) : `not a RAW packet: ${[...packet]}`;
        this.inbox.push({ from, text });
      }
    });
    expect(client.connectToUrl(url, [], true)).toBe(GodotError.OK);
    const stop = autoPoll(client);
    cleanups.push(() => {
      stop();
      client.disconnectFromHost(-1);
    });
  }

  get id(): number {
    return this.client.getUniqueId();
  }

  async joined(): Promise<this> {
    await pollUntil([], () => this.succeeded || this.failed, { what: "connection_succeeded" });
    expect(this.failed).toBe(false);
    expect(this.id).toBeGreaterThan(1);
    return this;
  }

  send(to: number, tag = "data"): void {
    const text = `${this.id} ${to} ${tag}`;
    this.client.setTargetPeer(to);
    expect(this.client.putPacket(rawPacket(text))).toBe(GodotError.OK);
    this.sends.push([this.id, to, text]);
  }

  /** Sends to 0, the server, every other peer N and -N, itself and -itself, and a peer nobody has; then "end". */
  sendAll(): void {
    const targets = [0, 1, -1, this.id, -this.id, NOBODY, -NOBODY];
    for (const other of this.joins) if (other !== 1 && !this.leaves.includes(other)) targets.push(other, -other);
    for (const to of targets) this.send(to);
    this.send(0, "end");
  }

  sorted(): Received[] {
    return [...this.inbox].sort(byText);
  }
}

/**
 * A plain WebSocketPeer in a gd_mp_api session: it reads its id and the joins from the SYS
 * messages and can write any header, so it can forge one.
 */
class Forger {
  readonly peer = new WebSocketPeer();
  id = 0;
  readonly #joins: number[] = [];
  sends: Array<[number, number, string]> = [];
  readonly errors: GdnetError[] = [];

  constructor(url: string) {
    const peer = this.peer;
    peer.connectToUrl(url);
    const stop = autoPoll(peer);
    cleanups.push(() => {
      stop();
      peer.close(-1);
    });
  }

  /** The SYS_ADD ids so far (reading what arrived). */
  get joins(): number[] {
    const peer = this.peer;
    while (peer.getAvailablePacketCount() > 0) {
      const message = decodeWsMpPacket(peer.getPacket());
      if (message instanceof GdnetError) this.errors.push(message);
      else if (message.type === WsMpType.SYS_ID) this.id = message.peerId;
      else if (message.type === WsMpType.SYS_ADD) this.#joins.push(message.peerId);
    }
    return this.#joins;
  }

  async joined(): Promise<this> {
    await pollUntil([], () => this.joins.includes(1) && this.id > 1, { what: "the forger's SYS_ID and SYS_ADD(1)" });
    return this;
  }

  /** Forged messages: another client's id as `from` (to everyone, to one peer), a SYS message from a client; then its own "end". */
  forgeAndEnd(victim: number, other: number): void {
    const put = (type: WsMpType, from: number, to: number, text: string): void => {
      const payload = type === WsMpType.SYS_NONE ? rawPacket(text) : new Uint8Array(new Int32Array([NOBODY]).buffer);
      expect(this.peer.putPacket(encodeWsMpPacket({ type, from, to, payload }))).toBe(GodotError.OK);
    };
    put(WsMpType.SYS_NONE, victim, 0, `${victim} 0 forged`);
    put(WsMpType.SYS_NONE, victim, other, `${victim} ${other} forged`);
    put(WsMpType.SYS_NONE, victim, 1, `${victim} 1 forged`);
    put(WsMpType.SYS_ADD, this.id, 0, "");
    put(WsMpType.SYS_DEL, 1, 0, "");
    const end = `${this.id} 0 end`;
    put(WsMpType.SYS_NONE, this.id, 0, end);
    this.sends = [[this.id, 0, end]];
  }
}

function ascending(...values: number[]): number[] {
  return values.sort((x, y) => x - y);
}

function ids(events: readonly GodotEvent[]): number[] {
  return events.map((e) => Number(e.id));
}

describeGodot3("gd_mp_api: a Godot 3.2 WebSocketServer (a game's network_peer) with gdnet WebSocketClients", () => {
  it("introduces everyone to everyone, relays raw packets to 0, N and -N with the right sender and nowhere else, drops forged headers, and reports the leaves", async () => {
    const port = await freePort();
    const godot = startGodot("mp_server", { args: { port, clients: 3 } });
    await godot.waitFor("listening");
    const url = `ws://127.0.0.1:${port}/`;

    // One at a time, so the join order is known.
    const a = await new GdnetMember(url).joined();
    await godot.waitFor("peer_connected", { match: (e) => e.id === a.id });
    const b = await new GdnetMember(url).joined();
    await godot.waitFor("peer_connected", { match: (e) => e.id === b.id });
    const forger = await new Forger(url).joined();
    await pollUntil([], () => a.joins.length === 3 && b.joins.length === 3 && forger.joins.length === 3, {
      what: "everyone's joins",
    });
    // Godot's stdout is a separate pipe from the sockets: wait for its line too.
    await godot.waitFor("peer_connected", { match: (e) => e.id === forger.id });
    const [idA, idB] = [a.id, b.id];
    const clients = [idA, idB, forger.id];
    expect(ids(godot.all("peer_connected"))).toEqual(clients);
    // A newcomer hears of the server first, then of the clients already there in ascending id
    // order (Godot 3.2's _send_add walks its Map<int, peer>), then of later arrivals as they come.
    expect(a.joins).toEqual([1, idB, forger.id]);
    expect(b.joins).toEqual([1, idA, forger.id]);
    expect(forger.joins).toEqual([1, ...ascending(idA, idB)]);

    // Godot sends as soon as its third client joined; the gdnet ones send now.
    a.sendAll();
    b.sendAll();
    forger.forgeAndEnd(a.id, b.id);
    await pollUntil([], () => hasEnds(a.inbox, [1, b.id, forger.id]) && hasEnds(b.inbox, [1, a.id, forger.id]), {
      what: "every sender's end at the gdnet clients",
    });
    await godot.waitFor("packet", { match: () => hasEnds(godotInbox(godot), clients) });

    const sends = [...godotSends(godot, 1), ...a.sends, ...b.sends, ...forger.sends];
    expect(godot.all("sent").map((e) => e.to)).toEqual([0, a.id, -a.id, b.id, -b.id, forger.id, -forger.id, 0]);
    expect(a.sorted()).toEqual(expectedInbox(a.id, sends, clients));
    expect(b.sorted()).toEqual(expectedInbox(b.id, sends, clients));
    expect(godotInbox(godot)).toEqual(expectedInbox(1, sends, clients));
    // Spot checks of the rules the expectation encodes.
    expect(a.inbox).toContainEqual({ from: b.id, text: `${b.id} ${a.id} data` });
    expect(a.inbox).not.toContainEqual({ from: b.id, text: `${b.id} ${-a.id} data` });
    expect(godotInbox(godot)).toContainEqual({ from: a.id, text: `${a.id} -1 data` });
    expect(b.inbox.some((p) => p.text.includes("forged"))).toBe(false);
    expect(godotInbox(godot).some((p) => p.text.includes("forged"))).toBe(false);
    // None of the forger's made-up SYS_ADD or SYS_DEL reached anyone.
    expect(a.joins).toEqual([1, idB, forger.id]);
    expect(b.joins).toEqual([1, idA, forger.id]);
    expect(a.leaves.concat(b.leaves)).toEqual([]);

    // Leaves: b first (a and Godot see it), then a and the forger.
    b.client.disconnectFromHost();
    await pollUntil([], () => a.leaves.length === 1 && b.failed, { what: "b's departure" });
    expect(b.id).toBe(0); // a gd_mp_api client forgets its id when the connection closes
    expect(a.leaves).toEqual([idB]);
    await godot.waitFor("peer_disconnected", { match: (e) => e.id === idB });
    a.client.disconnectFromHost();
    forger.peer.close();
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
    expect(ids(godot.all("peer_disconnected"))[0]).toBe(idB);
    expect(new Set(ids(godot.all("peer_disconnected")))).toEqual(new Set(clients));
    // Godot dropped the forged messages at its ERR_FAIL_CONDs (websocket_multiplayer_peer.cpp).
    expect(result.stderr).toContain('Condition "from != p_peer_id" is true');
    expect(result.stderr).toContain('Condition "type != SYS_NONE" is true');
  });
});

describeGodot3("gd_mp_api: the built `gdnet relay --godot 3` with Godot 3.2 WebSocketClients and a gdnet one", () => {
  it("introduces everyone to everyone, relays raw packets to 0, N and -N with the right sender and nowhere else, drops forged headers, and reports the leaves", async () => {
    const { url } = await startGdnetCli(["relay", "--godot", "3", "--port", "0", "--host", "127.0.0.1"]);
    // Godot clients send once they know 4 peers: the relay, the other Godot, the gdnet client, the forger.
    const g1 = startGodot("mp_client", { args: { url, peers: 4 } });
    const g1Id = Number((await g1.waitFor("connected")).id);
    const g2 = startGodot("mp_client", { args: { url, peers: 4, leaves: 2 } });
    const g2Id = Number((await g2.waitFor("connected")).id);
    const c = await new GdnetMember(url).joined();
    const forger = await new Forger(url).joined();
    const cId = c.id;
    const clients = [g1Id, g2Id, cId, forger.id];
    await pollUntil([], () => c.joins.length === 4, { what: "the gdnet client's joins" });
    // A newcomer hears of the clients already there in ascending id order, from gdnet's relay too.
    expect(forger.joins).toEqual([1, ...ascending(g1Id, g2Id, cId)]);
    await g1.waitFor("peer_connected", { match: (e) => e.id === forger.id });
    await g2.waitFor("peer_connected", { match: (e) => e.id === forger.id });

    c.sendAll();
    forger.forgeAndEnd(g1Id, g2Id);
    await pollUntil([], () => hasEnds(c.inbox, [g1Id, g2Id, forger.id]), { what: "every sender's end at the gdnet client" });
    for (const [godot, others] of [
      [g1, [g2Id, c.id, forger.id]],
      [g2, [g1Id, c.id, forger.id]],
    ] as const) {
      await godot.waitFor("packet", { match: () => hasEnds(godotInbox(godot), others) });
    }

    const sends = [...godotSends(g1, g1Id), ...godotSends(g2, g2Id), ...c.sends, ...forger.sends];
    expect(g1.all("sent").map((e) => e.to)).toEqual([0, 1, -1, g2Id, -g2Id, c.id, -c.id, forger.id, -forger.id, 0]);
    expect(c.sorted()).toEqual(expectedInbox(c.id, sends, clients));
    expect(godotInbox(g1)).toEqual(expectedInbox(g1Id, sends, clients));
    expect(godotInbox(g2)).toEqual(expectedInbox(g2Id, sends, clients));
    expect(c.inbox).toContainEqual({ from: g1Id, text: `${g1Id} ${c.id} data` });
    expect(godotInbox(g2)).toContainEqual({ from: c.id, text: `${c.id} -1 data` });
    expect(godotInbox(g2).some((p) => p.text.includes("forged"))).toBe(false);
    // The joins, each as Godot 3.2 reports them; none of the forger's made-up SYS_ADD or SYS_DEL.
    expect(ids(g1.all("peer_connected"))).toEqual([1, g2Id, cId, forger.id]);
    expect(ids(g2.all("peer_connected"))).toEqual([1, g1Id, cId, forger.id]);
    expect(c.joins).toEqual([1, ...ascending(g1Id, g2Id), forger.id]);
    expect(ids(g2.all("peer_disconnected"))).toEqual([]);

    // Leaves: the gdnet client tells g1 to go (g2 and c see it), then leaves itself (g2 sees it),
    // and g2 goes after seeing two leaves.
    c.client.setTargetPeer(g1Id);
    expect(c.client.putPacket(rawPacket("bye"))).toBe(GodotError.OK);
    const r1 = await g1.exited;
    expect(r1.code, g1.explain()).toBe(0);
    await pollUntil([], () => c.leaves.length === 1, { what: "g1's departure at the gdnet client" });
    expect(c.leaves).toEqual([g1Id]);
    await g2.waitFor("peer_disconnected", { match: (e) => e.id === g1Id });
    c.client.disconnectFromHost();
    const r2 = await g2.exited;
    expect(r2.code, g2.explain()).toBe(0);
    expect(ids(g2.all("peer_disconnected"))).toEqual([g1Id, cId]);
    // A Godot 3.2 client that disconnect_from_host()s while only the SceneTree's MultiplayerAPI
    // polls it still gets connection_failed: its status stays CONNECTED through the close (gdnet's
    // WebSocketClient now does the same, see packages/node/test/multiplayer-api.test.ts).
    for (const godot of [g1, g2]) {
      expect(godot.events.map((e) => e.event).slice(-3)).toEqual(["leaving", "connection_failed", "exit"]);
    }
  });
});
