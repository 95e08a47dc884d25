// What the multiplayer specs share: the Node world host `npm start` runs (scripts/demo-world.mjs),
// started on the spec's signaling server, and joining the demo's game from a page.
import type { Page } from "@playwright/test";
import { autoPoll, SceneMultiplayer, SignalingClient, WebRTCMultiplayerPeer } from "gdnet";
import { expect } from "./fixtures.js";

/** A WebRTC lobby hosted by a gdnet SceneMultiplayer server that relays the page's "World" moves. */
export async function worldHost(signalingUrl: string): Promise<{ lobby: string; stop(): void }> {
  const multiplayer = new WebRTCMultiplayerPeer();
  const signaling = new SignalingClient({ multiplayer });
  const world = new SceneMultiplayer();
  world.registerNode("World", { move() {} }, { rpc: { move: ["any_peer", "unreliable"] } });
  world.multiplayerPeer = multiplayer;
  signaling.joinLobby(signalingUrl, "", false);
  const stop = autoPoll([signaling, world], { intervalMs: 5 });
  await expect.poll(() => signaling.getLobby()).not.toBe("");
  return {
    lobby: signaling.getLobby(),
    stop: () => {
      stop();
      signaling.close();
      multiplayer.close();
    },
  };
}

/** Opens `url`, clicks "Join the game" and waits until both sessions gave the page its ids. */
export async function join(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady === true);
  await page.getByTestId("mp-join").click();
  await expect(page.getByTestId("mp-status")).toHaveAttribute("data-ready", "true", { timeout: 15_000 });
}
