import type { SignalingType } from "./signaling-type.js";

/**
 * One message of the webrtc_signaling demo protocol, in either version: the 4.x JSON object
 * `{"type", "id", "data"}`, or the 3.2 line `"<C>: <arg>\n<payload>"` read into the same fields.
 */
export interface SignalingMessage {
  readonly type: SignalingType;
  /** A peer id (destination when a client sends, source when the server relays), or 0. */
  readonly id: number;
  /** The lobby name, SDP, candidate data or mesh flag; "" when the message has none. */
  readonly data: string;
}

/** A {@link SignalingMessage} to encode: `data` defaults to "". */
export interface SignalingMessageInit {
  readonly type: SignalingType;
  readonly id: number;
  readonly data?: string;
}
