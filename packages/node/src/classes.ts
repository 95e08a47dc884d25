// Godot's classes bound to Node: `new WebSocketPeer()` works as `WebSocketPeer.new()` does in Godot.
import {
  MultiplayerAPI as CoreMultiplayerAPI,
  SceneMultiplayer as CoreSceneMultiplayer,
  SignalingClient as CoreSignalingClient,
  WebRTCDataChannel as CoreWebRTCDataChannel,
  WebRTCMultiplayerPeer as CoreWebRTCMultiplayerPeer,
  WebRTCPeerConnection as CoreWebRTCPeerConnection,
  WebSocketClient as CoreWebSocketClient,
  WebSocketMultiplayerPeer as CoreWebSocketMultiplayerPeer,
  WebSocketPeer as CoreWebSocketPeer,
  WebSocketServer as CoreWebSocketServer,
  type Platform,
  type SignalingClientOptions,
} from "@gdnet/core";
import { nodePlatform } from "./node-platform.js";

/** Godot's WebSocketPeer (client side), on ws. */
export class WebSocketPeer extends CoreWebSocketPeer {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** Godot 3's WebSocketClient, on ws. */
export class WebSocketClient extends CoreWebSocketClient {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** Godot 3's WebSocketServer, on ws and node:http(s). */
export class WebSocketServer extends CoreWebSocketServer {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** Godot's WebRTCPeerConnection, on node-datachannel. */
export class WebRTCPeerConnection extends CoreWebRTCPeerConnection {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/**
 * Godot's WebRTCDataChannel. `new WebRTCDataChannel()` is a detached channel whose calls return
 * ERR_UNCONFIGURED: usable channels come from `createDataChannel` or `data_channel_received`.
 */
export class WebRTCDataChannel extends CoreWebRTCDataChannel {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** A client of Godot's webrtc_signaling demo server (and of `gdnet signaling`). */
export class SignalingClient extends CoreSignalingClient {
  constructor(options: SignalingClientOptions = {}, platform: Platform = nodePlatform) {
    super(platform, options);
  }
}

/** Godot 4's WebSocketMultiplayerPeer. */
export class WebSocketMultiplayerPeer extends CoreWebSocketMultiplayerPeer {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** Godot 4's WebRTCMultiplayerPeer. */
export class WebRTCMultiplayerPeer extends CoreWebRTCMultiplayerPeer {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** Godot 4's SceneMultiplayer: RPCs, raw packets, relay and authentication over a MultiplayerPeer. */
export class SceneMultiplayer extends CoreSceneMultiplayer {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}

/** Godot 3's MultiplayerAPI: RPC and RSET by name over a gd_mp_api WebSocketClient/WebSocketServer. */
export class MultiplayerAPI extends CoreMultiplayerAPI {
  constructor(platform: Platform = nodePlatform) {
    super(platform);
  }
}
