// The demo's multiplayer section in real Chromium: two tabs join a game whose positions travel as
// unreliable RPCs over WebRTC (relayed by a Node world host, as `npm start` runs one) and whose
// chat travels as reliable RPCs over the gdnet relay.
import { RelayServer } from "gdnet";
import { expect, test } from "./fixtures.js";
import { join, worldHost } from "./multiplayer.js";

test("two tabs see each other's dots over WebRTC and chat over the relay", async ({ browser, demoUrl, signaling }) => {
  const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
  const relayUrl = await relay.start();
  const host = await worldHost(signaling.v4);
  try {
    // The gdnet players only: e2e/godot-player.spec.ts has the Godot 4.6 player, and two 37 MB
    // engines starting here would compete with the WebRTC setup on a 2-core machine.
    const query = new URLSearchParams({
      signaling: signaling.v4,
      relay: relayUrl,
      worldLobby: host.lobby,
      godot: "off",
    }).toString();
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    await join(first, `${demoUrl}index.html?${query}`);
    await join(second, `${demoUrl}script-tag.html?${query}`);
    for (const page of [first, second]) {
      await expect(page.getByTestId("mp-peers")).toHaveAttribute("data-world-players", "2", { timeout: 15_000 });
      // A position RPC from the other tab has arrived (relayed by the world host).
      await expect(page.getByTestId("mp-peers")).toHaveAttribute("data-seen", /^\d+$/, { timeout: 15_000 });
    }
    await first.getByTestId("mp-chat-input").fill("gg");
    await first.getByTestId("mp-chat-send").click();
    await expect(second.getByTestId("mp-chat")).toContainText(": gg");
    await expect(first.getByTestId("mp-chat")).toContainText(": gg");
  } finally {
    host.stop();
    relay.stop();
  }
});
