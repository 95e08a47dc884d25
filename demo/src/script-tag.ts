// The script-tag page: gdnet comes from <script src="gdnet.iife.js"> as the global GDNet, and
// this file only holds the page's own UI (it imports nothing from gdnet).

import { mountDataChannelPanel } from "./datachannel-panel.js";
import type { GdnetApi } from "./gdnet-api.js";
import { serverUrls } from "./gdnet-api.js";
import { mountMultiplayerPanel } from "./multiplayer-panel.js";
import { mountWebSocketPanel } from "./websocket-panel.js";

const api = (globalThis as { GDNet?: GdnetApi }).GDNet;
const root = document.querySelector<HTMLElement>("#websocket");
if (!api) {
  if (root) root.textContent = "GDNet is missing: gdnet.iife.js did not load (run npm run build).";
} else {
  const servers = serverUrls();
  if (root) mountWebSocketPanel(root, api, servers.echo);
  const datachannel = document.querySelector<HTMLElement>("#datachannel");
  if (datachannel) mountDataChannelPanel(datachannel, api, servers);
  const multiplayer = document.querySelector<HTMLElement>("#multiplayer");
  if (multiplayer) mountMultiplayerPanel(multiplayer, api, servers);
}
(globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady = true;
