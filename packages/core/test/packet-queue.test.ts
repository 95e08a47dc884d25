import { describe, expect, it } from "vitest";
import { Offer, type Packet, PacketQueue } from "../src/packet-queue.js";
import { TransferMode } from "../src/transfer-mode.js";

const packet = (size: number, isString = false): Packet => ({
  data: new Uint8Array(size),
  isString,
  from: 1,
  channel: 0,
  mode: TransferMode.TRANSFER_MODE_RELIABLE,
});

describe("PacketQueue", () => {
  it("keeps offered packets staged until they are revealed", () => {
    const queue = new PacketQueue({ maxPackets: 10, maxBytes: 100 });
    queue.offer(packet(3), false);
    expect(queue.visibleCount).toBe(0);
    expect(queue.shift()).toBeUndefined();
    expect(queue.revealOne()).toBe(true);
    expect(queue.visibleCount).toBe(1);
    expect(queue.shift()?.data.length).toBe(3);
    expect(queue.revealOne()).toBe(false);
  });

  it("returns packets in arrival order", () => {
    const queue = new PacketQueue({ maxPackets: 10, maxBytes: 100 });
    for (let i = 1; i <= 5; i++) queue.offer(packet(i), false);
    queue.revealAll();
    expect([1, 2, 3, 4, 5].map(() => queue.shift()?.data.length)).toEqual([1, 2, 3, 4, 5]);
  });

  it("says QUEUED_FULL when a packet reaches the packet limit", () => {
    const queue = new PacketQueue({ maxPackets: 2, maxBytes: 100 });
    expect(queue.offer(packet(1), true)).toBe(Offer.QUEUED);
    expect(queue.offer(packet(1), true)).toBe(Offer.QUEUED_FULL);
  });

  it("drops a packet that does not fit when the transport cannot pause, and counts it", () => {
    const queue = new PacketQueue({ maxPackets: 10, maxBytes: 4 });
    expect(queue.offer(packet(3), false)).toBe(Offer.QUEUED);
    expect(queue.offer(packet(2), false)).toBe(Offer.DROPPED);
    expect(queue.droppedCount).toBe(1);
    expect(queue.size).toBe(1);
    expect(queue.bytes).toBe(3);
  });

  it("holds a packet past the limits when the transport will pause (nothing read is lost)", () => {
    const queue = new PacketQueue({ maxPackets: 1, maxBytes: 4 });
    queue.offer(packet(4), true);
    expect(queue.offer(packet(4), true)).toBe(Offer.QUEUED_FULL);
    expect(queue.size).toBe(2);
    expect(queue.droppedCount).toBe(0);
  });

  it("frees bytes and packets as they are taken", () => {
    const queue = new PacketQueue({ maxPackets: 2, maxBytes: 10 });
    queue.offer(packet(5), false);
    queue.offer(packet(5), false);
    expect(queue.isFull()).toBe(true);
    queue.revealAll();
    queue.shift();
    expect(queue.isFull()).toBe(false);
    expect(queue.bytes).toBe(5);
  });

  it("stays correct across many pushes and shifts (compaction)", () => {
    const queue = new PacketQueue({ maxPackets: 100_000, maxBytes: 1_000_000 });
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) queue.offer(packet((round * 100 + i) % 7), false);
      queue.revealAll();
      for (let i = 0; i < 100; i++) {
        expect(queue.shift()?.data.length).toBe(expected % 7);
        expected++;
      }
    }
    expect(queue.size).toBe(0);
    expect(queue.bytes).toBe(0);
  });

  it("clear() drops staged and visible packets", () => {
    const queue = new PacketQueue({ maxPackets: 10, maxBytes: 100 });
    queue.offer(packet(1), false);
    queue.revealAll();
    queue.offer(packet(1), false);
    queue.clear();
    expect([queue.size, queue.visibleCount, queue.bytes]).toEqual([0, 0, 0]);
  });
});
