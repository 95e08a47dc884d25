import type { SceneMultiplayer, SignalingClient, Vector2 } from "gdnet";
import { clock, el } from "./format.js";
import type { GdnetApi } from "./gdnet-api.js";

const SIZE = { width: 640, height: 280 };
const SEND_INTERVAL_MS = 50;

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
 */
export function mountMultiplayerPanel(root: HTMLElement, api: GdnetApi, servers: MultiplayerServers): void {
  root.append(
    el("h2", "", "Multiplayer"),
    el(
      "p",
      "hint",
      "Move your dot over the field (each tab is a player). Positions: unreliable RPCs over WebRTC. Chat: reliable RPCs over the WebSocket relay.",
    ),
  );
  const row = el("div", "row");
  const join = el("button", "primary", "Join the game");
  join.dataset.testid = "mp-join";
  const status = el("span", "badge closed", "offline");
  status.dataset.testid = "mp-status";
  row.append(join, status);
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
  root.append(row, layout);

  let chat: SceneMultiplayer | null = null;
  let world: SceneMultiplayer | null = null;
  let signaling: SignalingClient | null = null;
  const positions = new Map<number, { x: number; y: number }>();
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
    chatApi.on("peer_connected", (id) => say(`peer ${id} joined the chat`));
    chatApi.on("peer_disconnected", (id) => say(`peer ${id} left the chat`));
    const chatPeer = new api.WebSocketMultiplayerPeer();
    chatPeer.createClient(servers.relay);
    chatApi.multiplayerPeer = chatPeer;

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
    if (world && worldId !== 0 && (dirty || now - lastSent > 500) && now - lastSent > SEND_INTERVAL_MS) {
      world.getNode("World")?.rpc("move", new api.Vector2(me.x, me.y));
      lastSent = now;
      dirty = false;
    }
    const chatId = chat?.getUniqueId() ?? 0;
    status.textContent = chatId && worldId ? `chat ${chatId} · world ${worldId}` : "connecting";
    status.className = `badge ${chatId && worldId ? "open" : "connecting"}`;
    status.dataset.ready = String(chatId !== 0 && worldId !== 0);
    const worldPeers = (world?.getPeers() ?? []).filter((id) => id !== 1);
    peers.textContent = `world players: ${[worldId, ...worldPeers].filter(Boolean).join(", ") || "–"} · chat peers: ${(chat?.getPeers() ?? []).join(", ") || "–"}`;
    peers.dataset.worldPlayers = String(worldPeers.length + (worldId ? 1 : 0));
    peers.dataset.seen = [...positions.keys()].join(",");
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
    dot(me.x, me.y, selfId, true);
  }
  draw(0);
}
