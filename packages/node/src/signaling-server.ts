import {
  encodeSignalingJson,
  encodeSignalingText,
  GdnetError,
  GodotError,
  generateUniqueId,
  getStringFromUtf8,
  OutboundGuard,
  type Platform,
  parseSignalingRequest,
  type ServerLimits,
  SIGNALING_ERROR_CLOSE_CODE,
  SignalingCloseReason,
  type SignalingMessageInit,
  type SignalingProtocolVersion,
  type SignalingRelayType,
  SignalingType,
  WebSocketState,
} from "@gdnet/core";
import { autoPoll } from "./auto-poll.js";
import { WebSocketServer } from "./classes.js";
import { forwardingBuffers3 } from "./forwarding-buffers.js";
import { nodePlatform } from "./node-platform.js";
import { randomLobbyName, SignalingLobby, type SignalingLobbyInfo, type SignalingMember } from "./signaling-lobby.js";

/** Options of {@link SignalingServer}. The defaults are the Node demo server's constants. */
export interface SignalingServerOptions {
  /**
   * Origin and message-rate limits of the WebSocket server (docs/security.md; the connection
   * count is `maxPeers`). Default: none.
   */
  limits?: Partial<ServerLimits>;
  /** Port to listen on. Default 9080 (the demo's `PORT`); 0 picks a free one. */
  port?: number;
  /** Address to bind: "*" (default, every interface) or an IP. */
  host?: string;
  /**
   * The webrtc_signaling protocol to speak: 4 (default; godot-demo-projects master, JSON
   * messages, for Godot 4.x) or 3 (branch 3.2, `"<C>: <arg>\n"` lines, for Godot 3.2).
   */
  protocol?: SignalingProtocolVersion;
  /** Connections served at once; more are closed with 4000 "Too many peers connected". Default 4096. */
  maxPeers?: number;
  /** Lobbies open at once; creating another closes with 4000 "Too many lobbies open, disconnecting". Default 1024. */
  maxLobbies?: number;
  /** A connection must join a lobby within this many ms, or is closed with 4000 "Have not joined lobby yet". Default 1000; 0 never closes it. */
  noLobbyTimeoutMs?: number;
  /** After SEAL, every member of the lobby is closed with 1000 "Seal complete" after this many ms. Default 10000; 0 never closes them. */
  sealCloseTimeoutMs?: number;
  /**
   * Ping every connection this often, in ms. Default 10000; 0 sends no pings. Unlike the demo,
   * which pings and never checks for pongs, this uses gdnet's WebSocketPeer `heartbeatInterval`:
   * a connection that has not answered one ping when the next is due is dropped (its lobby is
   * told as for any disconnect). Browsers and Godot answer pings by themselves, so only dead
   * connections are dropped, which the demo would keep until TCP gives up.
   */
  pingIntervalMs?: number;
  /** Default nodePlatform. */
  platform?: Platform;
}

/** setTimeout's largest delay: Node turns a longer one into 1 ms. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * The Godot webrtc_signaling demo's signaling server (godot-demo-projects,
 * `networking/webrtc_signaling/server_node/server.js`) on gdnet's WebSocketServer: lobbies, ids
 * (the host is 1), PEER_CONNECT/PEER_DISCONNECT, OFFER/ANSWER/CANDIDATE relay, SEAL, and the
 * same limits, timeouts, close codes and reasons, in the 4.x (JSON) or 3.2 (text) protocol.
 * `npx gdnet signaling` runs one.
 *
 * Where the demo misbehaves this server does not, and says why where it happens: ids are never
 * 0 or 1 and never clash; a lobby member that sends JOIN again is closed with "Already in a
 * lobby" even for an existing lobby; what a connection sends after the server closed it is
 * ignored; lobby names come from the CSPRNG; pings drop connections that stop answering.
 */
