import { Fifo } from "./fifo.js";

/** Marks a packet in a {@link StagedLog}. */
export const PACKET_MARK: unique symbol = Symbol("packet");

/**
 * Arrival-ordered list of what a transport reported between two polls: packets (as a shared
 * marker; the bytes wait in the PacketQueue) and control events. `poll()` replays it.
 */
export class StagedLog<E> extends Fifo<E | typeof PACKET_MARK> {
  pushPacket(): void {
    this.push(PACKET_MARK);
  }
}
