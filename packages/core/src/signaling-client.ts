import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import type { DataChannelOptions, IceServerOptions } from "./rtc-options.js";
import { decodeCandidateData, encodeCandidateData } from "./signaling/ice-candidate-data.js";
import { decodeSignalingJson, encodeSignalingJson } from "./signaling/signaling-json.js";
import type { SignalingMessage, SignalingMessageInit } from "./signaling/signaling-message.js";
import { decodeSignalingText, encodeSignalingText } from "./signaling/signaling-text.js";
import { SignalingType } from "./signaling/signaling-type.js";
import { SignalEmitter } from "./signals.js";
import type { TransferMode } from "./transfer-mode.js";
import { getStringFromUtf8 } from "./utf8.js";
import { ChannelState, type WebRTCDataChannel } from "./webrtc-data-channel.js";
import type { WebRTCMultiplayerPeer } from "./webrtc-multiplayer-peer.js";
import { ConnectionState, WebRTCPeerConnection } from "./webrtc-peer-connection.js";
import { WebSocketPeer } from "./websocket-peer.js";
import { WebSocketState } from "./websocket-state.js";

/** A channel every connection gets (negotiated: both sides make it with the same id). */
export interface ChannelSpec {
  readonly label: string;
  readonly options: DataChannelOptions & { negotiated: true; id: number };
}

/**
 * Godot's WebRTCMultiplayerPeer channels (godot-protocols.md 5.1): 1 reliable, 2 unreliable
 * ordered, 3 unreliable. gdnet spells the lifetime as browsers read it (Godot's misspelling makes
 * its own "unreliable" channels reliable); reliability is per sender, so both stay compatible.
 */
export const GODOT_CHANNELS: readonly ChannelSpec[] = [
  { label: "reliable", options: { negotiated: true, id: 1, ordered: true } },
  { label: "ordered", options: { negotiated: true, id: 2, ordered: true, maxPacketLifeTime: 1 } },
  { label: "unreliable", options: { negotiated: true, id: 3, ordered: false, maxPacketLifeTime: 1 } },
];

/** Options of {@link SignalingClient}. */
export interface SignalingClientOptions {
  /** The demo protocol's Godot version: 4 (JSON, the default) or 3 (the 3.2 text protocol). */
  protocol?: 3 | 4;
  /** ICE servers of every connection (default []: host candidates only, enough on one network). */
  iceServers?: IceServerOptions[];
  /** Channels made on every connection (default {@link GODOT_CHANNELS}); not used with `multiplayer`. */
  channels?: readonly ChannelSpec[];
  /**
   * Wire the lobby into this WebRTCMultiplayerPeer, as Godot's demo does: on our id it becomes a
   * mesh member (mesh lobby), the server (id 1) or a client, and each announced peer is added to
   * it (it makes the channels). Use it as a SceneMultiplayer's `multiplayerPeer`. Default none.
   */
  multiplayer?: WebRTCMultiplayerPeer;
  /**
   * With `multiplayer`: the extra channels (Godot's `channels_config`) it is created with, which
   * must be the same on every peer of the game (an RPC or `send_bytes` on channel 1 and up needs
   * them). Default []: Godot's three channels only.
   */
  channelsConfig?: readonly TransferMode[];
}

/** One remote peer of the lobby. */
export interface SignalingPeer {
  readonly id: number;
  readonly connection: WebRTCPeerConnection;
  readonly channels: readonly WebRTCDataChannel[];
  /** The connection is up and every channel is open. */
  readonly connected: boolean;
}

/** Signals of {@link SignalingClient} (the demo client's names where it has them). */
export type SignalingClientSignals = {
  /** The server gave us our id (1 when we host the lobby) and said whether the lobby is a mesh. */
  connected: [id: number, mesh: boolean];
  /** The lobby is joined; its name is what others join with. */
  lobby_joined: [lobby: string];
  /** The host sealed the lobby: no one else may join. */
  lobby_sealed: [];
  /** The signaling connection closed (the server's close code and reason). */
  disconnected: [code: number, reason: string];
  /** A connection to peer `id` was made (its channels exist, nothing is open yet). */
  peer_added: [id: number];
  /** The connection to `id` is up and all its channels are open. */
  peer_connected: [id: number];
  /** Peer `id` left the lobby or its connection failed. */
  peer_disconnected: [id: number];
};

type PeerEntry = { id: number; connection: WebRTCPeerConnection; channels: WebRTCDataChannel[]; connected: boolean };

/**
 * A client of Godot's webrtc_signaling demo server (and of `gdnet signaling`): joins or creates a
 * lobby and makes a WebRTCPeerConnection, with its channels, for each announced peer, following
 * the demo's offerer rule for the chosen version (4.x: the peer with the larger id offers, so the
 * host never does; 3.2: the smaller id offers).
 */
