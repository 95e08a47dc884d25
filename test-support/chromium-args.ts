/**
 * The Chromium flags this machine needs, for the e2e specs (playwright.config.ts) and the Godot 4.6
 * interop harness (interop/godot4/godot4.ts).
 */
export const CHROMIUM_ARGS: string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Chrome hides host ICE candidates behind mDNS names when a page offers; loopback WebRTC tests
  // need the plain addresses.
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];
