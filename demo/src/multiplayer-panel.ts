import type { SceneMultiplayer, SignalingClient, Vector2 } from "gdnet";
import { clock, el } from "./format.js";
import type { GdnetApi } from "./gdnet-api.js";
import { createGodotPlayer } from "./godot-player.js";

const SIZE = { width: 640, height: 280 };
const SEND_INTERVAL_MS = 50;
/** The name the page's players give in Arena's hello (the Godot player gives "Godot 4.6.stable"). */
const GDNET_NAME = "gdnet";
/**
 * "Lobby/Arena": a node the Godot player (demo/godot/arena.gd) has at /root/Lobby/Arena. Godot
 * numbers RPC methods by their sorted names and checks an MD5 of them, so this must declare the
 * same four functions as arena.gd's @rpc ones, and the same modes where the receiver's check
 * uses them (all any_peer).
 */
const ARENA_RPC = {
  hello: ["any_peer", "reliable"],
  move: ["any_peer", "unreliable"],
  ping: ["any_peer", "reliable"],
  pong: ["any_peer", "reliable"],
} as const;

/** A Godot player heard of through the relay: its name, last position and pings in flight. */
interface GodotPeer {
  name: string;
  at: { x: number; y: number } | null;
  /** How many positions arrived (the tests see it move). */
  moves: number;
}

/** The demo's multiplayer section: where its two sessions are. */
export interface MultiplayerServers {
  /** The gdnet relay (Godot 4 WebSocketMultiplayerPeer + SceneMultiplayer relay), for chat. */
  relay: string;
  /** The signaling server, and the lobby hosted by `npm start`'s Node world host, for positions. */
  signaling: string;
  worldLobby: string;
}

/**
 * A small multiplayer scene, as a Godot game would build it: a dot per tab whose position goes out
 * as an unreliable RPC over WebRTC (the Node world host relays it, SceneMultiplayer server relay),
 * and a chat whose lines are reliable RPCs over the WebSocket relay. Both peer lists are live.
 *
 * Joining also starts a real Godot 4.6 player (godot-player.ts) that joins the relay session:
 * on "Lobby/Arena" it says hello, sends its dot's position, and answers pings. The page's players
 * draw its dot from those RPCs and send it their own positions there (Godot is not in the WebRTC
 * world), so each side shows the other.
 */
