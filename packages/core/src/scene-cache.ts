import { GdnetError } from "./gdnet-error.js";

/** The close a peer gets for announcing more node paths than the cache keeps. */
export const PATH_CACHE_FULL_CLOSE = { code: 1008, reason: "Too many node paths" } as const;

/** Limits of what one peer may make a {@link SceneCache} remember. */
export interface SceneCacheLimits {
  /**
   * Node paths one peer may announce (default 4096). A game announces each node it calls RPCs
   * on once, so even a large scene stays in the hundreds; Godot itself has no limit, which lets
   * one client grow a server's (and every other client's) memory without end.
   */
  readonly maxPathsPerPeer: number;
  /** Bytes of node paths (UTF-16 code units) one peer may announce (default 1 MiB). */
  readonly maxPathBytesPerPeer: number;
}

export const SCENE_CACHE_DEFAULT_LIMITS: SceneCacheLimits = { maxPathsPerPeer: 4096, maxPathBytesPerPeer: 1 << 20 };

/** `limits` over the defaults, each a positive integer; throws a GdnetError (ERR_TYPE) otherwise. */
export function checkCacheLimits(limits: Partial<SceneCacheLimits>): SceneCacheLimits {
  const checked = { ...SCENE_CACHE_DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(checked)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new GdnetError("ERR_TYPE", `pathCacheLimits.${name} must be a positive integer, got ${String(value)}.`);
  }
  return checked;
}

/** What a received SIMPLIFY_PATH did: stored, refused as a repeated id, or refused as past the peer's limits. */
export const CacheAdmission = { STORED: 0, DUPLICATE: 1, FULL: 2 } as const;
export type CacheAdmission = (typeof CacheAdmission)[keyof typeof CacheAdmission];

interface ReceivedPaths {
  readonly ids: Map<number, string>;
  bytes: number;
}

/**
 * Godot 4's path cache (modules/multiplayer/scene_cache_interface.cpp). Send side: each node path
 * gets a cache id from this peer (counting from 1) the first time it is sent, and each peer that
 * was sent SIMPLIFY_PATH for it is "unconfirmed" until its CONFIRM_PATH arrives. Receive side:
 * the ids other peers announced, per peer, within {@link SceneCacheLimits}.
 */
export class SceneCache {
  #nextId = 1;
  readonly #sent = new Map<string, { id: number; confirmed: Map<number, boolean> }>();
  readonly #pathById = new Map<number, string>();
  readonly #received = new Map<number, ReceivedPaths>();
  /** The per-peer limits of the receive side (default {@link SCENE_CACHE_DEFAULT_LIMITS}). */
  limits: SceneCacheLimits = SCENE_CACHE_DEFAULT_LIMITS;

  /**
   * The cache id of `path` (made on first use) for sending to `peers`: the peers that have not
   * been sent SIMPLIFY_PATH yet (the caller sends it, then calls `markAnnounced`), and whether all
   * of `peers` have confirmed, which allows the compressed form.
   */
  prepare(path: string, peers: readonly number[]): { id: number; toAnnounce: number[]; allConfirmed: boolean } {
    let entry = this.#sent.get(path);
    if (!entry) {
      entry = { id: this.#nextId++, confirmed: new Map() };
      this.#sent.set(path, entry);
      this.#pathById.set(entry.id, path);
    }
    const toAnnounce: number[] = [];
    let allConfirmed = true;
    for (const peer of peers) {
      const confirmed = entry.confirmed.get(peer);
      if (confirmed === undefined) toAnnounce.push(peer);
      if (confirmed !== true) allConfirmed = false;
    }
    return { id: entry.id, toAnnounce, allConfirmed };
  }

  markAnnounced(path: string, peer: number): void {
    this.#sent.get(path)?.confirmed.set(peer, false);
  }

  isConfirmed(path: string, peer: number): boolean {
    return this.#sent.get(path)?.confirmed.get(peer) === true;
  }

  /** A CONFIRM_PATH from `peer` for our id `id`: the path it confirms, or undefined if we never sent it. */
  confirm(peer: number, id: number): string | undefined {
    const path = this.#pathById.get(id);
    const entry = path === undefined ? undefined : this.#sent.get(path);
    if (!entry?.confirmed.has(peer)) return undefined;
    entry.confirmed.set(peer, true);
    return path;
  }

  /** A Godot 3 CONFIRM_PATH (it names the path, not the id): true when `path` was announced to `peer`. */
  confirmPath(peer: number, path: string): boolean {
    const entry = this.#sent.get(path);
    if (!entry?.confirmed.has(peer)) return false;
    entry.confirmed.set(peer, true);
    return true;
  }

  /** A Godot 3 SIMPLIFY_PATH: unlike Godot 4, a repeated id just replaces the path. */
  replace(peer: number, id: number, path: string): CacheAdmission {
    const received = this.#of(peer);
    const old = received.ids.get(id);
    const bytes = received.bytes - (old?.length ?? 0) + path.length;
    if (bytes > this.limits.maxPathBytesPerPeer || (old === undefined && received.ids.size >= this.limits.maxPathsPerPeer))
      return CacheAdmission.FULL;
    received.ids.set(id, path);
    received.bytes = bytes;
    return CacheAdmission.STORED;
  }

  /** A SIMPLIFY_PATH from `peer`; DUPLICATE when that peer already used `id` (Godot refuses duplicates). */
  remember(peer: number, id: number, path: string): CacheAdmission {
    const received = this.#of(peer);
    if (received.ids.has(id)) return CacheAdmission.DUPLICATE;
    return this.replace(peer, id, path);
  }

  /** The path `peer` announced as `id`. */
  lookup(peer: number, id: number): string | undefined {
    return this.#received.get(peer)?.ids.get(id);
  }

  /** How many paths `peer` has announced, and their size (what the limits count). */
  receivedFrom(peer: number): { paths: number; bytes: number } {
    const received = this.#received.get(peer);
    return { paths: received?.ids.size ?? 0, bytes: received?.bytes ?? 0 };
  }

  #of(peer: number): ReceivedPaths {
    let received = this.#received.get(peer);
    if (!received) {
      received = { ids: new Map(), bytes: 0 };
      this.#received.set(peer, received);
    }
    return received;
  }

  /** The error for a peer past its limits: the caller disconnects it with the close code given. */
  static limitError(peer: number, limits: SceneCacheLimits): GdnetError {
    return new GdnetError(
      "ERR_OUT_OF_MEMORY",
      `Peer ${peer} announced more node paths than the path cache keeps per peer (${limits.maxPathsPerPeer} paths, ${limits.maxPathBytesPerPeer} bytes): disconnected with 1008.`,
      { closeCode: PATH_CACHE_FULL_CLOSE.code },
    );
  }

  /** A peer left: forget its ids and its confirmations. */
  forgetPeer(peer: number): void {
    this.#received.delete(peer);
    for (const entry of this.#sent.values()) entry.confirmed.delete(peer);
  }

  clear(): void {
    this.#nextId = 1;
    this.#sent.clear();
    this.#pathById.clear();
    this.#received.clear();
  }
}
