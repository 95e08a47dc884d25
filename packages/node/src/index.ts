// The public names of @gdnet/node: core's names, with the classes bound to Node (ws), and the
// Node-only servers. "gdnet" re-exports this list for Node.
export {
  asBytes,
  type BytesLike,
  ChannelState,
  ConnectionState,
  ConnectionStatus,
  callDeferred,
  type DataChannelOptions,
  errorName,
  GatheringState,
  GdnetError,
  type GdnetErrorCode,
  GodotError,
  getStringFromUtf8,
  isGdnetError,
  isPolling,
  type Packet,
  PacketPeer,
  type Platform,
  type Pollable,
  type RtcConfigurationOptions,
  type SignalHandler,
  SignalingState,
  type SignalMap,
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
export { WebRTCDataChannel, WebRTCPeerConnection, WebSocketClient, WebSocketPeer, WebSocketServer } from "./classes.js";
export { EchoServer, type EchoServerOptions } from "./echo-server.js";
export { nodePlatform, setErrorPrinter } from "./node-platform.js";
export { createNodeRtc } from "./node-rtc.js";
export { CryptoKey, X509Certificate } from "./pem-files.js";
