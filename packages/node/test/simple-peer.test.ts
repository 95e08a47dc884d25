// simple-peer as a gdnet packet peer, in Node over node-datachannel (real connections).
import { ChannelState, GodotError, getStringFromUtf8, toUtf8, WriteMode } from "gdnet";
import { SimplePeerAdapter, simplePeerWrtc } from "gdnet/simple-peer";
import Peer from "simple-peer";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function connectedPair(wrtc: unknown): [Peer.Instance, Peer.Instance] {
  const a = new Peer({ initiator: true, wrtc: wrtc as Peer.Options["wrtc"] });
  const b = new Peer({ wrtc: wrtc as Peer.Options["wrtc"] });
  a.on("signal", (data) => b.signal(data));
  b.on("signal", (data) => a.signal(data));
  cleanups.push(
    () => a.destroy(),
    () => b.destroy(),
  );
  return [a, b];
}

describe("SimplePeerAdapter", () => {
  it("turns a simple-peer connection into a packet peer with text and binary packets", async () => {
    const [a, b] = connectedPair(simplePeerWrtc());
    const peerA = new SimplePeerAdapter(a);
    const peerB = new SimplePeerAdapter(b);
    expect(peerA.getReadyState()).toBe(ChannelState.STATE_CONNECTING);
    expect(peerA.putPacket(toUtf8("early"))).toBe(GodotError.ERR_UNCONFIGURED);
    await pollUntil(
      [peerA, peerB],
      () => peerA.getReadyState() === ChannelState.STATE_OPEN && peerB.getReadyState() === ChannelState.STATE_OPEN,
    );
    peerA.setWriteMode(WriteMode.WRITE_MODE_TEXT);
    expect(peerA.putPacket(toUtf8("text ✓"))).toBe(GodotError.OK);
    peerA.setWriteMode(WriteMode.WRITE_MODE_BINARY);
    expect(peerA.putPacket(new Uint8Array([7, 8, 9]))).toBe(GodotError.OK);
    await pollUntil([peerA, peerB], () => peerB.getAvailablePacketCount() === 2);
    expect([getStringFromUtf8(peerB.getPacket()), peerB.wasStringPacket()]).toEqual(["text ✓", true]);
    expect([[...peerB.getPacket()], peerB.wasStringPacket()]).toEqual([[7, 8, 9], false]);
  });

  it("keeps simple-peer's own data events working", async () => {
    const [a, b] = connectedPair(simplePeerWrtc());
    const peerA = new SimplePeerAdapter(a);
    const peerB = new SimplePeerAdapter(b);
    const seen: string[] = [];
    b.on("data", (data: Uint8Array) => seen.push(new TextDecoder().decode(data)));
    await pollUntil([peerA, peerB], () => peerA.getReadyState() === ChannelState.STATE_OPEN);
    a.send("direct");
    await pollUntil([peerA, peerB], () => seen.length === 1 && peerB.getAvailablePacketCount() === 1);
    expect(seen).toEqual(["direct"]);
    expect(peerB.getPacket()).toEqual(toUtf8("direct"));
  });

  it("reports the other side closing", async () => {
    const [a, b] = connectedPair(simplePeerWrtc());
    const peerA = new SimplePeerAdapter(a);
    const peerB = new SimplePeerAdapter(b);
    await pollUntil([peerA, peerB], () => peerB.getReadyState() === ChannelState.STATE_OPEN);
    peerA.close();
    await pollUntil([peerA, peerB], () => peerB.getReadyState() === ChannelState.STATE_CLOSED);
    expect(peerA.putPacket(toUtf8("gone"))).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it("needs simplePeerWrtc(): simple-peer fails on the raw node-datachannel polyfill (the sdp pitfall)", async () => {
    const polyfill = await import("node-datachannel/polyfill");
    const errors: string[] = [];
    const a = new Peer({ initiator: true, wrtc: polyfill as unknown as Peer.Options["wrtc"] });
    cleanups.push(() => a.destroy());
    a.on("error", (error: Error) => errors.push(error.message));
    await pollUntil([], () => errors.length > 0);
    expect(errors[0]).toMatch(/sdp/);
  });
});
