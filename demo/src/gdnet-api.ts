import type * as gdnet from "gdnet";

/**
 * The part of gdnet the demo panels use. The bundler page passes the imported module; the
 * script-tag page passes `window.GDNet` from the IIFE, so both pages run the same panel code
 * while only the IIFE page gets gdnet from a <script> tag.
 */
export type GdnetApi = Pick<
  typeof gdnet,
  | "WebSocketPeer"
  | "WebSocketState"
  | "WriteMode"
  | "GodotError"
  | "toUtf8"
  | "getStringFromUtf8"
  | "autoPoll"
  | "errorName"
  | "SignalingClient"
  | "SceneMultiplayer"
  | "WebSocketMultiplayerPeer"
  | "WebRTCMultiplayerPeer"
  | "Vector2"
>;

/** Where the demo's servers are. */
export interface ServerUrls {
  echo: string;
  signaling: string;
  /** The lobby of the Node peer `npm start` runs ("" when there is none). */
  nodeLobby: string;
  /** The gdnet relay server (multiplayer chat). */
  relay: string;
  /** The lobby of the Node world host (multiplayer positions). */
  worldLobby: string;
}

/** The servers `npm start` injects into the page (scripts/start.mjs); query parameters of the same names override. */
export function serverUrls(): ServerUrls {
  const injected = (globalThis as { GDNET_SERVERS?: Partial<ServerUrls> }).GDNET_SERVERS ?? {};
  const query = new URLSearchParams(location.search);
  const host = location.hostname || "localhost";
  return {
    echo: query.get("echo") ?? injected.echo ?? `ws://${host}:9080/`,
    signaling: query.get("signaling") ?? injected.signaling ?? `ws://${host}:9081/`,
    nodeLobby: query.get("nodeLobby") ?? injected.nodeLobby ?? "",
    relay: query.get("relay") ?? injected.relay ?? `ws://${host}:9082/`,
    worldLobby: query.get("worldLobby") ?? injected.worldLobby ?? "",
  };
}
