// The part of the W3C WebRTC API core uses, as structural types (core compiles without the DOM
// library). Browsers' RTCPeerConnection and node-datachannel's polyfill both fit them; the
// browser and node packages inject one through `Platform.rtc`.

/** `RTCSessionDescriptionInit`. */
export interface RtcSessionDescriptionLike {
  readonly type: string;
  readonly sdp?: string | undefined;
}

/** `RTCIceCandidateInit`. */
export interface RtcIceCandidateLike {
  readonly candidate: string;
  readonly sdpMid?: string | null | undefined;
  readonly sdpMLineIndex?: number | null | undefined;
}

/** `RTCDataChannelInit`. */
export interface RtcDataChannelInitLike {
  negotiated?: boolean;
  id?: number;
  ordered?: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol?: string;
}

/** `RTCDataChannel`. */
export interface RtcDataChannelLike {
  readonly label: string;
  readonly id: number | null;
  readonly ordered: boolean;
  readonly negotiated: boolean;
  readonly maxPacketLifeTime: number | null;
  readonly maxRetransmits: number | null;
  readonly protocol: string;
  readonly readyState: string;
  readonly bufferedAmount: number;
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(): void;
}

/** `RTCIceServer`. */
export interface RtcIceServerLike {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** `RTCConfiguration` (the part gdnet passes). */
export interface RtcConfigurationLike {
  iceServers: RtcIceServerLike[];
}

/** `RTCPeerConnection`. */
export interface RtcPeerConnectionLike {
  readonly connectionState: string;
  readonly iceGatheringState: string;
  readonly signalingState: string;
  onicecandidate: ((event: { candidate: RtcIceCandidateLike | null }) => void) | null;
  ondatachannel: ((event: { channel: RtcDataChannelLike }) => void) | null;
  onconnectionstatechange: ((event: unknown) => void) | null;
  createDataChannel(label: string, init?: RtcDataChannelInitLike): RtcDataChannelLike;
  createOffer(): Promise<RtcSessionDescriptionLike>;
  createAnswer(): Promise<RtcSessionDescriptionLike>;
  setLocalDescription(description: RtcSessionDescriptionLike): Promise<void>;
  setRemoteDescription(description: RtcSessionDescriptionLike): Promise<void>;
  addIceCandidate(candidate: RtcIceCandidateLike): Promise<void>;
  close(): void;
}

/** A platform's WebRTC implementation, injected into core. */
export interface RtcPlatform {
  /** Creates a peer connection; throws a GdnetError when the platform cannot (e.g. a missing optional package). */
  createPeerConnection(configuration: RtcConfigurationLike): RtcPeerConnectionLike;
}
