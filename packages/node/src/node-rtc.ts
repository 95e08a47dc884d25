import { createRequire } from "node:module";
import {
  GdnetError,
  type RtcConfigurationLike,
  type RtcPeerConnectionLike,
  type RtcPlatform,
  type RtcSessionDescriptionLike,
} from "@gdnet/core";

type PeerConnectionClass = new (configuration: RtcConfigurationLike) => RtcPeerConnectionLike;

/** The part of node-datachannel's native PeerConnection this file drives. */
interface NativePeerConnection {
  setLocalDescription(type: "offer" | "answer"): void;
}

interface NodeDataChannel {
  PeerConnection: new (name: string, config: { iceServers: string[]; disableAutoNegotiation: boolean }) => NativePeerConnection;
}

interface Polyfill {
  RTCPeerConnection: new (
    configuration: RtcConfigurationLike & { peerConnection: NativePeerConnection },
  ) => RtcPeerConnectionLike;
}

let loaded: PeerConnectionClass | undefined;

/**
 * node-datachannel's W3C polyfill, loaded on first use: it is an optional peer dependency (a
 * native module with prebuilt binaries), so installing gdnet for WebSocket alone never needs it.
 */
function polyfill(): PeerConnectionClass {
  if (loaded) return loaded;
  try {
    const require = createRequire(import.meta.url);
    loaded = godotNegotiation(require("node-datachannel") as NodeDataChannel, require("node-datachannel/polyfill") as Polyfill);
    return loaded;
  } catch (cause) {
    throw new GdnetError(
      "ERR_UNAVAILABLE",
      "WebRTC in Node.js needs the optional package node-datachannel: npm install node-datachannel (prebuilt, no compiler needed).",
      { cause },
    );
  }
}

/** libdatachannel's form of a W3C ICE server: `turn:user:password@host:port`. */
function iceServerUrls(configuration: RtcConfigurationLike): string[] {
  return configuration.iceServers.flatMap((server) => {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (!server.username || !server.credential) return urls;
    return urls.map((url) => url.replace(/^([^:]+):/, `$1:${server.username}:${server.credential}@`));
  });
}

/**
 * The polyfill with libdatachannel's auto-negotiation off, negotiating as Godot's own
 * libdatachannel plugin does: createOffer makes the offer, a remote offer is answered at once, and
 * setLocalDescription has nothing left to do. With auto-negotiation on, the createDataChannel calls
 * of WebRTCMultiplayerPeer.addPeer made the answering side an offerer too; the incoming offer then
 * forced a rollback that, under load, ended in an ICE role conflict and a failed DTLS handshake.
 * https://github.com/godotengine/webrtc-native/blob/master/src/WebRTCLibPeerConnection.cpp
 */
function godotNegotiation(native: NodeDataChannel, w3c: Polyfill): PeerConnectionClass {
  let count = 0;
  return class GodotNegotiatedPeerConnection extends w3c.RTCPeerConnection {
    readonly #native: NativePeerConnection;

    constructor(configuration: RtcConfigurationLike) {
      const peerConnection = new native.PeerConnection(`gdnet-${++count}`, {
        iceServers: iceServerUrls(configuration),
        disableAutoNegotiation: true,
      });
      super({ ...configuration, peerConnection });
      this.#native = peerConnection;
    }

    override createOffer(): Promise<RtcSessionDescriptionLike> {
      try {
        this.#native.setLocalDescription("offer");
      } catch (cause) {
        return Promise.reject(cause);
      }
      return super.createOffer();
    }

    override async setRemoteDescription(description: RtcSessionDescriptionLike): Promise<void> {
      await super.setRemoteDescription(description);
      if (description.type === "offer") this.#native.setLocalDescription("answer");
    }

    /** The description is already set: libdatachannel set it when it made it. */
    override async setLocalDescription(): Promise<void> {}
  };
}

/** WebRTC for Node: node-datachannel's RTCPeerConnection, or another W3C implementation you pass. */
export function createNodeRtc(PeerConnection?: PeerConnectionClass): RtcPlatform {
  return {
    createPeerConnection: (configuration) => new (PeerConnection ?? polyfill())(configuration),
  };
}
