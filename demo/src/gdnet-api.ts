import type * as gdnet from "gdnet";

/**
 * The part of gdnet the demo panels use. The bundler page passes the imported module; the
 * script-tag page passes `window.GDNet` from the IIFE, so both pages run the same panel code
 * while only the IIFE page gets gdnet from a <script> tag.
 */
export type GdnetApi = Pick<
  typeof gdnet,
  "WebSocketPeer" | "WebSocketState" | "WriteMode" | "GodotError" | "toUtf8" | "getStringFromUtf8" | "autoPoll" | "errorName"
>;

/** The servers `npm start` injects into the page (see scripts/start.mjs); a ?echo= query overrides. */
export function serverUrls(): { echo: string } {
  const injected = (globalThis as { GDNET_SERVERS?: { echo?: string } }).GDNET_SERVERS;
  const query = new URLSearchParams(location.search);
  return { echo: query.get("echo") ?? injected?.echo ?? `ws://${location.hostname || "localhost"}:9080/` };
}