export function mountMultiplayerPanel(root: HTMLElement, api: GdnetApi, servers: MultiplayerServers): void {
  root.append(
    el("h2", "", "Multiplayer"),
    el(
      "p",
      "hint",
      "Move your dot over the field (each tab is a player). Positions: unreliable RPCs over WebRTC. Chat: reliable RPCs over the WebSocket relay. " +
        "Each tab also starts a Godot 4.6 player (the official web build running GDScript) on the relay: its blue dot circles, and it answers pings.",
    ),
  );
  const row = el("div", "row");
  const join = el("button", "primary", "Join the game");
  join.dataset.testid = "mp-join";
  const status = el("span", "badge closed", "offline");
  status.dataset.testid = "mp-status";
  const ping = el("button", "", "Ping Godot");
  ping.dataset.testid = "mp-godot-ping";
  ping.disabled = true;
  row.append(join, status, ping);
  const field = el("canvas", "field");
  field.width = SIZE.width;
  field.height = SIZE.height;
  field.dataset.testid = "mp-field";
  const side = el("div", "mp-side");
  const peers = el("div", "stats");
  peers.dataset.testid = "mp-peers";
  const chatLog = el("div", "chat");
  chatLog.dataset.testid = "mp-chat";
  const chatRow = el("div", "row");
  const chatInput = el("input", "grow");
  chatInput.placeholder = "Say something";
  chatInput.dataset.testid = "mp-chat-input";
  const chatSend = el("button", "", "Send");
  chatSend.dataset.testid = "mp-chat-send";
  chatRow.append(chatInput, chatSend);
  side.append(peers, chatLog, chatRow);
  const layout = el("div", "mp-layout");
  layout.append(field, side);
  const godot = createGodotPlayer();
  root.append(row, layout, godot.element);

  let chat: SceneMultiplayer | null = null;
  let world: SceneMultiplayer | null = null;
  let signaling: SignalingClient | null = null;
  const positions = new Map<number, { x: number; y: number }>();
  /** Godot players on the relay, by relay peer id. */
  const godots = new Map<number, GodotPeer>();
  /** Pings sent, by value: when they left (for the round trip shown with the answer). */
  const pingsSent = new Map<string, number>();
  let pingCount = 0;
  const me = { x: 40 + Math.random() * (SIZE.width - 80), y: 40 + Math.random() * (SIZE.height - 80) };
  let lastSent = 0;
  let dirty = true;

  field.addEventListener("pointermove", (event) => {
    const box = field.getBoundingClientRect();
    me.x = ((event.clientX - box.left) / box.width) * SIZE.width;
    me.y = ((event.clientY - box.top) / box.height) * SIZE.height;
    dirty = true;
  });

  const say = (line: string): void => {
    const entry = el("div", "", `${clock()}  ${line}`);
    entry.dataset.testid = "mp-chat-line";
    chatLog.prepend(entry);
  };

  join.onclick = () => {
    join.disabled = true;
    // Chat: a WebSocket client of the relay, with an any_peer reliable call_local RPC.
    chat = new api.SceneMultiplayer();
    const chatApi = chat;
    chatApi.registerNode(
      "Lobby/Chat",
      { say: (text: string) => say(`${chatApi.getRemoteSenderId()}: ${text}`) },
      { rpc: { say: ["any_peer", "call_local", "reliable"] } },
    );
    // Arena: the node the Godot player shares with this page. Everything here is about Godot
    // players; the other tabs' dots come over WebRTC.
    const arena = chatApi.registerNode(
      "Lobby/Arena",
      {
        hello: (name: string) => {
          const id = chatApi.getRemoteSenderId();
          if (!name.startsWith("Godot")) return;
          godots.set(id, { name, at: null, moves: 0 });
          say(`${name} (peer ${id}) joined: its dot is the blue one`);
          sendPing(id);
        },
        move: (at: Vector2) => {
          const peer = godots.get(chatApi.getRemoteSenderId());
          if (!peer) return;
          peer.at = { x: at.x, y: at.y };
          peer.moves++;
        },
        // Godot never pings; declared for the shared method set (see ARENA_RPC).
        ping: () => undefined,
        pong: (value: string, answer: string) => {
          const id = chatApi.getRemoteSenderId();
          const sentAt = pingsSent.get(value);
          pingsSent.delete(value);
          const rtt = sentAt === undefined ? "" : ` in ${Math.round(performance.now() - sentAt)} ms`;
          say(`${godots.get(id)?.name ?? "peer"} (peer ${id}) answered "${value}" with "${answer}"${rtt}`);
          peers.dataset.pong = JSON.stringify({ from: id, value, answer });
        },
      },
      { rpc: ARENA_RPC },
    );
    chatApi.on("peer_connected", (id) => {
      say(`peer ${id} joined the chat`);
      // Peer 1 is the relay (no scene): every player, already there or new, gets one hello.
      if (id !== 1) arena.rpcId(id, "hello", GDNET_NAME);
    });
    chatApi.on("peer_disconnected", (id) => {
      say(`peer ${id} left the chat`);
      godots.delete(id);
    });
    const chatPeer = new api.WebSocketMultiplayerPeer();
    chatPeer.createClient(servers.relay);
    chatApi.multiplayerPeer = chatPeer;
    godot.start(servers.relay);

    // World: a WebRTC client of the Node world host's lobby (client/server, so the host relays).
    world = new api.SceneMultiplayer();
    const worldApi = world;
    worldApi.registerNode(
      "World",
      { move: (pos: Vector2) => positions.set(worldApi.getRemoteSenderId(), { x: pos.x, y: pos.y }) },
      { rpc: { move: ["any_peer", "unreliable"] } },
    );
    worldApi.on("peer_disconnected", (id) => positions.delete(id));
    const rtc = new api.WebRTCMultiplayerPeer();
    signaling = new api.SignalingClient({ multiplayer: rtc });
    signaling.joinLobby(servers.signaling, servers.worldLobby);
    worldApi.multiplayerPeer = rtc;
    const sessions = [signaling, chatApi, worldApi];
    api.autoPoll(
      {
        poll: () => {
          for (const session of sessions) session.poll();
          tick();
        },
      },
      { mode: "activity", intervalMs: 16 },
    );
  };
  /** Pings a Godot player with a value it sends back upper-cased (arena.gd `ping`). */
  function sendPing(id: number): void {
    const value = `ping #${++pingCount} from ${chat?.getUniqueId() ?? 0}`;
    pingsSent.set(value, performance.now());
    chat?.getNode("Lobby/Arena")?.rpcId(id, "ping", value);
    peers.dataset.ping = value;
  }
  ping.onclick = () => {
    for (const id of godots.keys()) sendPing(id);
  };
  const sendChat = (): void => {
    const text = chatInput.value.trim();
    if (!text || !chat) return;
    chat.getNode("Lobby/Chat")?.rpc("say", text);
    chatInput.value = "";
  };
  chatSend.onclick = sendChat;
  chatInput.onkeydown = (event) => {
    if (event.key === "Enter") sendChat();
  };

  function tick(): void {
    const now = performance.now();
    const worldId = world?.getUniqueId() ?? 0;
    const chatId = chat?.getUniqueId() ?? 0;
    if (world && worldId !== 0 && (dirty || now - lastSent > 500) && now - lastSent > SEND_INTERVAL_MS) {
      const at = new api.Vector2(me.x, me.y);
      world.getNode("World")?.rpc("move", at);
      // The Godot players see this dot through the relay: to them only, as the other tabs get it
      // over WebRTC.
      const arena = chatId !== 0 ? chat?.getNode("Lobby/Arena") : undefined;
      for (const id of godots.keys()) arena?.rpcId(id, "move", at);
      lastSent = now;
      dirty = false;
    }
    status.textContent = chatId && worldId ? `chat ${chatId} · world ${worldId}` : "connecting";
    status.className = `badge ${chatId && worldId ? "open" : "connecting"}`;
    status.dataset.ready = String(chatId !== 0 && worldId !== 0);
    status.dataset.chat = String(chatId);
    const worldPeers = (world?.getPeers() ?? []).filter((id) => id !== 1);
    const godotList = [...godots].map(([id, peer]) => `${id} (${peer.name})`).join(", ");
    peers.textContent = `world players: ${[worldId, ...worldPeers].filter(Boolean).join(", ") || "–"} · chat peers: ${(chat?.getPeers() ?? []).join(", ") || "–"} · Godot players: ${godotList || "–"}`;
    peers.dataset.worldPlayers = String(worldPeers.length + (worldId ? 1 : 0));
    peers.dataset.seen = [...positions.keys()].join(",");
    // "id:x,y:moves" per Godot player, so a test sees the positions change as they arrive.
    peers.dataset.godot = [...godots]
      .map(([id, peer]) => `${id}:${peer.at ? `${peer.at.x.toFixed(1)},${peer.at.y.toFixed(1)}` : "-"}:${peer.moves}`)
      .join(" ");
    ping.disabled = godots.size === 0;
    draw(worldId);
  }

  function draw(selfId: number): void {
    const g = field.getContext("2d");
    if (!g) return;
    g.fillStyle = "#11131a";
    g.fillRect(0, 0, SIZE.width, SIZE.height);
    const dot = (x: number, y: number, id: number, mine: boolean): void => {
      g.fillStyle = `hsl(${(id * 47) % 360} 70% ${mine ? 60 : 50}%)`;
      g.beginPath();
      g.arc(x, y, mine ? 11 : 9, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = "#e6e8ef";
      g.font = "11px ui-sans-serif, system-ui";
      g.fillText(mine ? `you (${id})` : String(id), x + 13, y + 4);
    };
    for (const [id, pos] of positions) if (id !== selfId) dot(pos.x, pos.y, id, false);
    for (const [id, peer] of godots) {
      if (!peer.at) continue;
      // Godot's blue (its logo's), as arena.gd draws its own dot.
      g.fillStyle = "#478cbf";
      g.beginPath();
      g.arc(peer.at.x, peer.at.y, 10, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = "#e6e8ef";
      g.fillText(`${peer.name} (${id})`, peer.at.x + 13, peer.at.y + 4);
    }
    dot(me.x, me.y, selfId, true);
  }
  draw(0);
}
