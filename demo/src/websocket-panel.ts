import type { WebSocketPeer, WriteMode } from "gdnet";
import { clock, el, fromHex, toHex } from "./format.js";
import type { GdnetApi } from "./gdnet-api.js";

const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
const MAX_ROWS = 200;

/**
 * The WebSocket section of the demo: a WebSocketPeer driven by autoPoll, a write-mode toggle,
 * and a log of every packet with its size, content, wasStringPacket and arrival time.
 */
export function mountWebSocketPanel(root: HTMLElement, api: GdnetApi, defaultUrl: string): void {
  const peer: WebSocketPeer = new api.WebSocketPeer();
  const sentAt: number[] = [];
  const stats = { sent: 0, received: 0, bytesIn: 0, bytesOut: 0, rtt: Number.NaN };

  root.append(
    el("h2", "", "WebSocket"),
    el("p", "hint", "A WebSocketPeer against the gdnet echo server: every packet comes back in the write mode it was sent in."),
  );
  const connectRow = el("div", "row");
  const url = el("input", "grow");
  url.value = defaultUrl;
  url.dataset.testid = "ws-url";
  url.setAttribute("aria-label", "Server URL");
  const connect = el("button", "primary", "Connect");
  connect.dataset.testid = "ws-connect";
  const badge = el("span", "badge closed", "CLOSED");
  badge.dataset.testid = "ws-state";
  connectRow.append(url, connect, badge);

  const sendRow = el("div", "row");
  const modes = el("div", "segmented");
  const textMode = modeButton("Text", "ws-mode-text");
  const binaryMode = modeButton("Binary", "ws-mode-binary");
  modes.append(textMode, binaryMode);
  const encoding = el("select");
  encoding.dataset.testid = "ws-encoding";
  encoding.setAttribute("aria-label", "Payload encoding");
  encoding.append(new Option("UTF-8 text", "utf8"), new Option("Hex bytes", "hex"));
  const payload = el("input", "grow");
  payload.placeholder = "Hello, Godot!";
  payload.dataset.testid = "ws-payload";
  payload.setAttribute("aria-label", "Payload");
  const send = el("button", "primary", "Send");
  send.dataset.testid = "ws-send";
  const burst = el("button", "", "Burst ×100");
  burst.dataset.testid = "ws-burst";
  sendRow.append(modes, encoding, payload, send, burst);

  const statLine = el("div", "stats");
  statLine.dataset.testid = "ws-stats";
  const error = el("div", "error");
  error.dataset.testid = "ws-error";

  const table = el("table", "log");
  const head = el("tr");
  for (const title of ["#", "", "time", "bytes", "frame", "wasStringPacket", "content"]) head.append(el("th", "", title));
  const body = el("tbody");
  table.append(el("thead"), body);
  table.tHead?.append(head);
  root.append(connectRow, sendRow, statLine, error, table);

  let writeMode: WriteMode = api.WriteMode.WRITE_MODE_TEXT;
  let rowCount = 0;
  const setMode = (mode: WriteMode): void => {
    writeMode = mode;
    textMode.classList.toggle("active", mode === api.WriteMode.WRITE_MODE_TEXT);
    binaryMode.classList.toggle("active", mode === api.WriteMode.WRITE_MODE_BINARY);
    if (mode === api.WriteMode.WRITE_MODE_TEXT) encoding.value = "utf8";
  };
  textMode.onclick = () => setMode(api.WriteMode.WRITE_MODE_TEXT);
  binaryMode.onclick = () => setMode(api.WriteMode.WRITE_MODE_BINARY);
  setMode(writeMode);

  const showError = (message: string): void => {
    error.textContent = message;
  };
  const logRow = (direction: "in" | "out", bytes: Uint8Array, isString: boolean): void => {
    const row = el("tr", direction);
    row.dataset.testid = "packet-row";
    row.dataset.direction = direction;
    row.dataset.kind = isString ? "text" : "binary";
    row.dataset.size = String(bytes.length);
    const content = isString ? api.getStringFromUtf8(bytes) : toHex(bytes);
    row.append(
      el("td", "num", String(++rowCount)),
      el("td", "dir", direction === "in" ? "⬇" : "⬆"),
      el("td", "time", clock()),
      el("td", "num", String(bytes.length)),
      el("td", isString ? "kind text" : "kind binary", isString ? "text" : "binary"),
      el("td", "flag", direction === "in" ? String(isString) : "–"),
      el("td", "content", content),
    );
    body.prepend(row);
    while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
  };
  const bytesToSend = (): Uint8Array | undefined => {
    if (encoding.value === "hex") {
      const bytes = fromHex(payload.value);
      if (!bytes) showError("Not hex: write bytes like de ad be ef.");
      return bytes;
    }
    return api.toUtf8(payload.value || payload.placeholder);
  };
  const sendOnce = (bytes: Uint8Array): boolean => {
    const result = peer.send(bytes, writeMode);
    if (result !== api.GodotError.OK) {
      showError(`${api.errorName(result)}: ${peer.getLastError()?.message ?? ""}`);
      return false;
    }
    sentAt.push(performance.now());
    stats.sent++;
    stats.bytesOut += bytes.length;
    logRow("out", bytes, writeMode === api.WriteMode.WRITE_MODE_TEXT);
    return true;
  };

  connect.onclick = () => {
    showError("");
    if (peer.getReadyState() === api.WebSocketState.STATE_CLOSED) {
      const result = peer.connectToUrl(url.value);
      if (result !== api.GodotError.OK) showError(`${api.errorName(result)}: ${peer.getLastError()?.message ?? ""}`);
      sentAt.length = 0;
    } else {
      peer.close(1000, "Bye from the demo");
    }
  };
  send.onclick = () => {
    showError("");
    const bytes = bytesToSend();
    if (bytes) sendOnce(bytes);
  };
  payload.onkeydown = (event) => {
    if (event.key === "Enter") send.click();
  };
  burst.onclick = () => {
    showError("");
    const bytes = bytesToSend();
    for (let i = 0; bytes && i < 100 && sendOnce(bytes); i++);
  };

  api.autoPoll({
    poll: () => {
      peer.poll();
      while (peer.getAvailablePacketCount() > 0) {
        const packet = peer.getPacket();
        const started = sentAt.shift();
        if (started !== undefined) stats.rtt = performance.now() - started;
        stats.received++;
        stats.bytesIn += packet.length;
        logRow("in", packet, peer.wasStringPacket());
      }
      const state = peer.getReadyState();
      const name = STATE_NAMES[state] ?? "?";
      if (badge.textContent !== name) {
        badge.textContent = name;
        badge.className = `badge ${name.toLowerCase()}`;
        connect.textContent = state === api.WebSocketState.STATE_CLOSED ? "Connect" : "Disconnect";
        if (state === api.WebSocketState.STATE_CLOSED && peer.getLastError()) showError(peer.getLastError()?.message ?? "");
      }
      const close =
        state === api.WebSocketState.STATE_CLOSED && peer.getCloseCode() !== -1
          ? ` · closed ${peer.getCloseCode()} ${peer.getCloseReason()}`
          : "";
      statLine.textContent =
        `sent ${stats.sent} (${stats.bytesOut} B) · received ${stats.received} (${stats.bytesIn} B) · ` +
        `buffered ${peer.getCurrentOutboundBufferedAmount()} B · round trip ${Number.isNaN(stats.rtt) ? "–" : `${stats.rtt.toFixed(1)} ms`}${close}`;
    },
  });
}

function modeButton(label: string, testid: string): HTMLButtonElement {
  const button = el("button", "", label);
  button.dataset.testid = testid;
  return button;
}
