import type { SignalingClient, WebRTCDataChannel } from "gdnet";
import { clock, el, fromHex, toHex } from "./format.js";
import type { GdnetApi } from "./gdnet-api.js";
import { isPing, isPong, pingPacket, pongFor, pongTime } from "./ping.js";

const CHANNEL_STATES = ["connecting", "open", "closing", "closed"];
const MAX_ROWS = 200;

/**
 * The data-channel section: join or create a lobby on the gdnet signaling server, then talk to
 * every peer of it (another tab, or the Node peer `npm start` runs) on Godot's three channels,
 * with each channel's ready state, buffered amount and the round-trip time.
 */
export function mountDataChannelPanel(root: HTMLElement, api: GdnetApi, servers: { signaling: string; nodeLobby: string }): void {
  let client: SignalingClient | null = null;
  let stopPolling: (() => void) | null = null;
  const rtt = new Map<number, number>();
  let lastPing = 0;

  root.append(
    el("h2", "", "WebRTC data channels"),
    el(
      "p",
      "hint",
      "Peers meet through the gdnet signaling server (Godot's webrtc_signaling protocol), then talk directly over WebRTC.",
    ),
  );
  const joinRow = el("div", "row");
  const url = input("rtc-url", "Signaling server URL", servers.signaling, "grow");
  const lobby = input("rtc-lobby", "Lobby", new URLSearchParams(location.search).get("lobby") ?? "", "");
  lobby.placeholder = "lobby name (empty: create one)";
  const join = button("rtc-join", "Join / create", "primary");
  const joinNode = button("rtc-join-node", "Join the Node peer", "");
  joinNode.hidden = servers.nodeLobby === "";
  const status = el("span", "badge closed", "offline");
  status.dataset.testid = "rtc-status";
  joinRow.append(url, lobby, join, joinNode, status);

  const info = el("div", "stats");
  info.dataset.testid = "rtc-info";
  const peersTable = el("table", "log peers");
  peersTable.dataset.testid = "rtc-peers";

  const sendRow = el("div", "row");
  const channelSelect = el("select");
  channelSelect.dataset.testid = "rtc-channel";
  channelSelect.setAttribute("aria-label", "Channel");
  for (const [i, name] of ["reliable", "unreliable ordered", "unreliable"].entries())
    channelSelect.append(new Option(name, String(i)));
  const modes = el("div", "segmented");
  const textMode = button("rtc-mode-text", "Text", "active");
  const binaryMode = button("rtc-mode-binary", "Binary", "");
  modes.append(textMode, binaryMode);
  const payload = input("rtc-payload", "Payload", "", "grow");
  payload.placeholder = "Hello, peer! (hex in Binary mode)";
  const send = button("rtc-send", "Send to all", "primary");
  sendRow.append(channelSelect, modes, payload, send);
  const error = el("div", "error");
  error.dataset.testid = "rtc-error";
  const log = el("table", "log");
  const logBody = el("tbody");
  const head = el("tr");
  for (const title of ["time", "from", "channel", "bytes", "wasStringPacket", "content"]) head.append(el("th", "", title));
  log.append(el("thead"), logBody);
  log.tHead?.append(head);
  root.append(joinRow, info, peersTable, sendRow, error, log);

  let text = true;
  textMode.onclick = () => {
    text = true;
    textMode.classList.add("active");
    binaryMode.classList.remove("active");
  };
  binaryMode.onclick = () => {
    text = false;
    binaryMode.classList.add("active");
    textMode.classList.remove("active");
  };

  const start = (lobbyName: string): void => {
    client?.close();
    stopPolling?.();
    error.textContent = "";
    rtt.clear();
    const next = new api.SignalingClient();
    client = next;
    next.on("disconnected", (code, reason) => {
      error.textContent = `Signaling closed: ${code} ${reason}`;
    });
    next.on("peer_disconnected", (id) => rtt.delete(id));
    if (next.joinLobby(url.value, lobbyName) !== api.GodotError.OK) error.textContent = next.getLastError()?.message ?? "";
    // "activity" keeps the connection served in a background tab, where animation frames stop.
    stopPolling = api.autoPoll(
      { poll: () => tick(next), setWakeHandler: (handler) => next.setWakeHandler(handler) },
      { mode: "activity", intervalMs: 50 },
    );
  };
  join.onclick = () => start(lobby.value.trim());
  joinNode.onclick = () => start(servers.nodeLobby);
  send.onclick = () => {
    error.textContent = "";
    if (!client) return;
    const bytes = text ? api.toUtf8(payload.value || payload.placeholder) : fromHex(payload.value);
    if (!bytes) {
      error.textContent = "Not hex: write bytes like de ad be ef.";
      return;
    }
    for (const id of client.getPeerIds()) {
      const channel = client.getPeer(id)?.channels[Number(channelSelect.value)];
      if (!channel) continue;
      channel.setWriteMode(text ? api.WriteMode.WRITE_MODE_TEXT : api.WriteMode.WRITE_MODE_BINARY);
      const result = channel.putPacket(bytes);
      if (result !== api.GodotError.OK) error.textContent = `${api.errorName(result)}: ${channel.getLastError()?.message ?? ""}`;
    }
  };

  function tick(c: SignalingClient): void {
    c.poll();
    const now = performance.now();
    const ping = now - lastPing > 1000;
    if (ping) lastPing = now;
    for (const id of c.getPeerIds()) {
      const peer = c.getPeer(id);
      if (!peer) continue;
      for (const channel of peer.channels) drain(id, channel);
      const reliable = peer.channels[0];
      if (ping && peer.connected && reliable) {
        reliable.setWriteMode(api.WriteMode.WRITE_MODE_BINARY);
        reliable.putPacket(pingPacket(now));
      }
    }
    render(c);
  }

  function drain(from: number, channel: WebRTCDataChannel): void {
    while (channel.getAvailablePacketCount() > 0) {
      const bytes = channel.getPacket();
      const isString = channel.wasStringPacket();
      if (!isString && isPing(bytes)) {
        channel.setWriteMode(api.WriteMode.WRITE_MODE_BINARY);
        channel.putPacket(pongFor(bytes));
        continue;
      }
      if (!isString && isPong(bytes)) {
        rtt.set(from, performance.now() - pongTime(bytes));
        continue;
      }
      const row = el("tr", "in");
      row.dataset.testid = "rtc-row";
      row.dataset.channel = channel.getLabel();
      row.dataset.kind = isString ? "text" : "binary";
      row.append(
        el("td", "time", clock()),
        el("td", "num", String(from)),
        el("td", "", channel.getLabel()),
        el("td", "num", String(bytes.length)),
        el("td", "flag", String(isString)),
        el("td", "content", isString ? api.getStringFromUtf8(bytes) : toHex(bytes)),
      );
      logBody.prepend(row);
      while (logBody.rows.length > MAX_ROWS) logBody.deleteRow(-1);
    }
  }

  function render(c: SignalingClient): void {
    const id = c.getUniqueId();
    const online = id !== 0;
    status.textContent = online ? `id ${id}` : "connecting";
    status.className = `badge ${online ? "open" : "connecting"}`;
    const link = c.getLobby() ? `${location.origin}${location.pathname}?lobby=${c.getLobby()}` : "";
    info.textContent = online
      ? `lobby ${c.getLobby() || "…"} · ${c.getPeerIds().length} peer(s)${link ? ` · share ${link}` : ""}`
      : "";
    info.dataset.lobby = c.getLobby();
    peersTable.replaceChildren();
    const header = el("tr");
    for (const title of ["peer", "connection", "reliable", "ordered", "unreliable", "buffered", "round trip"])
      header.append(el("th", "", title));
    peersTable.append(header);
    for (const peerId of c.getPeerIds()) {
      const peer = c.getPeer(peerId);
      if (!peer) continue;
      const row = el("tr");
      row.dataset.testid = "rtc-peer";
      row.dataset.connected = String(peer.connected);
      const time = rtt.get(peerId);
      row.append(
        el("td", "num", String(peerId)),
        el("td", "", peer.connected ? "connected" : "connecting"),
        ...peer.channels.map((ch) => el("td", "", CHANNEL_STATES[ch.getReadyState()] ?? "?")),
        el("td", "num", `${peer.channels.reduce((sum, ch) => sum + ch.getBufferedAmount(), 0)} B`),
        el("td", "num", time === undefined ? "–" : `${time.toFixed(1)} ms`),
      );
      peersTable.append(row);
    }
  }
}

function input(testid: string, label: string, value: string, className: string): HTMLInputElement {
  const node = el("input", className);
  node.value = value;
  node.dataset.testid = testid;
  node.setAttribute("aria-label", label);
  return node;
}

function button(testid: string, label: string, className: string): HTMLButtonElement {
  const node = el("button", className, label);
  node.dataset.testid = testid;
  return node;
}
