/**
 * Godot 4's path cache (modules/multiplayer/scene_cache_interface.cpp). Send side: each node path
 * gets a cache id from this peer (counting from 1) the first time it is sent, and each peer that
 * was sent SIMPLIFY_PATH for it is "unconfirmed" until its CONFIRM_PATH arrives. Receive side:
 * the ids other peers announced, per peer.
 */
export class SceneCache {
  #nextId = 1;
  readonly #sent = new Map<string, { id: number; confirmed: Map<number, boolean> }>();
  readonly #pathById = new Map<number, string>();
  readonly #received = new Map<number, Map<number, string>>();

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
  replace(peer: number, id: number, path: string): void {
    let ids = this.#received.get(peer);
    if (!ids) {
      ids = new Map();
      this.#received.set(peer, ids);
    }
    ids.set(id, path);
  }

  /** A SIMPLIFY_PATH from `peer`; false when that peer already used `id` (Godot refuses duplicates). */
  remember(peer: number, id: number, path: string): boolean {
    let ids = this.#received.get(peer);
    if (!ids) {
      ids = new Map();
      this.#received.set(peer, ids);
    }
    if (ids.has(id)) return false;
    ids.set(id, path);
    return true;
  }

  /** The path `peer` announced as `id`. */
  lookup(peer: number, id: number): string | undefined {
    return this.#received.get(peer)?.get(id);
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