export class SignalingClient extends SignalEmitter<SignalingClientSignals> {
  readonly #platform: Platform;
  readonly #socket: WebSocketPeer;
  readonly #protocol: 3 | 4;
  readonly #iceServers: IceServerOptions[];
  readonly #channels: readonly ChannelSpec[];
  readonly #multiplayer: WebRTCMultiplayerPeer | null;
  readonly #channelsConfig: readonly TransferMode[];
  readonly #peers = new Map<number, PeerEntry>();
  readonly #guard = { polling: false };
  #id = 0;
  #mesh = true;
  #lobby = "";
  #join: { lobby: string; mesh: boolean } | null = null;
  #wasOpen = false;
  #lastError: GdnetError | null = null;
  #wake: (() => void) | null = null;

  constructor(platform: Platform, options: SignalingClientOptions = {}) {
    super();
    this.#platform = platform;
    this.#socket = new WebSocketPeer(platform);
    this.#protocol = options.protocol ?? 4;
    this.#iceServers = options.iceServers ?? [];
    this.#channels = options.channels ?? GODOT_CHANNELS;
    this.#multiplayer = options.multiplayer ?? null;
    this.#channelsConfig = [...(options.channelsConfig ?? [])];
  }

  /**
   * Connects to the signaling server at `url` and joins `lobby`, or creates a lobby when it is
   * "" (the default). `mesh` (default true) picks a mesh lobby or a client/server one when creating
   * (the 3.2 protocol has mesh lobbies only).
   */
  joinLobby(url: string, lobby = "", mesh = true): GodotError {
    const error = this.#socket.connectToUrl(url);
    if (error !== GodotError.OK) return this.#fail(this.#socket.getLastError() ?? new GdnetError("FAILED", "connect failed"));
    this.#join = { lobby, mesh };
    return GodotError.OK;
  }

