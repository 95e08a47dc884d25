// The demo page built by Vite: gdnet comes from a bundler import.
import * as gdnet from "gdnet";
import { serverUrls } from "./gdnet-api.js";
import { mountWebSocketPanel } from "./websocket-panel.js";

const root = document.querySelector<HTMLElement>("#websocket");
if (root) mountWebSocketPanel(root, gdnet, serverUrls().echo);
(globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady = true;
