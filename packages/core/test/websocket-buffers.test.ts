import { describe, expect, it } from "vitest";
import { GdnetError } from "../src/gdnet-error.js";
import {
  GODOT3_DEFAULT_LIMITS,
  GODOT4_BUFFER_DEFAULTS,
  godot3Limits,
  godot4Limits,
  nearestShift,
} from "../src/websocket-buffers.js";

describe("nearestShift", () => {
  it("counts the bits a number needs, like Godot's nearest_shift", () => {
    expect([0, 1, 2, 3, 4, 63, 64, 1023, 1024].map(nearestShift)).toEqual([0, 1, 2, 2, 3, 6, 7, 10, 11]);
  });
});

describe("godot3Limits", () => {
  it("gives Godot 3's defaults for 64 KiB / 1024 packets each way", () => {
    expect(GODOT3_DEFAULT_LIMITS).toEqual({
      maxMessageSize: 65536,
      inboundBytes: 65535,
      inboundPackets: 1023,
      outboundBytes: 65535,
      outboundPackets: 1024,
    });
  });

  it("rounds every value up to a power of two as set_buffers does", () => {
    expect(godot3Limits(100, 1000, 3, 5)).toEqual({
      maxMessageSize: 128 * 1024,
      inboundBytes: 128 * 1024 - 1,
      inboundPackets: 1023,
      outboundBytes: 4 * 1024 - 1,
      outboundPackets: 8,
    });
  });

  it("refuses zero, negative and fractional values", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(godot3Limits(bad, 1, 1, 1)).toBeInstanceOf(GdnetError);
  });
});

describe("godot4Limits", () => {
  it("uses the inbound size as both the largest message and the queue size", () => {
    const { inboundBufferSize, outboundBufferSize, maxQueuedPackets } = GODOT4_BUFFER_DEFAULTS;
    expect(godot4Limits(inboundBufferSize, outboundBufferSize, maxQueuedPackets)).toEqual({
      maxMessageSize: 65535,
      inboundBytes: 65535,
      inboundPackets: 4096,
      outboundBytes: 65535,
      outboundPackets: 4096,
    });
  });
});
