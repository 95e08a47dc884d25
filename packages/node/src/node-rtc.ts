import { createRequire } from "node:module";
import {
  GdnetError,
  type RtcConfigurationLike,
  type RtcDataChannelInitLike,
  type RtcDataChannelLike,
  type RtcPeerConnectionLike,
  type RtcPlatform,
  type RtcSessionDescriptionLike,
} from "@gdnet/core";

type PeerConnectionClass = new (configuration: RtcConfigurationLike) => RtcPeerConnectionLike;
type PeerConnectionFactory = (configuration: RtcConfigurationLike) => RtcPeerConnectionLike;

/** The part of node-datachannel's native PeerConnection this file drives. */
interface NativePeerConnection {
  setLocalDescription(type: "offer" | "answer"): void;
  signalingState(): string;
  state(): string;
  close(): void;
}

interface NodeDataChannel {
  PeerConnection: new (name: string, config: { iceServers: string[]; disableAutoNegotiation: boolean }) => NativePeerConnection;
}

interface Polyfill {
  RTCPeerConnection: new (
    configuration: RtcConfigurationLike & { peerConnection: NativePeerConnection },
  ) => RtcPeerConnectionLike & EventTarget;
}

let loaded: PeerConnectionFactory | undefined;

/**
 * node-datachannel, loaded on first use: it is an optional peer dependency (a native module with
 * prebuilt binaries), so installing gdnet for WebSocket alone never needs it.
 */
function nodeDataChannel(): PeerConnectionFactory {
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

/**
 * @internal libdatachannel's form of a W3C ICE server: `turn:user:password@host:port`, with the
 * user and password percent-encoded, since libdatachannel splits at the first ':' and decodes them
 * (IceServer's URL constructor in src/configuration.cpp).
 */
export function iceServerUrls(configuration: RtcConfigurationLike): string[] {
  return configuration.iceServers.flatMap((server) => {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (!server.username || !server.credential) return urls;
    const userInfo = `${encodeURIComponent(server.username)}:${encodeURIComponent(server.credential)}@`;
    return urls.map((url) => url.replace(/^([^:]+):/, `$1:${userInfo}`));
  });
}

/**
 * node-datachannel's W3C polyfill with libdatachannel's auto-negotiation off, negotiating as
 * Godot's own libdatachannel plugin does: createOffer makes the offer, a remote offer is answered
 * at once, and setLocalDescription has nothing left to do. With auto-negotiation on, the
 * createDataChannel calls of WebRTCMultiplayerPeer.addPeer made the answering side an offerer too;
 * the incoming offer then forced a rollback that, under load, ended in an ICE role conflict and a
 * failed DTLS handshake.
 * https://github.com/godotengine/webrtc-native/blob/master/src/WebRTCLibPeerConnection.cpp
 *
 * A native setLocalDescription that libdatachannel refuses throws a C++ exception node-datachannel
 * does not catch, which aborts the process: every call is checked first, as Godot's plugin checks
 * its state before the same calls.
 *
 * The offerer's own candidates wait until it has set the answer (Godot's plugin sends them at
 * once). The offer carries none, so the answerer cannot reach the offerer before then. Otherwise
 * the answerer's ICE connected early and its first DTLS flight either got lost (a one-second DTLS
 * retransmission, in about a third of loopback setups) or, when the offerer's ICE then finished
 * inside libdatachannel's setRemoteDescription, met a DTLS server that had not stored the answer's
 * fingerprint yet, and the handshake failed: PeerConnection::setRemoteDescription gives the
 * description to the ICE transport before it stores it (src/peerconnection.cpp). ICE needs the
 * answer before it can finish anyway, so nothing is lost.
 */
function godotNegotiation(native: NodeDataChannel, w3c: Polyfill): PeerConnectionFactory {
  let count = 0;
  class GodotNegotiatedPeerConnection extends w3c.RTCPeerConnection {
    readonly #native: NativePeerConnection;
    #channels = 0;
    /** The offerer's candidate events, held until the answer is set (see godotNegotiation). */
    #awaitingAnswer: Event[] | null = null;

    constructor(configuration: RtcConfigurationLike, peerConnection: NativePeerConnection) {
      super({ ...configuration, peerConnection });
      this.#native = peerConnection;
    }

    override createDataChannel(label: string, init?: RtcDataChannelInitLike): RtcDataChannelLike {
      const channel = super.createDataChannel(label, init);
      this.#channels++;
      return channel;
    }

    override createOffer(): Promise<RtcSessionDescriptionLike> {
      // Godot's create_offer fails unless the connection is new; libdatachannel also needs a channel.
      if (this.#native.state() !== "new" || this.#native.signalingState() !== "stable") {
        return Promise.reject(
          new Error(`an offer needs a new connection (it is ${this.#native.state()}, ${this.#native.signalingState()})`),
        );
      }
      if (this.#channels === 0) return Promise.reject(new Error("an offer needs a data channel: create one first"));
      this.#awaitingAnswer = [];
      this.#native.setLocalDescription("offer");
      return super.createOffer();
    }

    override async setRemoteDescription(description: RtcSessionDescriptionLike): Promise<void> {
      try {
        await super.setRemoteDescription(description);
      } finally {
        if (description.type === "answer") this.#releaseCandidates();
      }
      if (description.type !== "offer") return;
      // Something else may have run since the offer was set (a close, another description).
      if (this.#native.signalingState() !== "have-remote-offer") {
        throw new Error(`cannot answer: the connection is ${this.#native.state()}, ${this.#native.signalingState()}`);
      }
      this.#native.setLocalDescription("answer");
    }

    /** The description is already set: libdatachannel set it when it made it. */
    override async setLocalDescription(): Promise<void> {}

    /** The polyfill reports each local candidate through dispatchEvent: the offerer's wait here. */
    override dispatchEvent(event: Event): boolean {
      if (event.type !== "icecandidate" || !this.#awaitingAnswer) return super.dispatchEvent(event);
      this.#awaitingAnswer.push(event);
      return true;
    }

    #releaseCandidates(): void {
      const held = this.#awaitingAnswer ?? [];
      this.#awaitingAnswer = null;
      for (const event of held) super.dispatchEvent(event);
    }
  }
  return (configuration) => {
    const peerConnection = new native.PeerConnection(`gdnet-${++count}`, {
      iceServers: iceServerUrls(configuration),
      disableAutoNegotiation: true,
    });
    try {
      return new GodotNegotiatedPeerConnection(configuration, peerConnection);
    } catch (cause) {
      peerConnection.close(); // the polyfill refused the configuration
      throw cause;
    }
  };
}

/**
 * WebRTC for Node: node-datachannel, negotiating as Godot does (see godotNegotiation), or the W3C
 * RTCPeerConnection class you pass, used as it is. node-datachannel's own polyfill class passed
 * here keeps libdatachannel's auto-negotiation, and with it the offerer-on-both-sides rollback.
 */
export function createNodeRtc(PeerConnection?: PeerConnectionClass): RtcPlatform {
  return {
    createPeerConnection: (configuration) =>
      PeerConnection ? new PeerConnection(configuration) : nodeDataChannel()(configuration),
  };
}
