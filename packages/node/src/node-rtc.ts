import { createRequire } from "node:module";
import { GdnetError, type RtcConfigurationLike, type RtcPeerConnectionLike, type RtcPlatform } from "@gdnet/core";

type PeerConnectionClass = new (configuration: RtcConfigurationLike) => RtcPeerConnectionLike;

let loaded: PeerConnectionClass | undefined;

/**
 * node-datachannel's W3C polyfill, loaded on first use: it is an optional peer dependency (a
 * native module with prebuilt binaries), so installing gdnet for WebSocket alone never needs it.
 */
function polyfill(): PeerConnectionClass {
  if (loaded) return loaded;
  try {
    const require = createRequire(import.meta.url);
    const module = require("node-datachannel/polyfill") as { RTCPeerConnection: PeerConnectionClass };
    loaded = module.RTCPeerConnection;
    return loaded;
  } catch (cause) {
    throw new GdnetError(
      "ERR_UNAVAILABLE",
      "WebRTC in Node.js needs the optional package node-datachannel: npm install node-datachannel (prebuilt, no compiler needed).",
      { cause },
    );
  }
}

/** WebRTC for Node: node-datachannel's RTCPeerConnection, or another W3C implementation you pass. */
export function createNodeRtc(PeerConnection?: PeerConnectionClass): RtcPlatform {
  return {
    createPeerConnection: (configuration) => new (PeerConnection ?? polyfill())(configuration),
  };
}
