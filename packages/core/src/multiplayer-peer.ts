import { asBytes, type BytesLike, NO_PACKET } from "./bytes.js";
import { ConnectionStatus } from "./connection-status.js";
import { GdnetError } from "./gdnet-error.js";
import { GodotError } from "./godot-error.js";
import { PacketPeer } from "./packet-peer.js";
import { type Packet, PacketQueue } from "./packet-queue.js";
import type { Platform } from "./platform.js";
import { SignalEmitter, type SignalHandler, type SignalMap, type SignalSource } from "./signals.js";
import { TransferMode } from "./transfer-mode.js";
import { generateUniqueId } from "./unique-id.js";

/** Signals every {@link MultiplayerPeer} has (Godot's names). */
export type MultiplayerPeerSignals = {
  peer_connected: [id: number];
  peer_disconnected: [id: number];
};

/** A multiplayer peer's signals: its own `S` and the ones every MultiplayerPeer has. */
type PeerSignals<S extends SignalMap> = S & MultiplayerPeerSignals;

/** `MultiplayerPeer.TARGET_PEER_BROADCAST` / `TARGET_PEER_SERVER`. */
export const TargetPeer = { TARGET_PEER_BROADCAST: 0, TARGET_PEER_SERVER: 1 } as const;

/**
 * Godot's MultiplayerPeer contract (design layer 5): a packet peer that talks to several peers,
 * each with an id (1 is the server), with a target for outgoing packets (0 everyone, 1 the
 * server, -N everyone but N), a transfer mode and channel, and peer_connected/peer_disconnected.
 * Subclasses move packets from their transports into the queue, tagged with sender, channel and
 * mode, and send what `putPacket` gives them.
 */
