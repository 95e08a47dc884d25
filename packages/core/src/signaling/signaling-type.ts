/**
 * Message types of the Godot webrtc_signaling demo (godot-demo-projects,
 * `networking/webrtc_signaling`): the numbers of the 4.x JSON protocol (`Message` in
 * `client/ws_webrtc_client.gd`, `CMD` in `server_node/server.js` on master). The 3.2 text protocol
 * has the same messages under one-letter names (see `SignalingTextCommand`).
 */
export const SignalingType = {
  /** Client: join the lobby named in `data` ("" creates one). Server: join confirmed, `data` = lobby name. */
  JOIN: 0,
  /** Server: `id` is your id in the lobby (1 for its host); 4.x `data` is "true" in a mesh lobby. */
  ID: 1,
  /** Server: peer `id` is in your lobby. */
  PEER_CONNECT: 2,
  /** Server: peer `id` left your lobby. */
  PEER_DISCONNECT: 3,
  /** Relayed: an SDP offer (`id` = destination when sent, source when received). */
  OFFER: 4,
  /** Relayed: an SDP answer. */
  ANSWER: 5,
  /** Relayed: an ICE candidate, `data` = `"\n<mid>\n<index>\n<candidate>"`. */
  CANDIDATE: 6,
  /** Client (host only): seal the lobby. Server: the lobby is sealed. */
  SEAL: 7,
} as const;
export type SignalingType = (typeof SignalingType)[keyof typeof SignalingType];

/** True when `value` is one of the {@link SignalingType} numbers. */
export function isSignalingType(value: unknown): value is SignalingType {
  return typeof value === "number" && Number.isInteger(value) && value >= SignalingType.JOIN && value <= SignalingType.SEAL;
}
