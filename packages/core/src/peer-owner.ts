import type { GdnetError } from "./gdnet-error.js";
import type { WebSocketPeer } from "./websocket-peer.js";

/** What one step of a poll made visible (used by the objects that own peers to emit signals). */
export type Revealed =
  | { readonly type: "packet" }
  | { readonly type: "open"; readonly protocol: string }
  | {
      readonly type: "close";
      readonly code: number;
      readonly reason: string;
      readonly clean: boolean;
      /** The connection had opened before it closed (false: the connection attempt failed). */
      readonly wasOpen: boolean;
      /** The other side started the closing handshake. */
      readonly remoteRequested: boolean;
    }
  | { readonly type: "error"; readonly error: GdnetError };

/** An object that polls peers on their behalf (WebSocketClient, WebSocketServer, multiplayer peers). */
export interface PeerOwner {
  /** The peer staged one item; the owner records the order for its next poll. */
  staged(peer: WebSocketPeer): void;
  /**
   * The peer's heartbeat was turned on or off (or the peer came to this owner with one on):
   * the owner runs `_heartbeat()` in its polls for the peers that have one, and only for them,
   * so a poll costs what happened, not the number of connections.
   */
  heartbeating(peer: WebSocketPeer, on: boolean): void;
  poll(): void;
}
