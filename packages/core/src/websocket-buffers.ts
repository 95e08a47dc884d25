import { GdnetError } from "./gdnet-error.js";
import type { QueueLimits } from "./packet-queue.js";

/** The limits one WebSocket connection works with, whichever Godot generation set them. */
export interface BufferLimits {
  /** Largest message accepted; a bigger one closes the connection with 1009. */
  readonly maxMessageSize: number;
  /** Inbound queue: most payload bytes held. */
  readonly inboundBytes: number;
  /** Inbound queue: most packets held. */
  readonly inboundPackets: number;
  /** Outbound: most bytes waiting to be written; a send that would pass it fails. */
  readonly outboundBytes: number;
  /** Outbound: most messages waiting to be written. */
  readonly outboundPackets: number;
}

/** Godot 4's WebSocketPeer defaults (`DEFAULT_BUFFER_SIZE`, `max_queued_packets` in 4.5). */
export const GODOT4_BUFFER_DEFAULTS: {
  readonly inboundBufferSize: 65535;
  readonly outboundBufferSize: 65535;
  readonly maxQueuedPackets: 4096;
} = { inboundBufferSize: 65535, outboundBufferSize: 65535, maxQueuedPackets: 4096 };

/**
 * Godot 4 semantics (wsl_peer.cpp): a message may be as large as `inbound_buffer_size`, the
 * inbound queue holds that many bytes and `max_queued_packets` packets, and a send fails with
 * ERR_OUT_OF_MEMORY when the queued bytes plus the new message pass `outbound_buffer_size` or
 * `max_queued_packets` messages are already queued.
 */
export function godot4Limits(inbound: number, outbound: number, maxQueued: number): BufferLimits {
  return {
    maxMessageSize: inbound,
    inboundBytes: inbound,
    inboundPackets: maxQueued,
    outboundBytes: outbound,
    outboundPackets: maxQueued,
  };
}

/** Godot's `nearest_shift`: how many bits `n` needs (core/typedefs.h). */
export function nearestShift(n: number): number {
  for (let i = 30; i >= 0; i--) {
    if (n & (1 << i)) return i + 1;
  }
  return 0;
}

/** Largest value `setBuffers` accepts for each argument (4 GiB of KiB would overflow Godot's int). */
export const MAX_SET_BUFFERS_VALUE: number = 1 << 20;

/**
 * Godot 3's `set_buffers(in_kb, in_packets, out_kb, out_packets)` (websocket_macros.h,
 * wsl_peer.cpp): each value is rounded up to a power of two, `2^nearest_shift(v - 1)`, KiB values
 * then times 1024. Messages may be as large as the input buffer; the input ring buffer keeps one
 * slot free, so it holds one byte and one packet less than its size; outbound limits are those of
 * later 3.x (3.2 did not enforce them, see godot-protocols.md 1.2).
 */
export function godot3Limits(inKb: number, inPackets: number, outKb: number, outPackets: number): BufferLimits | GdnetError {
  for (const value of [inKb, inPackets, outKb, outPackets]) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_SET_BUFFERS_VALUE) {
      return new GdnetError(
        "ERR_INVALID_PARAMETER",
        `setBuffers: every value must be an integer from 1 to ${MAX_SET_BUFFERS_VALUE}, got ${value}.`,
      );
    }
  }
  const inBytes = 2 ** (nearestShift(inKb - 1) + 10);
  const outBytes = 2 ** (nearestShift(outKb - 1) + 10);
  return {
    maxMessageSize: inBytes,
    inboundBytes: inBytes - 1,
    inboundPackets: 2 ** nearestShift(inPackets - 1) - 1 || 1,
    outboundBytes: outBytes - 1,
    outboundPackets: 2 ** nearestShift(outPackets - 1),
  };
}

// Marked pure: only Godot 3's classes use it, and a bundle of WebSocketPeer alone should drop it.
/** Godot 3's defaults: 64 KiB and 1024 packets each way (project settings network/limits/websocket_*). */
export const GODOT3_DEFAULT_LIMITS: BufferLimits = /* @__PURE__ */ godot3Limits(64, 1024, 64, 1024) as BufferLimits;

/** One QueueLimits object per BufferLimits (a server shares its limits with every client). */
const QUEUE_LIMITS = new WeakMap<BufferLimits, QueueLimits>();
export function queueLimitsOf(limits: BufferLimits): QueueLimits {
  let queue = QUEUE_LIMITS.get(limits);
  if (!queue) {
    queue = { maxPackets: limits.inboundPackets, maxBytes: limits.inboundBytes };
    QUEUE_LIMITS.set(limits, queue);
  }
  return queue;
}
