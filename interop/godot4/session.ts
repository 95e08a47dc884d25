// The gdnet side of the session scenarios (project/session_peer.gd): the same @rpc functions, a
// recorder of everything a gdnet SceneMultiplayer sees (signals, RPCs with how their packet
// arrived, raw packets), and the same for a gdnet client in a browser page (gdnet-page.html).
import {
  bytesToVar,
  GdnetError,
  type MultiplayerPeer,
  type RpcConfigInput,
  type RpcNode,
  SceneMultiplayer,
  type TransferMode,
  varToBytes,
} from "gdnet";
import type { GdnetPage } from "./godot4.js";

/**
 * session_peer.gd's @rpc functions, word for word as its annotations (`[]` is a bare `@rpc`).
 * The same names on both sides give the same method ids.
 */
export const SESSION_RPC: Readonly<Record<string, readonly (string | number)[]>> = {
  bytes_only: ["any_peer", "call_remote", "reliable"],
  command: ["any_peer", "call_remote", "reliable"],
  default_mode: ["any_peer"],
  local_ping: ["any_peer", "call_local", "reliable"],
  no_args: ["any_peer", "call_remote", "reliable"],
  ordered_ch2: ["any_peer", "unreliable_ordered", "call_remote", 2],
  plain: [],
  reliable_ch1: ["any_peer", "call_remote", "reliable", 1],
  server_only: ["authority", "call_remote", "reliable"],
  unreliable_ch0: ["any_peer", "unreliable"],
  unreliable_ch1: ["any_peer", "unreliable", "call_local", 1],
  value: ["any_peer", "call_remote", "reliable"],
};

/** The node path of session_peer.gd in `scenario`. */
export const sessionPath = (scenario: string): string => `/root/Main/${scenario}/Peer`;

/** How a packet arrived: what the multiplayer peer said just before SceneMultiplayer took it. */
export interface Arrival {
  from: number;
  channel: number;
  mode: TransferMode;
}

/** One RPC that ran on a gdnet node. */
export interface GdnetCall {
  method: string;
  from: number;
  me: number;
  args: unknown[];
  packet: Partial<Arrival>;
}

/** What one gdnet SceneMultiplayer saw. */
export interface SessionRecord {
  /** Signals in order: [name, ...args] (peer_packet is in `packets`). */
  events: unknown[][];
  calls: GdnetCall[];
  packets: Array<{ from: number; text: string; packet: Partial<Arrival> }>;
}

const RPC_CONFIG = SESSION_RPC as unknown as Record<string, RpcConfigInput>;
const SIGNALS = [
  "peer_connected",
  "peer_disconnected",
  "connected_to_server",
  "connection_failed",
  "server_disconnected",
  "peer_authenticating",
  "peer_authentication_failed",
] as const;

/**
 * A gdnet SceneMultiplayer on `peer` (rpcFloats "GdFloat": Godot's 2.0 stays a float when sent
 * back) with session_peer.gd's node at `path`, recording what it sees. `peer.getPacket` is
 * wrapped to record how each packet arrives.
 */
export class GdnetSession implements SessionRecord {
  readonly mp: SceneMultiplayer;
  readonly node: RpcNode;
  readonly events: unknown[][] = [];
  readonly calls: GdnetCall[] = [];
  readonly packets: Array<{ from: number; text: string; packet: Partial<Arrival> }> = [];
  #last: Partial<Arrival> = {};

