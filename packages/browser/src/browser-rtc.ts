import { GdnetError, type RtcConfigurationLike, type RtcPeerConnectionLike, type RtcPlatform } from "@gdnet/core";

type PeerConnectionClass = new (configuration: RtcConfigurationLike) => RtcPeerConnectionLike;

/** WebRTC in the browser: the page's RTCPeerConnection, or the class you pass. */
export function createBrowserRtc(PeerConnection?: PeerConnectionClass): RtcPlatform {
  return {
    createPeerConnection: (configuration) => {
      const found = PeerConnection ?? (globalThis as { RTCPeerConnection?: PeerConnectionClass }).RTCPeerConnection;
      if (!found)
        throw new GdnetError("ERR_UNAVAILABLE", "This browser has no RTCPeerConnection (WebRTC is disabled or unsupported).");
      return new found(configuration);
    },
  };
}
