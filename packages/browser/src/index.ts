// The public names of @gdnet/browser: core's names, with the classes bound to the browser's
// WebSocket. "gdnet" re-exports this list for browsers and bundlers, and the IIFE as GDNet.
export {
  asBytes,
  type BytesLike,
  ChannelState,
  ConnectionState,
  ConnectionStatus,
  CryptoKey,
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
  X509Certificate,
} from "@gdnet/core";
export { type AutoPollOptions, autoPoll } from "./auto-poll.js";
export { browserPlatform, createBrowserPlatform, setErrorPrinter } from "./browser-platform.js";
export { createBrowserRtc } from "./browser-rtc.js";
export { WebRTCDataChannel, WebRTCPeerConnection, WebSocketClient, WebSocketPeer, WebSocketServer } from "./classes.js";
export type { W3CWebSocket, WebSocketConstructor } from "./native-websocket.js";
