// The public names of @gdnet/node: core's names, with the classes bound to Node (ws), and the
// Node-only servers. "gdnet" re-exports this list for Node.
export {
  asBytes,
  type BytesLike,
  type ChannelSpec,
  ChannelState,
  ConnectionState,
  ConnectionStatus,
  callDeferred,
  type DataChannelOptions,
  errorName,
  GatheringState,
  GdnetError,
  type GdnetErrorCode,
  GODOT_CHANNELS,
  GodotError,
  getStringFromUtf8,
  isGdnetError,
  isPolling,
  MultiplayerPeer,
  type MultiplayerPeerSignals,
  type Packet,
  PacketPeer,
  type Platform,
  type Pollable,
  type RtcConfigurationOptions,
  SignalEmitter,
  type SignalHandler,
  type SignalingClientOptions,
  type SignalingClientSignals,
  type SignalingPeer,
  SignalingState,
  type SignalMap,
  TargetPeer,
  TLSOptions,
  TransferMode,
  toUtf8,
  type WebRTCPeerConnectionSignals,
  type WebSocketClientSignals,
  type WebSocketServerSignals,
  WebSocketState,
  WriteMode,
} from "@gdnet/core";
export { type AutoPollOptions, autoPoll } from "./auto-poll.js";
export {
  SignalingClient,
  WebRTCDataChannel,
  WebRTCPeerConnection,
  WebSocketClient,
  WebSocketMultiplayerPeer,
  WebSocketPeer,
  WebSocketServer,
} from "./classes.js";
export { EchoServer, type EchoServerOptions } from "./echo-server.js";
export { nodePlatform, setErrorPrinter } from "./node-platform.js";
export { createNodeRtc } from "./node-rtc.js";
export { CryptoKey, X509Certificate } from "./pem-files.js";
export type { SignalingLobbyInfo } from "./signaling-lobby.js";
export { SignalingServer, type SignalingServerOptions } from "./signaling-server.js";
