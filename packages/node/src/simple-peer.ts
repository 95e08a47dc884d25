// @gdnet/node/simple-peer: the simple-peer adapter bound to Node, and the `wrtc` object that makes
// simple-peer work on node-datachannel.
import { createRequire } from "node:module";
import { GdnetError, type Platform, type RtcSessionDescriptionLike } from "@gdnet/core";
import { SimplePeerAdapter as CoreAdapter, type SimplePeerLike } from "@gdnet/core/simple-peer";
import { nodePlatform } from "./node-platform.js";

/** A simple-peer instance as a gdnet packet peer (see @gdnet/core's SimplePeerAdapter). */
export class SimplePeerAdapter extends CoreAdapter {
  constructor(peer: SimplePeerLike, platform: Platform = nodePlatform) {
    super(peer, platform);
  }
}

/** What simple-peer's `wrtc` option expects. */
export interface SimplePeerWrtc {
  RTCPeerConnection: unknown;
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
}

type Polyfill = {
  RTCPeerConnection: new (
    config?: unknown,
  ) => {
    createOffer(o?: unknown): Promise<RtcSessionDescriptionLike>;
    createAnswer(o?: unknown): Promise<RtcSessionDescriptionLike>;
  };
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
};

/**
 * node-datachannel's polyfill shaped for simple-peer: `new Peer({ wrtc: simplePeerWrtc() })`.
 * simple-peer 9.11 assigns `offer.sdp = ...` on the description createOffer/createAnswer return,
 * which the polyfill's RTCSessionDescription refuses ("Cannot set property sdp"); handing it plain
 * `{ type, sdp }` objects fixes that.
 */
export function simplePeerWrtc(): SimplePeerWrtc {
  let polyfill: Polyfill;
  try {
    polyfill = createRequire(import.meta.url)("node-datachannel/polyfill") as Polyfill;
  } catch (cause) {
    throw new GdnetError(
      "ERR_UNAVAILABLE",
      "simplePeerWrtc needs the optional package node-datachannel: npm install node-datachannel.",
      { cause },
    );
  }
  class PlainDescriptions extends polyfill.RTCPeerConnection {
    override async createOffer(options?: unknown): Promise<RtcSessionDescriptionLike> {
      const offer = await super.createOffer(options);
      return { type: offer.type, sdp: offer.sdp };
    }
    override async createAnswer(options?: unknown): Promise<RtcSessionDescriptionLike> {
      const answer = await super.createAnswer(options);
      return { type: answer.type, sdp: answer.sdp };
    }
  }
  return {
    RTCPeerConnection: PlainDescriptions,
    RTCSessionDescription: polyfill.RTCSessionDescription,
    RTCIceCandidate: polyfill.RTCIceCandidate,
  };
}

export type { SimplePeerLike };
