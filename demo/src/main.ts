// The demo page built by Vite: gdnet comes from a bundler import.
import * as gdnet from "gdnet";
import { mountDataChannelPanel } from "./datachannel-panel.js";
import { serverUrls } from "./gdnet-api.js";
import { mountMultiplayerPanel } from "./multiplayer-panel.js";
import { mountWebSocketPanel } from "./websocket-panel.js";

const servers = serverUrls();
const websocket = document.querySelector<HTMLElement>("#websocket");
if (websocket) mountWebSocketPanel(websocket, gdnet, servers.echo);
const datachannel = document.querySelector<HTMLElement>("#datachannel");
if (datachannel) mountDataChannelPanel(datachannel, gdnet, servers);
const multiplayer = document.querySelector<HTMLElement>("#multiplayer");
if (multiplayer) mountMultiplayerPanel(multiplayer, gdnet, servers);
(globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady = true;
