import { Fifo } from "./fifo.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import { type DataChannelOptions, parseRtcConfiguration, type RtcConfigurationOptions, toChannelInit } from "./rtc-options.js";
import type { RtcConfigurationLike, RtcDataChannelLike, RtcPeerConnectionLike } from "./rtc-transport.js";
import { SignalEmitter } from "./signals.js";
import { WebRTCDataChannel } from "./webrtc-data-channel.js";

/** `WebRTCPeerConnection.ConnectionState` (Godot 3 and 4). */
export const ConnectionState = {
  STATE_NEW: 0,
  STATE_CONNECTING: 1,
  STATE_CONNECTED: 2,
  STATE_DISCONNECTED: 3,
  STATE_FAILED: 4,
  STATE_CLOSED: 5,
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** `WebRTCPeerConnection.GatheringState` (Godot 4). */
export const GatheringState = { GATHERING_STATE_NEW: 0, GATHERING_STATE_GATHERING: 1, GATHERING_STATE_COMPLETE: 2 } as const;
export type GatheringState = (typeof GatheringState)[keyof typeof GatheringState];

/** `WebRTCPeerConnection.SignalingState` (Godot 4). */
export const SignalingState = {
  SIGNALING_STATE_STABLE: 0,
  SIGNALING_STATE_HAVE_LOCAL_OFFER: 1,
  SIGNALING_STATE_HAVE_REMOTE_OFFER: 2,
  SIGNALING_STATE_HAVE_LOCAL_PRANSWER: 3,
  SIGNALING_STATE_HAVE_REMOTE_PRANSWER: 4,
  SIGNALING_STATE_CLOSED: 5,
} as const;
export type SignalingState = (typeof SignalingState)[keyof typeof SignalingState];

const CONNECTION: Record<string, ConnectionState> = {
  new: 0,
  connecting: 1,
  connected: 2,
  disconnected: 3,
  failed: 4,
  closed: 5,
};
const GATHERING: Record<string, GatheringState> = { new: 0, gathering: 1, complete: 2 };
const SIGNALING: Record<string, SignalingState> = {
  stable: 0,
  "have-local-offer": 1,
  "have-remote-offer": 2,
  "have-local-pranswer": 3,
  "have-remote-pranswer": 4,
  closed: 5,
};

/** Signals of {@link WebRTCPeerConnection} (Godot's names and arguments). */
export type WebRTCPeerConnectionSignals = {
  /** An offer or answer was made: set it with `setLocalDescription(type, sdp)` and send it to the other peer. */
  session_description_created: [type: string, sdp: string];
  /** A local ICE candidate: send it to the other peer, which calls `addIceCandidate(media, index, name)`. */
  ice_candidate_created: [media: string, index: number, name: string];
  /** The other peer opened a (not negotiated) channel. */
  data_channel_received: [channel: WebRTCDataChannel];
};

type Staged =
  | { readonly kind: "description"; readonly type: string; readonly sdp: string }
  | { readonly kind: "candidate"; readonly media: string; readonly index: number; readonly name: string }
  | { readonly kind: "channel"; readonly channel: WebRTCDataChannel }
  | { readonly kind: "error"; readonly error: GdnetError };

/**
 * Godot's WebRTCPeerConnection over the W3C RTCPeerConnection (the browser's, or node-datachannel's
 * in Node). Usable right after construction with no ICE servers (Godot's implementations also
 * initialize themselves); `initialize(configuration)` starts over with a configuration.
 *
 * Offers and answers come back through `session_description_created`, candidates through
 * `ice_candidate_created`; setting a remote offer answers it automatically, as Godot does.
 * Everything is reported inside `poll()`, which also polls this connection's channels.
 */
export class WebRTCPeerConnection extends SignalEmitter<WebRTCPeerConnectionSignals> {
  static readonly STATE_NEW = 0;
  static readonly STATE_CONNECTING = 1;
  static readonly STATE_CONNECTED = 2;
  static readonly STATE_DISCONNECTED = 3;
  static readonly STATE_FAILED = 4;
  static readonly STATE_CLOSED = 5;

  readonly #platform: Platform;
  #pc: RtcPeerConnectionLike | null = null;
  #generation = 0;
  #staged = new Fifo<Staged>();
  /**
   * Local candidates held back until a description has been reported. libdatachannel starts
   * gathering the moment it makes a local description, and its first candidates can reach us before
   * the createOffer/createAnswer promise settles; the other side refuses a candidate that comes
   * before the description. (Godot's libdatachannel plugin queues both from libdatachannel's
   * callbacks, which keep that order.) Browsers gather only after setLocalDescription, so nothing is
   * ever held there. null: no description is on its way.
   */
  #held: Staged[] | null = [];
  #channels: WebRTCDataChannel[] = [];
  readonly #guard = { polling: false };
  #state: ConnectionState = ConnectionState.STATE_NEW;
  #gathering: GatheringState = GatheringState.GATHERING_STATE_NEW;
  #signaling: SignalingState = SignalingState.SIGNALING_STATE_STABLE;
  #lastError: GdnetError | null = null;
  #wake: (() => void) | null = null;

  constructor(platform: Platform) {
    super();
    this.#platform = platform;
  }

  /**
   * Starts over with `configuration` (default {}): Godot's dictionary
   * `{ iceServers: [{ urls: [...], username, credential }] }` (`url` is read as `urls`).
   */
  initialize(configuration: RtcConfigurationOptions = {}): GodotError {
    const parsed = parseRtcConfiguration(configuration);
    if (parsed instanceof GdnetError) return this.#fail(parsed);
    return this.#create(parsed);
  }

  /**
   * Creates a data channel. `options` (default {}) takes `negotiated`, `id` (required when
   * negotiated), `ordered` (default true), `maxPacketLifeTime` or `maxRetransmits` (not both) and
   * `protocol`. Returns null, with the reason in `getLastError()`, when the options are invalid.
   */
  createDataChannel(label: string, options: DataChannelOptions = {}): WebRTCDataChannel | null {
    const init = toChannelInit(options);
    if (init instanceof GdnetError) {
      this.#fail(init);
      return null;
    }
    const pc = this.#ensure();
    if (!pc) return null;
    let raw: RtcDataChannelLike;
    try {
      raw = pc.createDataChannel(String(label), init);
    } catch (cause) {
      this.#fail(new GdnetError("ERR_INVALID_PARAMETER", `createDataChannel("${label}") failed: ${String(cause)}`, { cause }));
      return null;
    }
    return this.#adopt(raw);
  }

  /** Makes an offer; `session_description_created("offer", sdp)` follows in a later poll. */
  createOffer(): GodotError {
    const pc = this.#ensure();
    if (!pc) return GodotError.ERR_UNAVAILABLE;
    const generation = this.#generation;
    this.#describe();
    pc.createOffer().then(
      (offer) => this.#described(generation, { kind: "description", type: offer.type, sdp: offer.sdp ?? "" }),
      (cause) => this.#described(generation, stagedError("createOffer", cause)),
    );
    return GodotError.OK;
  }

  /** Sets the local offer or answer (the one `session_description_created` gave). */
  setLocalDescription(type: string, sdp: string): GodotError {
    const pc = this.#ensure();
    if (!pc) return GodotError.ERR_UNAVAILABLE;
    const generation = this.#generation;
    pc.setLocalDescription({ type, sdp }).catch((cause) => this.#stageError(generation, "setLocalDescription", cause));
    return GodotError.OK;
  }

  /** Sets the other peer's offer or answer; an offer is answered automatically (`session_description_created("answer", sdp)`). */
  setRemoteDescription(type: string, sdp: string): GodotError {
    const pc = this.#ensure();
    if (!pc) return GodotError.ERR_UNAVAILABLE;
    const generation = this.#generation;
    if (type !== "offer") {
      pc.setRemoteDescription({ type, sdp }).catch((cause) => this.#stageError(generation, "setRemoteDescription", cause));
      return GodotError.OK;
    }
    this.#describe();
    pc.setRemoteDescription({ type, sdp })
      .then(() => pc.createAnswer())
      .then(
        (answer) => this.#described(generation, { kind: "description", type: answer.type, sdp: answer.sdp ?? "" }),
        (cause) => this.#described(generation, stagedError("setRemoteDescription", cause)),
      );
    return GodotError.OK;
  }

  /** Adds the other peer's ICE candidate (`media` = sdpMid, `index` = sdpMLineIndex, `name` = the candidate). */
  addIceCandidate(media: string, index: number, name: string): GodotError {
    const pc = this.#ensure();
    if (!pc) return GodotError.ERR_UNAVAILABLE;
    const generation = this.#generation;
    pc.addIceCandidate({ candidate: name, sdpMid: media, sdpMLineIndex: index }).catch((cause) =>
      this.#stageError(generation, "addIceCandidate", cause),
    );
    return GodotError.OK;
  }

  /** Emits what happened since the last poll, updates the states, and polls every channel. */
  poll(): void {
    runPoll(this.#guard, () => {
      for (let item = this.#staged.shift(); item !== undefined; item = this.#staged.shift()) {
        if (item.kind === "description") this.emitSignal("session_description_created", item.type, item.sdp);
        else if (item.kind === "candidate") this.emitSignal("ice_candidate_created", item.media, item.index, item.name);
        else if (item.kind === "channel") this.emitSignal("data_channel_received", item.channel);
        else this.#fail(item.error);
      }
      const pc = this.#pc;
      if (pc) {
        this.#state = CONNECTION[pc.connectionState] ?? this.#state;
        this.#gathering = GATHERING[pc.iceGatheringState] ?? this.#gathering;
        this.#signaling = SIGNALING[pc.signalingState] ?? this.#signaling;
      }
      for (const channel of this.#channels) channel._reveal();
    });
  }

  /** Closes the connection and its channels (STATE_CLOSED). */
  close(): void {
    this.#generation++;
    this.#pc?.close();
    this.#pc = null;
    for (const channel of this.#channels) channel._reveal();
    this.#state = ConnectionState.STATE_CLOSED;
    this.#signaling = SignalingState.SIGNALING_STATE_CLOSED;
  }

  getConnectionState(): ConnectionState {
    return this.#state;
  }

  getGatheringState(): GatheringState {
    return this.#gathering;
  }

  getSignalingState(): SignalingState {
    return this.#signaling;
  }

  /** The explanation of the last failure, or null. */
  getLastError(): GdnetError | null {
    return this.#lastError;
  }

  /** The channels made or received on this connection (not Godot API; handy for bookkeeping). */
  getDataChannels(): WebRTCDataChannel[] {
    return [...this.#channels];
  }

  /** See PacketPeer.setWakeHandler: lets `autoPoll` poll on activity. */
  setWakeHandler(handler: (() => void) | null): void {
    this.#wake = handler;
  }

  #ensure(): RtcPeerConnectionLike | null {
    if (this.#pc) return this.#pc;
    if (this.#state === ConnectionState.STATE_CLOSED) {
      this.#fail(new GdnetError("ERR_UNCONFIGURED", "This WebRTCPeerConnection is closed: call initialize() to start over."));
      return null;
    }
    return this.#create({ iceServers: [] }) === GodotError.OK ? this.#pc : null;
  }

  #create(configuration: RtcConfigurationLike): GodotError {
    const rtc = this.#platform.rtc;
    if (!rtc) {
      return this.#fail(new GdnetError("ERR_UNAVAILABLE", `WebRTC is not available in the ${this.#platform.name}.`));
    }
    this.#generation++;
    this.#pc?.close();
    let pc: RtcPeerConnectionLike;
    try {
      pc = rtc.createPeerConnection(configuration);
    } catch (cause) {
      const error =
        cause instanceof GdnetError
          ? cause
          : new GdnetError("ERR_CANT_CREATE", `Cannot create an RTCPeerConnection: ${String(cause)}`, { cause });
      return this.#fail(error);
    }
    const generation = this.#generation;
    this.#pc = pc;
    this.#staged = new Fifo();
    this.#held = [];
    this.#channels = [];
    this.#state = ConnectionState.STATE_NEW;
    this.#gathering = GatheringState.GATHERING_STATE_NEW;
    this.#signaling = SignalingState.SIGNALING_STATE_STABLE;
    pc.onicecandidate = (event) => {
      const candidate = event.candidate;
      if (!candidate?.candidate) return;
      // node-datachannel prefixes its candidates with the SDP attribute "a="; browsers want the
      // bare "candidate:..." form, so that is what goes to the other side.
      const name = candidate.candidate.startsWith("a=") ? candidate.candidate.slice(2) : candidate.candidate;
      if (generation !== this.#generation) return;
      const item: Staged = { kind: "candidate", media: candidate.sdpMid ?? "0", index: candidate.sdpMLineIndex ?? 0, name };
      if (this.#held) this.#held.push(item);
      else this.#stage(generation, item);
    };
    pc.ondatachannel = (event) => {
      if (this.#generation === generation) this.#stage(generation, { kind: "channel", channel: this.#adopt(event.channel) });
    };
    pc.onconnectionstatechange = () => this.#wake?.();
    return GodotError.OK;
  }

  #adopt(raw: RtcDataChannelLike): WebRTCDataChannel {
    const channel = new WebRTCDataChannel(this.#platform);
    channel._attach(raw);
    channel.setWakeHandler(() => this.#wake?.());
    this.#channels.push(channel);
    return channel;
  }

  #stage(generation: number, item: Staged): void {
    if (generation !== this.#generation) return;
    this.#staged.push(item);
    this.#wake?.();
  }

  #stageError(generation: number, what: string, cause: unknown): void {
    this.#stage(generation, stagedError(what, cause));
  }

  /** An offer or answer is on its way: hold local candidates until it is reported. */
  #describe(): void {
    this.#held ??= [];
  }

  /** Reports the offer or answer (or why there is none), then the candidates held for it. */
  #described(generation: number, item: Staged): void {
    if (generation !== this.#generation) return;
    this.#stage(generation, item);
    // Released on every report, so a description that never settles cannot hold later ones back.
    for (const candidate of this.#held ?? []) this.#stage(generation, candidate);
    this.#held = null;
  }

  #fail(error: GdnetError): GodotError {
    this.#lastError = error;
    this.#platform.printError(error, this);
    return error.error;
  }
}

function stagedError(what: string, cause: unknown): Staged {
  const message = cause instanceof Error ? cause.message : String(cause);
  return { kind: "error", error: new GdnetError("ERR_INVALID_PARAMETER", `${what} failed: ${message}`, { cause }) };
}
