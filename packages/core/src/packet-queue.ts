import { TransferMode } from "./transfer-mode.js";

/** One received packet and what Godot lets you ask about it. */
export interface Packet {
  readonly data: Uint8Array;
  /** True when it arrived as a WebSocket text frame (or a WebRTC string message). */
  readonly isString: boolean;
  /** Sender peer id (multiplayer peers); 0 where it does not apply. */
  readonly from: number;
  readonly channel: number;
  readonly mode: TransferMode;
}

/** Limits of a {@link PacketQueue}. */
export interface QueueLimits {
  /** Most packets the queue holds. */
  maxPackets: number;
  /** Most payload bytes the queue holds. */
  maxBytes: number;
}

/** What {@link PacketQueue.offer} did with a packet. */
export const Offer = {
  /** Queued; there is room for more. */
  QUEUED: 0,
  /** Queued, and the queue is now at its limit: a transport that can pause should pause. */
  QUEUED_FULL: 1,
  /** Not queued: the queue was full and the packet could not be held. */
  DROPPED: 2,
} as const;
export type Offer = (typeof Offer)[keyof typeof Offer];

/**
 * The one bounded packet queue every peer stores received packets in (design layer 2).
 *
 * Packets enter *staged* and become *visible* to `getPacket()` only when the owner's `poll()`
 * reveals them, which is how the poll contract keeps arrivals out of user code between polls.
 *
 * Overflow is decided here, once, for every peer:
 * - a packet that fits is queued;
 * - a packet that does not fit is still queued when the caller says it was already read from a
 *   transport that is about to be paused (back-pressure: nothing read is ever lost, the queue
 *   overshoots by at most what one socket read held), and dropped otherwise (a transport that
 *   cannot pause, such as a browser WebSocket; `droppedCount` counts these).
 */
export class PacketQueue {
  limits: QueueLimits;
  /** Packets dropped because the queue was full (see the class comment). */
  droppedCount = 0;
  #items: Packet[] = [];
  #head = 0;
  #visible = 0;
  #bytes = 0;

  constructor(limits: QueueLimits) {
    this.limits = limits;
  }

  /** Packets held, staged and visible. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Payload bytes held, staged and visible. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Packets `getPacket()` may return now. */
  get visibleCount(): number {
    return this.#visible;
  }

  /** Packets received but not yet revealed by a poll. */
  get stagedCount(): number {
    return this.size - this.#visible;
  }

  /** True when a packet of `size` bytes fits within the limits. */
  fits(size: number): boolean {
    return this.size < this.limits.maxPackets && this.#bytes + size <= this.limits.maxBytes;
  }

  /** True when the queue is at or over a limit. */
  isFull(): boolean {
    return this.size >= this.limits.maxPackets || this.#bytes >= this.limits.maxBytes;
  }

  /**
   * Stages `packet`. `canHold` says the packet was already read from a transport that will be
   * paused on `QUEUED_FULL`, so it must be kept even past the limits.
   */
  offer(packet: Packet, canHold: boolean): Offer {
    if (!this.fits(packet.data.length) && !canHold) {
      this.droppedCount++;
      return Offer.DROPPED;
    }
    this.#items.push(packet);
    this.#bytes += packet.data.length;
    return this.isFull() ? Offer.QUEUED_FULL : Offer.QUEUED;
  }

  /** Makes the oldest staged packet visible; false when none is staged. */
  revealOne(): boolean {
    if (this.#visible >= this.size) return false;
    this.#visible++;
    return true;
  }

  /** Makes every staged packet visible. */
  revealAll(): void {
    this.#visible = this.size;
  }

  /** The oldest visible packet, without removing it. */
  peek(): Packet | undefined {
    return this.#visible > 0 ? this.#items[this.#head] : undefined;
  }

  /** Removes and returns the oldest visible packet. */
  shift(): Packet | undefined {
    if (this.#visible === 0) return undefined;
    const packet = this.#items[this.#head] as Packet;
    this.#items[this.#head] = EMPTY;
    this.#head++;
    this.#visible--;
    this.#bytes -= packet.data.length;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      // Compact now and then instead of shifting the array on every read.
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return packet;
  }

  /** Drops every packet, staged and visible. */
  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#visible = 0;
    this.#bytes = 0;
  }
}

const EMPTY: Packet = {
  data: new Uint8Array(0),
  isString: false,
  from: 0,
  channel: 0,
  mode: TransferMode.TRANSFER_MODE_RELIABLE,
};