export abstract class MultiplayerPeer<S extends SignalMap = MultiplayerPeerSignals>
  extends PacketPeer
  implements SignalSource<PeerSignals<S>>
{
  static readonly TARGET_PEER_BROADCAST = 0;
  static readonly TARGET_PEER_SERVER = 1;
  static readonly CONNECTION_DISCONNECTED = 0;
  static readonly CONNECTION_CONNECTING = 1;
  static readonly CONNECTION_CONNECTED = 2;
  static readonly TRANSFER_MODE_UNRELIABLE = 0;
  static readonly TRANSFER_MODE_UNRELIABLE_ORDERED = 1;
  static readonly TRANSFER_MODE_RELIABLE = 2;

  /** Received packets, tagged with sender, channel and mode. */
  protected readonly inbox: PacketQueue = new PacketQueue({ maxPackets: 1 << 16, maxBytes: 64 << 20 });
  #targetPeer = 0;
  #transferMode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE;
  #transferChannel = 0;
  #refuse = false;
  #lastPacket: Packet | null = null;
  // Signals by delegation, since a class has one base: PacketPeer has none (packet-peer.ts).
  readonly #signals = new SignalEmitter<PeerSignals<S>>();

  constructor(platform: Platform) {
    super(platform);
  }

  // --- signals (SignalEmitter's API, see signals.ts) ---

  /** Calls `handler` every time `name` is emitted. Adding the same handler twice has no effect. */
  on<K extends keyof PeerSignals<S>>(name: K, handler: SignalHandler<PeerSignals<S>, K>): this {
    this.#signals.on(name, handler);
    return this;
  }

  /** Calls `handler` the next time `name` is emitted, then forgets it. */
  once<K extends keyof PeerSignals<S>>(name: K, handler: SignalHandler<PeerSignals<S>, K>): this {
    this.#signals.once(name, handler);
    return this;
  }

  /** Removes `handler` from `name`; without a handler, removes every handler of `name`. */
  off<K extends keyof PeerSignals<S>>(name: K, handler?: SignalHandler<PeerSignals<S>, K>): this {
    this.#signals.off(name, handler);
    return this;
  }

  /** Godot's `Object.connect`: ERR_INVALID_PARAMETER when `handler` is already connected. */
  connect<K extends keyof PeerSignals<S>>(name: K, handler: SignalHandler<PeerSignals<S>, K>): GodotError {
    return this.#signals.connect(name, handler);
  }

  /** Godot's `Object.disconnect`. */
  disconnect<K extends keyof PeerSignals<S>>(name: K, handler: SignalHandler<PeerSignals<S>, K>): void {
    this.#signals.disconnect(name, handler);
  }

  /** Godot's `Object.is_connected`. */
  isConnected<K extends keyof PeerSignals<S>>(name: K, handler: SignalHandler<PeerSignals<S>, K>): boolean {
    return this.#signals.isConnected(name, handler);
  }

  /** Emits `name` with `args`. Called by gdnet from inside `poll()`; user code may call it too. */
  emitSignal<K extends keyof PeerSignals<S>>(name: K, ...args: PeerSignals<S>[K]): void {
    this.#signals.emitSignal(name, ...args);
  }

  /** This peer's id: 1 for a server, a random id for a client, 0 before it has one. */
  abstract getUniqueId(): number;
  abstract getConnectionStatus(): ConnectionStatus;
  /** Processes the transports: new peers, lost peers, received packets. */
  abstract poll(): void;
  /** Disconnects every peer and stops. */
  abstract close(): void;
  /** Drops peer `id`; `force` (default false) forgets it at once, without waiting for the close. */
  abstract disconnectPeer(id: number, force?: boolean): void;
  /** Whether SceneMultiplayer may relay through the server (false for a WebRTC mesh). */
  abstract isServerRelaySupported(): boolean;

  /**
   * @internal Disconnects peer `id` for breaking a rule, saying which where the transport can
   * (WebSocket peers send `code` and `reason` in the close frame); others just disconnect it.
   */
  _closePeer(id: number, _code: number, _reason: string): void {
    this.disconnectPeer(id);
  }
  /** Sends `bytes` to the current target with the current mode and channel. */
  protected abstract send(bytes: Uint8Array, target: number, mode: TransferMode, channel: number): GodotError;

  /** Where `putPacket` sends: 0 everyone (default), 1 the server, N that peer, -N everyone but N. */
  setTargetPeer(id: number): void {
    if (!Number.isInteger(id) || id > 0x7fffffff || id < -0x7fffffff) {
      throw new GdnetError("ERR_TYPE", `setTargetPeer expects a peer id (an integer), got ${String(id)}.`);
    }
    this.#targetPeer = id;
  }

  getTargetPeer(): number {
    return this.#targetPeer;
  }

  /** Transfer mode of `putPacket` (default RELIABLE). */
  get transferMode(): TransferMode {
    return this.#transferMode;
  }
  set transferMode(mode: TransferMode) {
    this.setTransferMode(mode);
  }
  getTransferMode(): TransferMode {
    return this.#transferMode;
  }
  setTransferMode(mode: TransferMode): void {
    if (mode !== 0 && mode !== 1 && mode !== 2) throw new GdnetError("ERR_TYPE", `Unknown transfer mode ${String(mode)}.`);
    this.#transferMode = mode;
  }

  /** Channel of `putPacket` (default 0). */
  get transferChannel(): number {
    return this.#transferChannel;
  }
  set transferChannel(channel: number) {
    this.setTransferChannel(channel);
  }
  getTransferChannel(): number {
    return this.#transferChannel;
  }
  setTransferChannel(channel: number): void {
    if (!Number.isInteger(channel) || channel < 0 || channel > 255) {
      throw new GdnetError("ERR_TYPE", `transferChannel must be an integer from 0 to 255, got ${String(channel)}.`);
    }
    this.#transferChannel = channel;
  }

  /** Refuse new peers (default false). */
  get refuseNewConnections(): boolean {
    return this.#refuse;
  }
  set refuseNewConnections(refuse: boolean) {
    this.setRefuseNewConnections(refuse);
  }
  isRefusingNewConnections(): boolean {
    return this.#refuse;
  }
  setRefuseNewConnections(refuse: boolean): void {
    this.#refuse = Boolean(refuse);
  }

  /** Godot's `generate_unique_id`: a random id for a new peer, never 0 or 1. */
  generateUniqueId(): number {
    return generateUniqueId();
  }

  getAvailablePacketCount(): number {
    return this.inbox.visibleCount;
  }

  /** The sender of the next packet `getPacket()` returns (0 when there is none). */
  getPacketPeer(): number {
    return this.inbox.peek()?.from ?? 0;
  }

  /** The channel of the next packet. */
  getPacketChannel(): number {
    return this.inbox.peek()?.channel ?? 0;
  }

  /** The transfer mode of the next packet. */
  getPacketMode(): TransferMode {
    return this.inbox.peek()?.mode ?? TransferMode.TRANSFER_MODE_RELIABLE;
  }

  getPacket(): Uint8Array {
    const packet = this.inbox.shift();
    this.#lastPacket = packet ?? null;
    if (!packet) {
      this.setPacketError(GodotError.ERR_UNAVAILABLE);
      return NO_PACKET;
    }
    this.setPacketError(GodotError.OK);
    return packet.data;
  }

  /** Whether the last packet `getPacket()` returned came as text (WebSocket text frames, WebRTC strings). */
  wasStringPacket(): boolean {
    return this.#lastPacket?.isString ?? false;
  }

  /** Sends `data` to the target peer with the current transfer mode and channel. */
  putPacket(data: BytesLike): GodotError {
    const bytes = asBytes(data, "putPacket");
    if (this.getConnectionStatus() !== ConnectionStatus.CONNECTION_CONNECTED) {
      return this.fail(new GdnetError("ERR_UNCONFIGURED", "The multiplayer peer is not connected."));
    }
    return this.send(bytes, this.#targetPeer, this.#transferMode, this.#transferChannel);
  }

  /**
   * Queues a received packet (subclasses call this from their poll, so it shows at once). Returns
   * false, queuing nothing, when the queue is full: the caller keeps the packet in its transport's
   * queue, whose own limit then stops the socket (back-pressure instead of loss).
   */
  protected receive(from: number, data: Uint8Array, isString: boolean, channel: number, mode: TransferMode): boolean {
    if (this.inbox.isFull()) return false;
    this.inbox.offer({ data, isString, from, channel, mode }, true);
    this.inbox.revealAll();
    return true;
  }

  /** Whether `target` (a putPacket target) includes peer `id`. */
  protected static targets(target: number, id: number): boolean {
    return target === 0 || target === id || (target < 0 && -target !== id);
  }
}
