import { ConnectionStatus } from "./connection-status.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { MultiplayerPeer } from "./multiplayer-peer.js";
import type { Platform } from "./platform.js";
import { runPoll } from "./poll-scope.js";
import type { DataChannelOptions } from "./rtc-options.js";
import { TransferMode } from "./transfer-mode.js";
import { ChannelState, type WebRTCDataChannel } from "./webrtc-data-channel.js";
import { ConnectionState, WebRTCPeerConnection } from "./webrtc-peer-connection.js";

/** One peer of a {@link WebRTCMultiplayerPeer} (Godot's `get_peer(id)` dictionary). */
export interface WebRTCMultiplayerPeerInfo {
  readonly connection: WebRTCPeerConnection;
  readonly channels: readonly WebRTCDataChannel[];
  /** The connection is up and every channel is open. */
  readonly connected: boolean;
}

type Entry = { connection: WebRTCPeerConnection; channels: WebRTCDataChannel[]; modes: TransferMode[]; connected: boolean };

const DEFAULT_MODES: readonly TransferMode[] = [
  TransferMode.TRANSFER_MODE_RELIABLE,
  TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED,
  TransferMode.TRANSFER_MODE_UNRELIABLE,
];

/**
 * Godot 4's WebRTCMultiplayerPeer (godot-protocols.md 5): a multiplayer peer over one
 * WebRTCPeerConnection per remote peer, each with negotiated channels 1 (reliable), 2 (unreliable
 * ordered) and 3 (unreliable), plus 4+ from `channelsConfig`. A peer counts as connected once its
 * connection is up and every channel is open. Server and client modes let SceneMultiplayer relay
 * through the server; a mesh does not.
 *
 * Godot spells the lifetime option `maxPacketLifetime`, which browsers ignore, so its
 * "unreliable" channels are in fact reliable; gdnet spells it as browsers read it. Reliability is
 * decided by the sender, so both still interoperate.
 */
export class WebRTCMultiplayerPeer extends MultiplayerPeer {
  readonly #guard = { polling: false };
  #mode: "none" | "server" | "client" | "mesh" = "none";
  #id = 0;
  #channelsConfig: TransferMode[] = [];
  readonly #peers = new Map<number, Entry>();
  #serverLost = false;
  #next = 0;

  constructor(platform: Platform) {
    super(platform);
  }

  /** Becomes the server (id 1). `channelsConfig` (default []) adds one channel per transfer mode listed. */
  createServer(channelsConfig: readonly TransferMode[] = []): GodotError {
    return this.#init("server", 1, channelsConfig);
  }

