import { WebSocketPeer, WebSocketState } from "gdnet";
import { pollUntil } from "./poll-until.js";

/**
 * A well-behaved client of an echo server, for attack tests: it keeps `count` numbered packets
 * going through the server and checks that every echo comes back, in order, unchanged.
 */
export class HonestEchoClient {
  readonly peer = new WebSocketPeer();
  readonly received: number[] = [];
  #sent = 0;

  constructor(url: string) {
    this.peer.connectToUrl(url);
  }

  async open(): Promise<void> {
    await pollUntil(this.peer, () => this.peer.getReadyState() === WebSocketState.STATE_OPEN, {
      what: "the honest client to connect",
    });
  }

  /** Sends up to `window` packets ahead of the echoes; call it on every turn beside the attack. */
  pump(window = 8): void {
    this.peer.poll();
    while (this.peer.getAvailablePacketCount() > 0) {
      const bytes = this.peer.getPacket();
      this.received.push(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true));
    }
    while (this.#sent - this.received.length < window && this.peer.getReadyState() === WebSocketState.STATE_OPEN) {
      const packet = new Uint8Array(4);
      new DataView(packet.buffer).setUint32(0, this.#sent, true);
      if (this.peer.putPacket(packet) !== 0) break;
      this.#sent++;
    }
  }

  /** Pumps until `count` echoes arrived (alongside `others`); throws if the connection is lost. */
  async exchange(count: number, others: Array<{ poll(): void }> = []): Promise<void> {
    const target = this.received.length + count;
    await pollUntil(
      [{ poll: () => this.pump() }, ...others],
      () => {
        if (this.peer.getReadyState() !== WebSocketState.STATE_OPEN) throw new Error("the honest client lost its connection");
        return this.received.length >= target;
      },
      { what: `${count} echoes for the honest client` },
    );
  }

  /** True when every echo so far came back once, in order. */
  intact(): boolean {
    return this.received.every((value, index) => value === index);
  }

  close(): void {
    this.peer.close(-1);
  }
}
