/** One connection of a {@link SignalingServer}, from its handshake until it closes. */
export interface SignalingMember {
  /** The id the signaling protocol uses (a lobby host is 1 inside its lobby). */
  readonly id: number;
  /** The client's id in the underlying WebSocketServer. */
  readonly clientId: number;
  lobby: SignalingLobby | null;
  /** Closes the connection if it has not joined a lobby in time. */
  joinTimer: ReturnType<typeof setTimeout> | null;
}

/** What {@link SignalingServer.getLobbies} reports about one lobby. */
export interface SignalingLobbyInfo {
  /** The lobby name clients join with. */
  readonly name: string;
  /** The creator asked for a mesh (4.x JOIN with id 0; always false in 3.2, which has no flag). */
  readonly mesh: boolean;
  /** The host sealed it: nobody may join, and everyone is closed after `sealCloseTimeoutMs`. */
  readonly sealed: boolean;
  /** The members' ids as the lobby sees them (the host is 1), in joining order. */
  readonly peers: readonly number[];
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A lobby name like the Node demo's `randomSecret()`: 16 characters from [A-Za-z0-9]. The demo
 * uses Math.random; this uses the CSPRNG (names are the only thing keeping strangers out of a
 * lobby) and rejects bytes >= 248 so every character is equally likely (248 = 4 * 62).
 */
export function randomLobbyName(length = 16): string {
  let name = "";
  const bytes = new Uint8Array(length * 2);
  while (name.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < 248 && name.length < length) name += ALPHANUMERIC[byte % 62];
    }
  }
  return name;
}

/**
 * A lobby of the signaling server (`Lobby` in the demo's `server_node/server.js`): the host is
 * its creator, 1 inside the lobby; the other members keep their own random ids.
 */
export class SignalingLobby {
  readonly name: string;
  readonly hostId: number;
  readonly mesh: boolean;
  readonly members: SignalingMember[] = [];
  sealed = false;
  /** Closes every member with 1000 "Seal complete" once it fires. */
  sealTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(name: string, host: SignalingMember, mesh: boolean) {
    this.name = name;
    this.hostId = host.id;
    this.mesh = mesh;
  }

  /** The id `member` has in this lobby: 1 for the host, its own id otherwise. */
  idOf(member: SignalingMember): number {
    return member.id === this.hostId ? 1 : member.id;
  }

  /** The member a relayed message to `destination` goes to (1 = the host), if it is in this lobby. */
  find(destination: number): SignalingMember | undefined {
    const id = destination === 1 ? this.hostId : destination;
    return this.members.find((member) => member.id === id);
  }

  /** Removes `member`; true when it was there. */
  remove(member: SignalingMember): boolean {
    const index = this.members.indexOf(member);
    if (index < 0) return false;
    this.members.splice(index, 1);
    return true;
  }

  /** Stops the seal timer, if any. */
  clearSealTimer(): void {
    if (this.sealTimer !== null) clearTimeout(this.sealTimer);
    this.sealTimer = null;
  }

  info(): SignalingLobbyInfo {
    return { name: this.name, mesh: this.mesh, sealed: this.sealed, peers: this.members.map((member) => this.idOf(member)) };
  }
}