  constructor(peer: MultiplayerPeer, path: string, mp: SceneMultiplayer = new SceneMultiplayer()) {
    this.mp = mp;
    mp.rpcFloats = "GdFloat";
    const take = peer.getPacket.bind(peer);
    peer.getPacket = () => {
      this.#last = { from: peer.getPacketPeer(), channel: peer.getPacketChannel(), mode: peer.getPacketMode() };
      return take();
    };
    const handlers: Record<string, (...args: unknown[]) => void> = {};
    for (const method of Object.keys(SESSION_RPC)) {
      handlers[method] = (...args: unknown[]) => {
        this.calls.push({ method, from: mp.getRemoteSenderId(), me: mp.getUniqueId(), args, packet: { ...this.#last } });
      };
    }
    this.node = mp.registerNode(path, handlers, { rpc: RPC_CONFIG });
    for (const signal of SIGNALS) mp.on(signal, (...args: unknown[]) => this.events.push([signal, ...args]));
    mp.on("peer_packet", (from, bytes) =>
      this.packets.push({ from, text: new TextDecoder().decode(bytes), packet: { ...this.#last } }),
    );
    // A RelayServer's SceneMultiplayer already has its peer (setting it again would clear it).
    if (mp.multiplayerPeer !== peer) mp.multiplayerPeer = peer;
  }

  /** The ids of the peers that signal `signal` named, in order. */
  ids(signal: (typeof SIGNALS)[number]): number[] {
    return this.events.filter((e) => e[0] === signal).map((e) => e[1] as number);
  }

  /** Godot's command(name, params) on peer `to`. */
  command(to: number, name: string, params: Record<string, unknown> = {}): void {
    const error = this.node.rpcId(to, "command", name, params);
    if (error !== 0) throw this.mp.getLastError() ?? new GdnetError("FAILED", `command ${name} failed`);
  }
}

const OPTIONS = { floats: "GdFloat" } as const;

/** The browser's gdnet client (gdnet-page.html), as seen from the test. */
export interface BrowserState {
  id: number;
  peers: number[];
  events: unknown[][];
  calls: GdnetCall[];
  packets: Array<{ from: number; text: string; packet: Partial<Arrival> }>;
  lastError: { code: string; message: string } | null;
}

/** gdnet-page.html's gdnetSession, driven from the test. */
export class BrowserSession {
  readonly page: GdnetPage;

  constructor(page: GdnetPage) {
    this.page = page;
  }

  /** Joins `url` with session_peer.gd's node at `path`; resolves with createClient's error code. */
  join(url: string, path: string): Promise<number> {
    return this.page.page.evaluate(
      ([u, p, rpc]) =>
        (globalThis as unknown as { gdnetSession: { join(...a: unknown[]): number } }).gdnetSession.join(u, p, rpc),
      [url, path, SESSION_RPC] as const,
    );
  }

  /** What it saw so far, the RPC arguments decoded with gdnet's codec. */
  async state(): Promise<BrowserState> {
    const raw = await this.page.page.evaluate(() =>
      (globalThis as unknown as { gdnetSession: { state(): unknown } }).gdnetSession.state(),
    );
    const state = raw as Omit<BrowserState, "calls"> & { calls: Array<Omit<GdnetCall, "args"> & { args: string }> };
    return {
      ...state,
      calls: state.calls.map((call) => {
        // A copy, not the Buffer: gdnet bug (bytesToVar of a Node Buffer): ByteReader takes
        // `bytes.slice(...).buffer` for Packed{Int32,Int64,Float32,Float64}Array, and Buffer#slice
        // is a view, so those arrays come out over the whole backing ArrayBuffer (Node's 8 KiB pool).
        const args = bytesToVar(new Uint8Array(Buffer.from(call.args, "base64")), OPTIONS);
        if (args instanceof GdnetError) throw args;
        return { ...call, args: args as unknown[] };
      }),
    };
  }

  /** rpcId(to, method, ...args) in the page; the arguments cross as gdnet's bytes. */
  rpc(to: number, method: string, ...args: unknown[]): Promise<number> {
    const bytes = Buffer.from(varToBytes(args, OPTIONS)).toString("base64");
    return this.page.page.evaluate(
      ([t, m, a]) => (globalThis as unknown as { gdnetSession: { rpc(...x: unknown[]): number } }).gdnetSession.rpc(t, m, a),
      [to, method, bytes] as const,
    );
  }

  /** Several rpcId calls in one page round trip; resolves with their error codes. */
  rpcMany(calls: ReadonlyArray<{ to: number; method: string; args: unknown[] }>): Promise<number[]> {
    const wire = calls.map((c) => [c.to, c.method, Buffer.from(varToBytes(c.args, OPTIONS)).toString("base64")] as const);
    return this.page.page.evaluate(
      (list) =>
        list.map(([t, m, a]) =>
          (globalThis as unknown as { gdnetSession: { rpc(...x: unknown[]): number } }).gdnetSession.rpc(t, m, a),
        ),
      wire,
    );
  }

  sendBytes(to: number, text: string, mode = 2, channel = 0): Promise<number> {
    return this.page.page.evaluate(
      ([t, x, m, c]) =>
        (globalThis as unknown as { gdnetSession: { sendBytes(...a: unknown[]): number } }).gdnetSession.sendBytes(t, x, m, c),
      [to, text, mode, channel] as const,
    );
  }

  close(): Promise<void> {
    return this.page.page.evaluate(() => (globalThis as unknown as { gdnetSession: { close(): void } }).gdnetSession.close());
  }
}