export class SignalingServer {
  /** The WebSocket server underneath: set TLS (`privateKey`, `sslCertificate`) or `setBuffers` on it before `start()`. */
  readonly server: WebSocketServer;
  readonly #port: number;
  readonly #host: string;
  readonly #version: SignalingProtocolVersion;
  readonly #maxPeers: number;
  readonly #maxLobbies: number;
  readonly #noLobbyTimeoutMs: number;
  readonly #sealCloseTimeoutMs: number;
  readonly #pingIntervalMs: number;
  readonly #members = new Map<number, SignalingMember>();
  readonly #byClient = new Map<number, SignalingMember>();
  readonly #lobbies = new Map<string, SignalingLobby>();
  readonly #outbound = new OutboundGuard();
  readonly #report: (error: GdnetError) => void;
  #stopPolling: (() => void) | null = null;

  /** Throws a GdnetError (ERR_INVALID_PARAMETER) for an option out of range. */
  constructor(options: SignalingServerOptions = {}) {
    this.#port = options.port ?? 9080;
    this.#host = options.host ?? "*";
    this.#version = options.protocol ?? 4;
    if (this.#version !== 3 && this.#version !== 4) invalid("protocol must be 4 or 3", this.#version);
    this.#maxPeers = count("maxPeers", options.maxPeers ?? 4096);
    this.#maxLobbies = count("maxLobbies", options.maxLobbies ?? 1024);
    this.#noLobbyTimeoutMs = delay("noLobbyTimeoutMs", options.noLobbyTimeoutMs ?? 1000);
    this.#sealCloseTimeoutMs = delay("sealCloseTimeoutMs", options.sealCloseTimeoutMs ?? 10_000);
    this.#pingIntervalMs = delay("pingIntervalMs", options.pingIntervalMs ?? 10_000);
    const platform = options.platform ?? nodePlatform;
    this.#report = (error) => platform.printError(error);
    this.server = new WebSocketServer(platform);
    this.server.limits = options.limits ?? {};
    forwardingBuffers3(this.server);
    this.server.on("client_connected", (clientId) => this.#connected(clientId));
    this.server.on("data_received", (clientId) => this.#received(clientId));
    this.server.on("client_disconnected", (clientId) => this.#disconnected(clientId));
  }

  /** Starts listening; resolves with the URL clients can connect to. */
  async start(): Promise<string> {
    if (this.server.setBindIp(this.#host) !== GodotError.OK) throw this.server.getLastError();
    if (this.server.listen(this.#port) !== GodotError.OK) throw this.server.getLastError();
    this.#stopPolling = autoPoll(this.server);
    try {
      const port = await this.server.listening();
      const host = this.#host === "*" ? "localhost" : this.#host.includes(":") ? `[${this.#host}]` : this.#host;
      return `ws://${host}:${port}/`;
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  /** Stops listening, closes every connection with 1001 "Going away", forgets every lobby and cancels every timer. */
  stop(): void {
    this.#stopPolling?.();
    this.#stopPolling = null;
    for (const member of this.#members.values()) clearJoinTimer(member);
    for (const lobby of this.#lobbies.values()) lobby.clearSealTimer();
    this.#members.clear();
    this.#byClient.clear();
    this.#lobbies.clear();
    this.server.stop();
  }

  /** The protocol version spoken: 4 (JSON) or 3 (text). */
  get protocol(): SignalingProtocolVersion {
    return this.#version;
  }

  /** Connections being served (counted against `maxPeers`), in a lobby or not. */
  get peerCount(): number {
    return this.#members.size;
  }

  /** Lobbies open (counted against `maxLobbies`). */
  get lobbyCount(): number {
    return this.#lobbies.size;
  }

  /** A snapshot of the open lobbies, oldest first. */
  getLobbies(): SignalingLobbyInfo[] {
    return [...this.#lobbies.values()].map((lobby) => lobby.info());
  }

  /** A snapshot of lobby `name`, or null when no such lobby is open. */
  getLobby(name: string): SignalingLobbyInfo | null {
    return this.#lobbies.get(name)?.info() ?? null;
  }

  #connected(clientId: number): void {
    if (this.#members.size >= this.#maxPeers) {
      this.server.disconnectPeer(clientId, SIGNALING_ERROR_CLOSE_CODE, SignalingCloseReason.TOO_MANY_PEERS);
      return;
    }
    // The demo takes abs() of a random int32, which can be 0, 1 (a non-host would then pass for
    // the host) or 2^31, and never checks for a clash. generateUniqueId gives a 31-bit id that is
    // never 0 or 1 and is unique among the connected peers.
    const member: SignalingMember = { id: generateUniqueId(this.#members), clientId, lobby: null, joinTimer: null };
    this.#members.set(member.id, member);
    this.#byClient.set(clientId, member);
    if (this.#pingIntervalMs > 0) this.server.getPeer(clientId)?.setHeartbeatInterval(this.#pingIntervalMs / 1000);
    if (this.#noLobbyTimeoutMs > 0) {
      member.joinTimer = setTimeout(() => {
        member.joinTimer = null;
        if (member.lobby === null) this.#close(member, SignalingCloseReason.NO_LOBBY);
      }, this.#noLobbyTimeoutMs);
    }
  }

  #disconnected(clientId: number): void {
    const member = this.#byClient.get(clientId);
    if (!member) return;
    this.#byClient.delete(clientId);
    this.#members.delete(member.id);
    clearJoinTimer(member);
    const lobby = member.lobby;
    if (lobby === null || this.#lobbies.get(lobby.name) !== lobby) return;
    const lobbyId = lobby.idOf(member);
    lobby.remove(member);
    if (lobbyId !== 1) {
      for (const other of lobby.members) this.#send(other, { type: SignalingType.PEER_DISCONNECT, id: lobbyId });
      return;
    }
    // The host left: the lobby cannot go on (in client/server lobbies everything goes through it).
    lobby.clearSealTimer();
    for (const other of lobby.members) this.#close(other, SignalingCloseReason.HOST_DISCONNECTED);
    this.#lobbies.delete(lobby.name);
  }

  #received(clientId: number): void {
    const peer = this.server.getPeer(clientId);
    if (!peer) return;
    const packet = peer.getPacket();
    const member = this.#byClient.get(clientId);
    // Once the server closes a connection, what it still sends is ignored. (The demo would still
    // handle it; then a relay from a peer closed for an error could still go through.)
    if (!member || peer.getReadyState() !== WebSocketState.STATE_OPEN) return;
    // ws 7 gave the demo a string for a text frame and a Buffer for a binary one.
    if (!peer.wasStringPacket()) {
      this.#close(member, SignalingCloseReason.INVALID_TRANSFER_MODE);
      return;
    }
    const reason = this.#handle(member, getStringFromUtf8(packet));
    if (reason !== null) this.#close(member, reason);
  }

  /** Handles one message as the demo's parseMsg does; returns the reason to close with, or null. */
  #handle(member: SignalingMember, text: string): SignalingCloseReason | null {
    const request = parseSignalingRequest(text, this.#version);
    if (request.kind === "malformed") return SignalingCloseReason.INVALID_FORMAT;
    if (request.kind === "join") return this.#join(member, request.lobby, request.mesh);
    const lobby = member.lobby;
    if (lobby === null) return SignalingCloseReason.NEED_LOBBY;
    if (this.#lobbies.get(lobby.name) !== lobby) return SignalingCloseReason.SERVER_ERROR;
    if (request.kind === "seal") return this.#seal(member, lobby);
    if (request.destination === null) return SignalingCloseReason.INVALID_COMMAND;
    const destination = lobby.find(request.destination);
    if (!destination) return SignalingCloseReason.INVALID_DESTINATION;
    if (request.kind === "other") return SignalingCloseReason.INVALID_COMMAND;
    this.#relay(request.type, lobby.idOf(member), destination, request.data);
    return null;
  }

  #join(member: SignalingMember, name: string, mesh: boolean): SignalingCloseReason | null {
    let lobby: SignalingLobby | undefined;
    if (name === "") {
      // The demo's order: the lobby limit first, then "Already in a lobby".
      if (this.#lobbies.size >= this.#maxLobbies) return SignalingCloseReason.TOO_MANY_LOBBIES;
      if (member.lobby !== null) return SignalingCloseReason.ALREADY_IN_LOBBY;
      let fresh = randomLobbyName();
      while (this.#lobbies.has(fresh)) fresh = randomLobbyName();
      // 3.2 has no mesh flag: its JOIN carries only the lobby name.
      lobby = new SignalingLobby(fresh, member, this.#version === 4 && mesh);
      this.#lobbies.set(fresh, lobby);
    } else {
      lobby = this.#lobbies.get(name);
      if (!lobby) return SignalingCloseReason.LOBBY_DOES_NOT_EXIST;
      if (lobby.sealed) return SignalingCloseReason.LOBBY_IS_SEALED;
      // The demo does not check this when joining an existing lobby: the peer then sits in two
      // lobbies, and only the last one hears when it leaves. Refused here, with the demo's reason.
      if (member.lobby !== null) return SignalingCloseReason.ALREADY_IN_LOBBY;
    }
    member.lobby = lobby;
    clearJoinTimer(member);
    const assigned = lobby.idOf(member);
    this.#send(member, { type: SignalingType.ID, id: assigned, data: lobby.mesh ? "true" : "" });
    for (const other of lobby.members) {
      this.#send(other, { type: SignalingType.PEER_CONNECT, id: assigned });
      this.#send(member, { type: SignalingType.PEER_CONNECT, id: lobby.idOf(other) });
    }
    lobby.members.push(member);
    this.#send(member, { type: SignalingType.JOIN, id: 0, data: lobby.name });
    return null;
  }

  #seal(member: SignalingMember, lobby: SignalingLobby): SignalingCloseReason | null {
    if (member.id !== lobby.hostId) return SignalingCloseReason.ONLY_HOST_CAN_SEAL;
    lobby.sealed = true;
    for (const other of lobby.members) this.#send(other, { type: SignalingType.SEAL, id: 0 });
    // A second SEAL is announced again but keeps the first deadline (the demo starts another
    // timer, but the first one still closes everybody).
    if (this.#sealCloseTimeoutMs > 0 && lobby.sealTimer === null) {
      lobby.sealTimer = setTimeout(() => {
        // Closing the host then deletes the lobby (when its close completes), as in the demo.
        for (const other of lobby.members) this.#close(other, SignalingCloseReason.SEAL_COMPLETE, 1000);
      }, this.#sealCloseTimeoutMs);
    }
    return null;
  }

  #relay(type: SignalingRelayType, source: number, destination: SignalingMember, data: string): void {
    this.#send(destination, { type, id: source, data });
  }

  #send(member: SignalingMember, message: SignalingMessageInit): void {
    const peer = this.server.hasPeer(member.clientId) ? this.server.getPeer(member.clientId) : null;
    // A connection the server is closing gets nothing more (ws 7 dropped such sends silently too).
    if (peer?.getReadyState() !== WebSocketState.STATE_OPEN) return;
    // A signaling message that does not fit (a client that stopped reading) closes that client
    // (1008 "Outbound buffer full"): a negotiation missing an offer or a candidate hangs silently.
    const text = this.#version === 4 ? encodeSignalingJson(message) : encodeSignalingText(message);
    this.#outbound.send(member.clientId, peer, text, true, this.#report);
  }

  #close(member: SignalingMember, reason: SignalingCloseReason, code = SIGNALING_ERROR_CLOSE_CODE): void {
    if (this.server.hasPeer(member.clientId)) this.server.disconnectPeer(member.clientId, code, reason);
  }
}

function clearJoinTimer(member: SignalingMember): void {
  if (member.joinTimer !== null) clearTimeout(member.joinTimer);
  member.joinTimer = null;
}

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) invalid(`${name} must be an integer >= 0`, value);
  return value;
}

function delay(name: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_TIMER_MS)) {
    invalid(`${name} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`, value);
  }
  return value;
}

function invalid(what: string, value: unknown): never {
  throw new GdnetError("ERR_INVALID_PARAMETER", `SignalingServer: ${what}, got ${String(value)}.`);
}
