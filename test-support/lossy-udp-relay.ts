// A UDP relay that stands between two WebRTC peers and drops a seeded share of their packets:
// induced loss, so tests can show that reliable channels retransmit and unreliable ones do not.
// Each peer's host candidate is swapped for a relay address; packets from one peer reach the
// other from the relay address that stands for the first, so ICE sees a normal direct path.
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

interface Side {
  real: { address: string; port: number };
  /** The socket that stands for this side towards the other one. */
  socket: Socket;
}

/** mulberry32: a small seeded generator, so a run's loss pattern is repeatable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class LossyUdpRelay {
  /** Share of packets dropped, 0 to 1 (default 0). */
  lossRate = 0;
  forwarded = 0;
  dropped = 0;
  readonly #random: () => number;
  readonly #sides = new Map<"a" | "b", Side>();

  constructor(seed = 1) {
    this.#random = seeded(seed);
  }

  /**
   * Rewrites `candidate` of side `who` to go through the relay; returns undefined for candidates
   * that must not be passed on (everything but the first IPv4 host candidate), so the peers have
   * no path around the relay.
   */
  async rewrite(who: "a" | "b", candidate: string): Promise<string | undefined> {
    const parts = candidate.split(" ");
    const address = parts[4] ?? "";
    const port = Number(parts[5]);
    if (parts[7] !== "host" || !/^\d+\.\d+\.\d+\.\d+$/.test(address) || this.#sides.has(who)) return undefined;
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    const side: Side = { real: { address, port }, socket };
    this.#sides.set(who, side);
    // Packets sent to this side's relay address come from the other side: pass them to this side.
    socket.on("message", (message: Buffer, from: RemoteInfo) => this.#forward(who, message, from));
    parts[5] = String(socket.address().port);
    return parts.join(" ");
  }

  close(): void {
    for (const side of this.#sides.values()) side.socket.close();
    this.#sides.clear();
  }

  #forward(to: "a" | "b", message: Buffer, _from: RemoteInfo): void {
    const target = this.#sides.get(to);
    const other = this.#sides.get(to === "a" ? "b" : "a");
    if (!target || !other) return;
    if (this.#random() < this.lossRate) {
      this.dropped++;
      return;
    }
    this.forwarded++;
    // Sent from the other side's relay socket: the receiver sees the candidate it was given.
    other.socket.send(message, target.real.port, target.real.address);
  }
}
