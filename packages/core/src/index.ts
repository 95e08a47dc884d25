// The public names of @gdnet/core, listed one by one. The browser and node packages bind these
// classes to a platform; users import them from "gdnet".
export { autoPollWith, type Pollable, type PollScheduler } from "./auto-poll.js";
export { asBytes, type BytesLike } from "./bytes.js";
export { checkClose, isSendableCloseCode, MAX_CLOSE_REASON_BYTES, stripTrailingNul } from "./close-code.js";
export { ConnectionStatus } from "./connection-status.js";
export { CryptoKey } from "./crypto-key.js";
export { ErrorThrottle, type ErrorThrottleOptions } from "./error-throttle.js";
export { GdnetError, type GdnetErrorCode, type GdnetErrorOptions, isGdnetError } from "./gdnet-error.js";
export { errorName, GodotError, type GodotErrorName } from "./godot-error.js";
export { type HeaderPair, parseHeaderLines } from "./handshake-headers.js";
export { isIpAddress } from "./ip-address.js";
export { MessageRateLimiter, type MessageRateOptions, RateVerdict } from "./message-rate-limiter.js";
export { md5, md5Hex } from "./multiplayer/md5.js";
export {
  decodeMpApiConfirmPath,
  decodeMpApiRawPacket,
  decodeMpApiSimplifyPath,
  encodeMpApiConfirmPath,
  encodeMpApiRawPacket,
  encodeMpApiSimplifyPath,
  MpApiCommand,
  type MpApiSimplifyPath,
  peekMpApiCommand,
} from "./multiplayer/mp-api-packets.js";
export {
  type DecodedMpApiNodeTarget,
  type DecodedMpApiRemoteCall,
  type DecodedMpApiRemoteSet,
  decodeMpApiRemoteCall,
  decodeMpApiRemoteSet,
  encodeMpApiRemoteCall,
  encodeMpApiRemoteSet,
  type MpApiNodeTarget,
  type MpApiRemoteCall,
  type MpApiRemoteSet,
} from "./multiplayer/mp-api-remote-call.js";
export {
  buildRpcMethodTable,
  compareCodePoints,
  NATIVE_RPC_ID_FLAG,
  type RpcMethodEntry,
  type RpcMethodNames,
  type RpcMethodTable,
} from "./multiplayer/rpc-method-ids.js";
export {
  BYTE_ONLY_OR_NO_ARGS_FLAG,
  CMD_MASK,
  NAME_ID_COMPRESSION_SHIFT,
  NameIdCompression,
  NODE_ID_COMPRESSION_SHIFT,
  NODE_PATH_FLAG,
  NodeIdCompression,
  SceneCommand,
  SYS_CMD_SIZE,
  SysCommand,
} from "./multiplayer/scene-command.js";
export {
  type ConfirmPath,
  decodeConfirmPath,
  decodeRawPacket,
  decodeSimplifyPath,
  encodeConfirmPath,
  encodeRawPacket,
  encodeSimplifyPath,
  peekSceneCommand,
  type SimplifyPath,
} from "./multiplayer/scene-packets.js";
export { type DecodedRemoteCall, decodeRemoteCall, encodeRemoteCall, type RemoteCall } from "./multiplayer/scene-remote-call.js";
export {
  decodeSysPacket,
  encodeSysPacket,
  type SysAuthPacket,
  type SysPacket,
  type SysPeerPacket,
  type SysRelayPacket,
} from "./multiplayer/scene-sys.js";
export {
  type DecodedWsMpPacket,
  decodeWsMpPacket,
  encodeWsMpPacket,
  encodeWsMpSys,
  WS_MP_HEADER_SIZE,
  type WsMpPacket,
  WsMpType,
} from "./multiplayer/ws-mp-header.js";
export { MultiplayerAPI, type MultiplayerAPISignals } from "./multiplayer-api.js";
export { MultiplayerPeer, type MultiplayerPeerSignals, TargetPeer } from "./multiplayer-peer.js";
export { type NetworkHandlers, type NetworkHost, NetworkNode, type NetworkNodeOptions } from "./network-node.js";
export { OUTBOUND_FULL_CLOSE, OutboundGuard } from "./outbound-guard.js";
export { PacketPeer } from "./packet-peer.js";
export { Offer, type Packet, PacketQueue, type QueueLimits } from "./packet-queue.js";
export { getVar, getVar3, putVar, putVar3 } from "./packet-var.js";
export type { Platform } from "./platform.js";
export { callAfterNextPoll, callDeferred, isPolling } from "./poll-scope.js";
export { parseRpcConfig, type RpcConfig, type RpcConfigInput, RpcMode } from "./rpc-config.js";
export { callLocal3, canCallMode3, parseRpcMode3, RpcMode3, type RpcMode3Input } from "./rpc-mode3.js";
export { type RpcHandlers, type RpcHost, RpcNode, type RpcNodeOptions } from "./rpc-node.js";
export {
  type DataChannelOptions,
  type IceServerOptions,
  parseRtcConfiguration,
  type RtcConfigurationOptions,
  toChannelInit,
} from "./rtc-options.js";
export type {
  RtcConfigurationLike,
  RtcDataChannelInitLike,
  RtcDataChannelLike,
  RtcIceCandidateLike,
  RtcIceServerLike,
  RtcPeerConnectionLike,
  RtcPlatform,
  RtcSessionDescriptionLike,
} from "./rtc-transport.js";
export {
  CacheAdmission,
  checkCacheLimits,
  PATH_CACHE_FULL_CLOSE,
  SCENE_CACHE_DEFAULT_LIMITS,
  SceneCache,
  type SceneCacheLimits,
} from "./scene-cache.js";
export { type AuthCallback, SceneMultiplayer, type SceneMultiplayerSignals } from "./scene-multiplayer.js";
export { checkServerLimits, NO_SERVER_LIMITS, ServerLimitReason, type ServerLimits, serverLimits } from "./server-limits.js";
export { decodeCandidateData, encodeCandidateData, type IceCandidateData } from "./signaling/ice-candidate-data.js";
export { SIGNALING_ERROR_CLOSE_CODE, SignalingCloseReason } from "./signaling/signaling-close-reason.js";
export {
  decodeSignalingJson,
  encodeSignalingJson,
  parseSignalingJson,
  type SignalingJsonFields,
} from "./signaling/signaling-json.js";
export type { SignalingMessage, SignalingMessageInit } from "./signaling/signaling-message.js";
export {
  parseSignalingRequest,
  type SignalingProtocolVersion,
  type SignalingRelayType,
  type SignalingRequest,
} from "./signaling/signaling-request.js";
export {
  decodeSignalingText,
  encodeSignalingText,
  SignalingTextCommand,
  type SignalingTextParts,
  splitSignalingText,
} from "./signaling/signaling-text.js";
export { isSignalingType, SignalingType } from "./signaling/signaling-type.js";
export {
  type ChannelSpec,
  GODOT_CHANNELS,
  SignalingClient,
  type SignalingClientOptions,
  type SignalingClientSignals,
  type SignalingPeer,
} from "./signaling-client.js";
export { SignalEmitter, type SignalHandler, type SignalMap, type SignalSource } from "./signals.js";
export { chooseSubprotocol, type SubprotocolChoice } from "./subprotocol.js";
export { TLSOptions } from "./tls-options.js";
export { TransferMode } from "./transfer-mode.js";
export { generateUniqueId } from "./unique-id.js";
export { decodeUtf8Strict, getStringFromUtf8, isValidUtf8, toUtf8, utf8Length } from "./utf8.js";
export { ByteReader, toSafeNumber } from "./variant/byte-reader.js";
export { ByteWriter, padding4 } from "./variant/byte-writer.js";
export { decodeAndDecompressVariant, encodeAndCompressVariant } from "./variant/compressed-variant.js";
export { GdFloat } from "./variant/gd-float.js";
export { AABB, Color, Plane, Quat, Quaternion, Rect2, Rect2i } from "./variant/geometry.js";
export { GodotObject } from "./variant/godot-object.js";
export { Callable, ObjectId, RID, Signal } from "./variant/handles.js";
export { NodePath, StringName } from "./variant/names.js";
export {
  PackedArray,
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  PackedVector4Array,
} from "./variant/packed-arrays.js";
export { Basis, Projection, Transform, Transform2D, Transform3D } from "./variant/transforms.js";
export { ContainerType, type ContainerTypeLike, TypedArray, TypedDictionary } from "./variant/typed-containers.js";
export { DEFAULT_MAX_DEPTH, type VariantCodecOptions } from "./variant/variant-codec-options.js";
export { variantEquals } from "./variant/variant-equals.js";
export {
  VARIANT_MAX_3,
  VARIANT_MAX_4,
  VariantType3,
  type VariantType3Name,
  VariantType4,
  type VariantType4Name,
  variantTypeName3,
  variantTypeName4,
} from "./variant/variant-type.js";
export type { DecodedVariant, Variant } from "./variant/variant-value.js";
export { bytes2var, decodeVariant3, encodeVariant3, var2bytes } from "./variant/variant3.js";
export { bytesToVar, decodeVariant4, encodeVariant4, varToBytes } from "./variant/variant4.js";
export { Vector2, Vector2i, Vector3, Vector3i, Vector4, Vector4i } from "./variant/vectors.js";
export {
  ChannelState,
  DEFAULT_CHANNEL_BUFFER_BYTES,
  DEFAULT_CHANNEL_MAX_PACKETS,
  WebRTCDataChannel,
} from "./webrtc-data-channel.js";
export { WebRTCMultiplayerPeer, type WebRTCMultiplayerPeerInfo } from "./webrtc-multiplayer-peer.js";
export {
  ConnectionState,
  GatheringState,
  SignalingState,
  WebRTCPeerConnection,
  type WebRTCPeerConnectionSignals,
} from "./webrtc-peer-connection.js";
export {
  type BufferLimits,
  GODOT3_DEFAULT_LIMITS,
  GODOT4_BUFFER_DEFAULTS,
  godot3Limits,
  godot4Limits,
  nearestShift,
} from "./websocket-buffers.js";
export { WebSocketClient, type WebSocketClientSignals } from "./websocket-client.js";
export { WebSocketMultiplayerPeer } from "./websocket-multiplayer-peer.js";
export { DEFAULT_MULTIPLAYER_HANDSHAKE_TIMEOUT, WebSocketMultiplayerSettings } from "./websocket-multiplayer-settings.js";
export { WebSocketPeer } from "./websocket-peer.js";
export { WebSocketPeerProperties } from "./websocket-peer-properties.js";
export { WebSocketServer, type WebSocketServerSignals } from "./websocket-server.js";
export {
  DEFAULT_HANDSHAKE_TIMEOUT,
  type ServerListenSettings,
  WebSocketServerSettings,
} from "./websocket-server-settings.js";
export { WebSocketState, WriteMode } from "./websocket-state.js";
export type {
  AcceptedWebSocket,
  WebSocketCapabilities,
  WebSocketConnectRequest,
  WebSocketListener,
  WebSocketListenHandler,
  WebSocketListenRequest,
  WebSocketPlatform,
  WebSocketTransport,
  WebSocketTransportSink,
} from "./websocket-transport.js";
export { parseWebSocketUrl, type WebSocketUrl } from "./websocket-url.js";
export { X509Certificate } from "./x509-certificate.js";
