// The demo's data-channel section in real Chromium: two tabs meet in a lobby through the gdnet
// signaling server and exchange text and binary packets, with ready states and round-trip times.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";

async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady === true);
}

for (const path of ["index.html", "script-tag.html"]) {
  test(`two tabs of ${path} meet in a lobby and exchange text and binary packets`, async ({ browser, demoUrl, signaling }) => {
    const query = `signaling=${encodeURIComponent(signaling.v4)}`;
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    await openDemo(first, `${demoUrl}${path}?${query}`);
    await first.getByTestId("rtc-join").click();
    await expect(first.getByTestId("rtc-status")).toHaveText("id 1");
    const info = first.getByTestId("rtc-info");
    await expect(info).toHaveAttribute("data-lobby", /^[A-Za-z0-9]{16}$/);
    const lobby = (await info.getAttribute("data-lobby")) ?? "";

    // The second tab opens the share link, which fills in the lobby.
    await openDemo(second, `${demoUrl}${path}?${query}&lobby=${lobby}`);
    await expect(second.getByTestId("rtc-lobby")).toHaveValue(lobby);
    await second.getByTestId("rtc-join").click();
    for (const page of [first, second]) {
      await expect(page.locator('[data-testid="rtc-peer"][data-connected="true"]')).toHaveCount(1, { timeout: 15_000 });
    }
    // Both channels' states and the round trip show up in the peer table.
    await expect(first.getByTestId("rtc-peer")).toContainText("open");
    await expect(first.getByTestId("rtc-peer")).toContainText(/\d+\.\d ms/);

    await second.getByTestId("rtc-payload").fill("hello over WebRTC");
    await second.getByTestId("rtc-send").click();
    await second.getByTestId("rtc-mode-binary").click();
    await second.getByTestId("rtc-channel").selectOption("2");
    await second.getByTestId("rtc-payload").fill("01 02 03");
    await second.getByTestId("rtc-send").click();
    // Two channels keep no order between them: find each packet by its channel.
    await expect(first.getByTestId("rtc-row")).toHaveCount(2);
    const row = (channel: string) => first.locator(`[data-testid="rtc-row"][data-channel="${channel}"]`);
    await expect(row("unreliable")).toHaveAttribute("data-kind", "binary");
    await expect(row("unreliable").locator("td.content")).toHaveText("01 02 03");
    await expect(row("reliable")).toHaveAttribute("data-kind", "text");
    await expect(row("reliable").locator("td.content")).toHaveText("hello over WebRTC");

    // The second tab leaves: the first one's peer list empties.
    await second.close();
    await expect(first.getByTestId("rtc-peer")).toHaveCount(0, { timeout: 15_000 });
  });
}