  /** Seals the lobby (host only): others can no longer join, and the server closes it soon after. */
  seal(): GodotError {
    if (this.#id !== 1) return this.#fail(new GdnetError("ERR_UNAUTHORIZED", "Only the lobby's host (id 1) can seal it."));
    return this.#send({ type: SignalingType.SEAL, id: 0 });
  }

  /** Leaves: closes the signaling socket and every peer connection. */
  close(): void {
    this.#socket.close();
    for (const peer of this.#peers.values()) peer.connection.close();
    this.#peers.clear();
  }

  /** Processes signaling messages and polls every peer connection and channel. */
  poll(): void {
    runPoll(this.#guard, () => {
      this.#socket.poll();
      const state = this.#socket.getReadyState();
      if (state === WebSocketState.STATE_OPEN && this.#join) {
        const { lobby, mesh } = this.#join;
        this.#join = null;
        this.#wasOpen = true;
        this.#send({ type: SignalingType.JOIN, id: mesh ? 0 : 1, data: lobby });
      }
      while (this.#socket.getAvailablePacketCount() > 0) this.#handle(this.#socket.getPacket());
      for (const peer of [...this.#peers.values()]) this.#pollPeer(peer);
      if (state === WebSocketState.STATE_CLOSED && (this.#wasOpen || this.#join)) {
        this.#wasOpen = false;
        this.#join = null;
        this.emitSignal("disconnected", this.#socket.getCloseCode(), this.#socket.getCloseReason());
      }
    });
  }

  /** Our id in the lobby (0 before the server sent it). */
  getUniqueId(): number {
    return this.#id;
  }

  isMesh(): boolean {
    return this.#mesh;
  }

  /** The lobby's name (once `lobby_joined` fired). */
  getLobby(): string {
    return this.#lobby;
  }

  getPeerIds(): number[] {
    return [...this.#peers.keys()];
  }

  getPeer(id: number): SignalingPeer | null {
    return this.#peers.get(id) ?? null;
  }

  getLastError(): GdnetError | null {
    return this.#lastError;
  }

  /** See PacketPeer.setWakeHandler: lets `autoPoll` poll as soon as a message or packet arrives. */
  setWakeHandler(handler: (() => void) | null): void {
    this.#wake = handler;
    this.#socket.setWakeHandler(handler);
    for (const peer of this.#peers.values()) peer.connection.setWakeHandler(handler);
  }

  #handle(bytes: Uint8Array): void {
    const text = getStringFromUtf8(bytes);
    const message = this.#protocol === 4 ? decodeSignalingJson(text) : decodeSignalingText(text);
    // The demo client drops what it cannot parse; so do we (it is printed).
    if (message instanceof GdnetError) {
      this.#fail(message);
      return;
    }
    this.#dispatch(message);
  }

  #dispatch(message: SignalingMessage): void {
    switch (message.type) {
      case SignalingType.ID:
        this.#id = message.id;
        this.#mesh = this.#protocol === 3 || message.data === "true";
        if (this.#multiplayer) {
          const mp = this.#multiplayer;
          const extra = this.#channelsConfig;
          const error = this.#mesh
            ? mp.createMesh(this.#id, extra)
            : this.#id === 1
              ? mp.createServer(extra)
              : mp.createClient(this.#id, extra);
          if (error !== GodotError.OK)
            this.#fail(mp.getLastError() ?? new GdnetError("FAILED", "The multiplayer peer refused the id."));
        }
        this.emitSignal("connected", this.#id, this.#mesh);
        return;
      case SignalingType.JOIN:
        this.#lobby = message.data;
        this.emitSignal("lobby_joined", message.data);
        return;
      case SignalingType.PEER_CONNECT:
        this.#addPeer(message.id);
        return;
      case SignalingType.PEER_DISCONNECT:
        this.#removePeer(message.id);
        return;
      case SignalingType.OFFER:
        this.#peers.get(message.id)?.connection.setRemoteDescription("offer", message.data);
        return;
      case SignalingType.ANSWER:
        this.#peers.get(message.id)?.connection.setRemoteDescription("answer", message.data);
        return;
      case SignalingType.CANDIDATE: {
        const candidate = decodeCandidateData(message.data);
        if (candidate instanceof GdnetError) this.#fail(candidate);
        else this.#peers.get(message.id)?.connection.addIceCandidate(candidate.mid, candidate.index, candidate.candidate);
        return;
      }
      case SignalingType.SEAL:
        this.emitSignal("lobby_sealed");
        return;
    }
  }

  #addPeer(id: number): void {
    if (this.#peers.has(id) || id === this.#id) return;
    // In a client/server lobby clients only connect to the host (the Node demo server still
    // announces everyone; Godot's client then fails add_peer for them, harmlessly).
    if (!this.#mesh && this.#id !== 1 && id !== 1) return;
    const connection = new WebRTCPeerConnection(this.#platform);
    connection.initialize({ iceServers: this.#iceServers });
    connection.setWakeHandler(this.#wake);
    const channels: WebRTCDataChannel[] = [];
    if (this.#multiplayer) {
      if (this.#multiplayer.addPeer(connection, id) !== GodotError.OK) {
        connection.close();
        return;
      }
      channels.push(...(this.#multiplayer.getPeer(id)?.channels ?? []));
    } else {
      for (const spec of this.#channels) {
        const channel = connection.createDataChannel(spec.label, spec.options);
        if (channel) channels.push(channel);
      }
    }
    connection.on("session_description_created", (type, sdp) => {
      connection.setLocalDescription(type, sdp);
      this.#send({ type: type === "offer" ? SignalingType.OFFER : SignalingType.ANSWER, id, data: sdp });
    });
    connection.on("ice_candidate_created", (media, index, name) => {
      this.#send({ type: SignalingType.CANDIDATE, id, data: encodeCandidateData(media, index, name) });
    });
    this.#peers.set(id, { id, connection, channels, connected: false });
    this.emitSignal("peer_added", id);
    const offers = this.#protocol === 4 ? id < this.#id : id > this.#id;
    if (offers) connection.createOffer();
  }

  #pollPeer(peer: PeerEntry): void {
    // With a multiplayer peer, it polls the connection (and takes the packets).
    if (!this.#multiplayer) peer.connection.poll();
    const state = peer.connection.getConnectionState();
    const up =
      state === ConnectionState.STATE_CONNECTED && peer.channels.every((c) => c.getReadyState() === ChannelState.STATE_OPEN);
    if (up && !peer.connected) {
      peer.connected = true;
      this.emitSignal("peer_connected", peer.id);
    } else if (state >= ConnectionState.STATE_DISCONNECTED || (peer.connected && !up)) {
      // As Godot's WebRTCMultiplayerPeer: a connection that drops or fails, or a channel that
      // closes, takes the peer away.
      this.#removePeer(peer.id);
    }
  }

  #removePeer(id: number): void {
    const peer = this.#peers.get(id);
    if (!peer) return;
    this.#peers.delete(id);
    peer.connection.close();
    this.#multiplayer?.removePeer(id);
    this.emitSignal("peer_disconnected", id);
  }

  #send(message: SignalingMessageInit): GodotError {
    const text = this.#protocol === 4 ? encodeSignalingJson(message) : encodeSignalingText(message);
    const error = this.#socket.sendText(text);
    return error === GodotError.OK ? error : this.#fail(this.#socket.getLastError() ?? new GdnetError("FAILED", "send failed"));
  }

  #fail(error: GdnetError): GodotError {
    this.#lastError = error;
    this.#platform.printError(error, this);
    return error.error;
  }
}
