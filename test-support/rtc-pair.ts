import type { WebRTCPeerConnection } from "gdnet";
import type { LossyUdpRelay } from "./lossy-udp-relay.js";

/**
 * Wires two WebRTCPeerConnections to each other the way a signaling server would (offer from
 * `a`, answer from `b`, candidates both ways), optionally through a lossy relay. Call it before
 * `a.createOffer()`; keep polling both to let it run.
 */
export function wirePair(a: WebRTCPeerConnection, b: WebRTCPeerConnection, relay?: LossyUdpRelay): void {
  // node-datachannel also writes the candidates it has gathered into the SDP; with a relay they
  // must go, or the peers would find the direct path around it.
  const forRemote = (sdp: string): string =>
    relay
      ? sdp
          .split("\r\n")
          .filter((line) => !line.startsWith("a=candidate") && line !== "a=end-of-candidates")
          .join("\r\n")
      : sdp;
  a.on("session_description_created", (type, sdp) => {
    a.setLocalDescription(type, sdp);
    b.setRemoteDescription(type, forRemote(sdp));
  });
  b.on("session_description_created", (type, sdp) => {
    b.setLocalDescription(type, sdp);
    a.setRemoteDescription(type, forRemote(sdp));
  });
  const pass = (from: "a" | "b", to: WebRTCPeerConnection) => (media: string, index: number, name: string) => {
    if (!relay) {
      to.addIceCandidate(media, index, name);
      return;
    }
    void relay.rewrite(from, name).then((rewritten) => {
      if (rewritten) to.addIceCandidate(media, index, rewritten);
    });
  };
  a.on("ice_candidate_created", pass("a", b));
  b.on("ice_candidate_created", pass("b", a));
}