  /** Becomes client `peerId`; CONNECTING until the server (peer 1) is connected. */
  createClient(peerId: number, channelsConfig: readonly TransferMode[] = []): GodotError {
    if (!Number.isInteger(peerId) || peerId < 2 || peerId > 0x7fffffff) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `A client id must be from 2 to 2^31 - 1, got ${String(peerId)}.`));
    }
    return this.#init("client", peerId, channelsConfig);
  }

  /** Becomes mesh member `peerId` (every pair connects directly, no relay). */
  createMesh(peerId: number, channelsConfig: readonly TransferMode[] = []): GodotError {
    if (!Number.isInteger(peerId) || peerId < 1 || peerId > 0x7fffffff) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `A mesh id must be from 1 to 2^31 - 1, got ${String(peerId)}.`));
    }
    return this.#init("mesh", peerId, channelsConfig);
  }

  /**
   * Adds peer `peerId` reached through `connection`, which must be new (its channels are created
   * before the offer). `unreliableLifetime` (default 1 ms) is the lifetime of channels 2 and 3.
   */
  addPeer(connection: WebRTCPeerConnection, peerId: number, unreliableLifetime = 1): GodotError {
    if (this.#mode === "none")
      return this.fail(new GdnetError("ERR_UNCONFIGURED", "Call createServer, createClient or createMesh first."));
    if (!(connection instanceof WebRTCPeerConnection))
      throw new GdnetError("ERR_TYPE", "addPeer expects a WebRTCPeerConnection.");
    if (!Number.isInteger(peerId) || peerId < 1 || peerId > 0x7fffffff || peerId === this.#id) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `Invalid peer id ${String(peerId)}.`));
    }
    if (this.#mode === "client" && peerId !== 1)
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "A client can only add the server, peer 1."));
    if (this.#mode === "server" && peerId === 1)
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "A server cannot add peer 1: that is itself."));
    if (this.isRefusingNewConnections()) return this.fail(new GdnetError("ERR_UNAUTHORIZED", "Refusing new connections."));
    if (this.#peers.has(peerId)) return this.fail(new GdnetError("ERR_ALREADY_EXISTS", `Peer ${peerId} was already added.`));
    if (connection.getConnectionState() !== ConnectionState.STATE_NEW) {
      return this.fail(
        new GdnetError(
          "ERR_INVALID_PARAMETER",
          "addPeer needs a new connection (before the offer), so both sides make the same channels.",
        ),
      );
    }
    const modes = [...DEFAULT_MODES, ...this.#channelsConfig];
    const channels: WebRTCDataChannel[] = [];
    for (const [index, mode] of modes.entries()) {
      const channel = connection.createDataChannel(
        LABELS[index] ?? String(index + 1),
        channelOptions(index, mode, unreliableLifetime),
      );
      if (!channel) return this.fail(connection.getLastError() ?? new GdnetError("FAILED", "createDataChannel failed."));
      channels.push(channel);
    }
    this.#peers.set(peerId, { connection, channels, modes, connected: false });
    connection.setWakeHandler(() => this.wake());
    return GodotError.OK;
  }

  /** Closes and forgets peer `peerId`. */
  removePeer(peerId: number): void {
    const entry = this.#peers.get(peerId);
    if (!entry) return;
    this.#peers.delete(peerId);
    entry.connection.close();
    if (entry.connected) this.emitSignal("peer_disconnected", peerId);
    // Godot's remove_peer leaves a client whose server never connected CONNECTING for good;
    // DISCONNECTED lets SceneMultiplayer report connection_failed instead of waiting forever.
    if (this.#mode === "client" && peerId === 1) this.#serverLost = true;
  }

  hasPeer(peerId: number): boolean {
    return this.#peers.has(peerId);
  }

  getPeer(peerId: number): WebRTCMultiplayerPeerInfo | null {
    const entry = this.#peers.get(peerId);
    return entry ? { connection: entry.connection, channels: entry.channels, connected: entry.connected } : null;
  }

  /** Every added peer by id. */
  getPeers(): Record<number, WebRTCMultiplayerPeerInfo> {
    const all: Record<number, WebRTCMultiplayerPeerInfo> = {};
    for (const id of this.#peers.keys()) all[id] = this.getPeer(id) as WebRTCMultiplayerPeerInfo;
    return all;
  }

  getUniqueId(): number {
    return this.#id;
  }

  getConnectionStatus(): ConnectionStatus {
    if (this.#mode === "none" || this.#serverLost) return ConnectionStatus.CONNECTION_DISCONNECTED;
    if (this.#mode === "client" && !this.#peers.get(1)?.connected) return ConnectionStatus.CONNECTION_CONNECTING;
    return ConnectionStatus.CONNECTION_CONNECTED;
  }

  isServerRelaySupported(): boolean {
    return this.#mode === "server" || this.#mode === "client";
  }

  /** Polls every connection; emits peer_connected once a peer's channels are all open, and takes in packets. */
  poll(): void {
    runPoll(this.#guard, () => {
      for (const [id, entry] of [...this.#peers]) {
        entry.connection.poll();
        const state = entry.connection.getConnectionState();
        if (state < ConnectionState.STATE_CONNECTED) continue;
        // As in Godot's WebRTCMultiplayerPeer::poll, a closing channel drops the peer even before it
        // was reported: removePeer then stays silent, since peer_connected never went out (but a
        // client that loses its server this way reads CONNECTION_DISCONNECTED; see removePeer).
        // https://github.com/godotengine/godot/blob/4.5-stable/modules/webrtc/webrtc_multiplayer_peer.cpp
        let open = 0;
        let closing = false;
        for (const channel of entry.channels) {
          const ready = channel.getReadyState();
          if (ready === ChannelState.STATE_OPEN) open++;
          else if (ready > ChannelState.STATE_OPEN) closing = true;
        }
        if (state > ConnectionState.STATE_CONNECTED || closing) {
          this.removePeer(id);
        } else if (!entry.connected && open === entry.channels.length) {
          entry.connected = true;
          this.emitSignal("peer_connected", id);
        }
      }
      this.#receive();
    });
  }

  /** Closes peer `id`'s connection and forgets it (with or without `force`, WebRTC has no closing handshake to wait for). */
  disconnectPeer(id: number, _force = false): void {
    if (!this.#peers.has(id)) {
      this.fail(new GdnetError("ERR_DOES_NOT_EXIST", `No peer with id ${id}.`));
      return;
    }
    this.removePeer(id);
  }

  close(): void {
    for (const entry of this.#peers.values()) entry.connection.close();
    this.#peers.clear();
    this.#mode = "none";
    this.#id = 0;
    this.#serverLost = false;
  }

  protected send(bytes: Uint8Array, target: number, mode: TransferMode, channel: number): GodotError {
    const index = channel === 0 ? DEFAULT_MODES.indexOf(mode) : channel + 2;
    if (target > 0) {
      const entry = this.#peers.get(target);
      if (!entry?.connected) return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `Peer ${target} is not connected.`));
      return this.#sendOn(entry, index, bytes);
    }
    let result: GodotError = GodotError.OK;
    for (const [id, entry] of this.#peers) {
      if (!entry.connected || !MultiplayerPeer.targets(target, id)) continue;
      const error = this.#sendOn(entry, index, bytes);
      if (error !== GodotError.OK) result = error;
    }
    return result;
  }

  #sendOn(entry: Entry, index: number, bytes: Uint8Array): GodotError {
    const channel = entry.channels[index];
    if (!channel)
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", `No channel ${index - 2}: add it with channelsConfig.`));
    const error = channel.putPacket(bytes);
    if (error !== GodotError.OK) {
      const cause = channel.getLastError();
      if (cause) this.recordError(cause);
    }
    return error;
  }

  /** Takes packets round-robin across peers, each peer's channels in list order (as Godot does). */
  #receive(): void {
    const ids = [...this.#peers.keys()];
    if (ids.length === 0) return;
    for (let turn = 0; turn < ids.length; turn++) {
      const id = ids[(this.#next + turn) % ids.length] as number;
      const entry = this.#peers.get(id);
      if (!entry?.connected) continue;
      for (const [index, channel] of entry.channels.entries()) {
        while (channel.getAvailablePacketCount() > 0 && !this.inbox.isFull()) {
          const data = channel.getPacket();
          this.receive(
            id,
            data,
            channel.wasStringPacket(),
            index < 3 ? 0 : index - 2,
            entry.modes[index] ?? TransferMode.TRANSFER_MODE_RELIABLE,
          );
        }
      }
    }
    this.#next = (this.#next + 1) % ids.length;
  }

  #init(mode: "server" | "client" | "mesh", id: number, channelsConfig: readonly TransferMode[]): GodotError {
    if (this.#mode !== "none") return this.fail(new GdnetError("ERR_ALREADY_IN_USE", "Already created: close() first."));
    if (!Array.isArray(channelsConfig) || channelsConfig.some((m) => m !== 0 && m !== 1 && m !== 2)) {
      return this.fail(new GdnetError("ERR_INVALID_PARAMETER", "channelsConfig must be an array of TransferMode values."));
    }
    this.#mode = mode;
    this.#id = id;
    this.#channelsConfig = [...channelsConfig];
    this.#serverLost = false;
    return GodotError.OK;
  }
}

const LABELS = ["reliable", "ordered", "unreliable"];

/** Options of list entry `index` (godot-protocols.md 5.1): ids 1, 2, 3, then 4 + k for extra channel k. */
function channelOptions(index: number, mode: TransferMode, lifetime: number): DataChannelOptions {
  const options: DataChannelOptions = {
    negotiated: true,
    id: index + 1,
    ordered: mode !== TransferMode.TRANSFER_MODE_UNRELIABLE,
  };
  if (mode !== TransferMode.TRANSFER_MODE_RELIABLE) options.maxPacketLifeTime = index < 3 ? lifetime : 1;
  return options;
}
