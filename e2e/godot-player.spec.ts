// The demo's Godot 4.6 player in real Chromium: joining the game starts the official Godot 4.6 web
// build on the GDScript in demo/godot/, which joins the same gdnet relay session as the page's
// gdnet player. Its dot's positions reach the gdnet player by RPC, the gdnet player's position
// reaches Godot, and a value the gdnet player pings with comes back upper-cased by GDScript.
//
// The build puts the player in demo/dist/godot/ only when it could fetch the template
// (scripts/demo-godot.ts). Without it this spec is skipped loudly, or fails under
// GDNET_REQUIRE_GODOT=1 (CI), like the Godot 4 interop tests.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { RelayServer } from "gdnet";
import { expect, test } from "./fixtures.js";
import { join, worldHost } from "./multiplayer.js";

const MANIFEST = fileURLToPath(new URL("../demo/dist/godot/player.json", import.meta.url));

/** Why the build has no Godot player, or null when it has one. */
function missingPlayer(): string | null {
  if (!existsSync(MANIFEST)) return `${MANIFEST} is missing: run npm run build.`;
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as { available: boolean; reason?: string };
  return manifest.available ? null : `the build has no Godot player: ${manifest.reason}`;
}

const missing = missingPlayer();
const required = process.env.GDNET_REQUIRE_GODOT === "1";
if (missing && !required) {
  console.warn(
    `\n!! SKIPPING e2e/godot-player.spec.ts: ${missing}\n!! Fetch the template with npm run godot4:fetch, then npm run build.\n`,
  );
}

/** The Godot players the page's gdnet player knows, from its peer list (`data-godot`: "id:x,y:moves ..."). */
async function godotPeers(page: Page): Promise<{ id: number; at: string; moves: number }[]> {
  const text = (await page.getByTestId("mp-peers").getAttribute("data-godot")) ?? "";
  return text
    .split(" ")
    .filter(Boolean)
    .map((entry) => {
      const [id = "", at = "", moves = "0"] = entry.split(":");
      return { id: Number(id), at, moves: Number(moves) };
    });
}

/** The last answer to a ping the page got (`data-pong`), or null. */
async function lastPong(page: Page): Promise<{ from: number; value: string; answer: string } | null> {
  const text = await page.getByTestId("mp-peers").getAttribute("data-pong");
  return text ? (JSON.parse(text) as { from: number; value: string; answer: string }) : null;
}

test.skip(missing !== null && !required, missing ?? "");

test("the Godot 4.6 player's moves reach a gdnet player, and its pings come back from GDScript", async ({
  page,
  demoUrl,
  signaling,
}) => {
  // Fetching and compiling the 37 MB engine takes a few seconds on a busy 2-core machine.
  test.setTimeout(90_000);
  if (missing) throw new Error(`GDNET_REQUIRE_GODOT=1 and ${missing}`);
  const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
  const relayUrl = await relay.start();
  const host = await worldHost(signaling.v4);
  try {
    const query = new URLSearchParams({ signaling: signaling.v4, relay: relayUrl, worldLobby: host.lobby });
    await join(page, `${demoUrl}index.html?${query}`);
    const chatId = Number(await page.getByTestId("mp-status").getAttribute("data-chat"));
    await expect(page.getByTestId("mp-godot-status")).toHaveAttribute("data-state", "running", { timeout: 60_000 });

    // Godot said hello over the relay: the gdnet player lists it by the name GDScript gave.
    await expect(page.getByTestId("mp-peers")).toContainText(/Godot players: \d+ \(Godot 4\.6\.stable\)/, { timeout: 30_000 });
    const [godot] = await godotPeers(page);
    if (!godot) throw new Error("no Godot player in data-godot");

    // Two different positions of Godot's dot, each received in a move RPC.
    let first = "";
    await expect
      .poll(async () => {
        first = (await godotPeers(page)).find((peer) => peer.id === godot.id)?.at ?? "-";
        return first;
      })
      .toMatch(/^\d+\.\d,\d+\.\d$/);
    await expect.poll(async () => (await godotPeers(page)).find((peer) => peer.id === godot.id)?.at).not.toBe(first);

    // gdnet -> Godot: the gdnet player's own position reached GDScript (arena.gd prints the first one).
    await expect(page.getByTestId("mp-godot-output")).toContainText(`First position from peer ${chatId}:`);

    // gdnet -> Godot -> gdnet: the ping sent when Godot said hello, then one from the button.
    await expect
      .poll(() => lastPong(page))
      .toEqual({ from: godot.id, value: `ping #1 from ${chatId}`, answer: `PING #1 FROM ${chatId}` });
    await page.getByTestId("mp-godot-ping").click();
    await expect(page.getByTestId("mp-peers")).toHaveAttribute("data-ping", `ping #2 from ${chatId}`);
    await expect
      .poll(() => lastPong(page))
      .toEqual({ from: godot.id, value: `ping #2 from ${chatId}`, answer: `PING #2 FROM ${chatId}` });
    // Godot printed the value it got, and the page's chat shows the round trip.
    await expect(page.getByTestId("mp-godot-output")).toContainText(`Ping "ping #2 from ${chatId}" from peer ${chatId}`);
    await expect(page.getByTestId("mp-chat")).toContainText(`answered "ping #2 from ${chatId}" with "PING #2 FROM ${chatId}"`);
    // And GDScript's chat line, a reliable RPC on Lobby/Chat.
    await expect(page.getByTestId("mp-chat")).toContainText(`${godot.id}: Hi from Godot 4.6.stable`);
  } finally {
    host.stop();
    relay.stop();
  }
});
