// The demo pages in real Chromium against a real gdnet server in this process: the bundler page
// (gdnet imported through Vite) and the script-tag page (gdnet from gdnet.iife.js as GDNet).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";

const pages = [
  { name: "the bundler-import page", path: "index.html" },
  { name: "the script-tag page", path: "script-tag.html" },
];

async function openAndConnect(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady === true);
  await page.getByTestId("ws-connect").click();
  await expect(page.getByTestId("ws-state")).toHaveText("OPEN");
}

for (const { name, path } of pages) {
  test.describe(name, () => {
    test("sends a text packet in TEXT mode and a binary one in BINARY mode, and lists the echoes", async ({
      page,
      demoUrl,
      echo,
    }) => {
      await openAndConnect(page, `${demoUrl}${path}?echo=${encodeURIComponent(echo.url)}`);
      await page.getByTestId("ws-mode-text").click();
      await page.getByTestId("ws-payload").fill("héllo Godot");
      await page.getByTestId("ws-send").click();
      await page.getByTestId("ws-mode-binary").click();
      await page.getByTestId("ws-encoding").selectOption("hex");
      await page.getByTestId("ws-payload").fill("de ad be ef 00");
      await page.getByTestId("ws-send").click();

      const incoming = page.locator('[data-testid="packet-row"][data-direction="in"]');
      await expect(incoming).toHaveCount(2);
      // Newest first: the binary echo, then the text echo, each with the frame kind it came in.
      await expect(incoming.nth(0)).toHaveAttribute("data-kind", "binary");
      await expect(incoming.nth(0)).toHaveAttribute("data-size", "5");
      await expect(incoming.nth(0).locator("td.content")).toHaveText("de ad be ef 00");
      await expect(incoming.nth(1)).toHaveAttribute("data-kind", "text");
      await expect(incoming.nth(1).locator("td.content")).toHaveText("héllo Godot");

      expect(echo.seen).toEqual([
        { bytes: [...new TextEncoder().encode("héllo Godot")], wasString: true },
        { bytes: [0xde, 0xad, 0xbe, 0xef, 0x00], wasString: false },
      ]);
    });

    test("shows the close code when the server disconnects the page", async ({ page, demoUrl, echo }) => {
      await openAndConnect(page, `${demoUrl}${path}?echo=${encodeURIComponent(echo.url)}`);
      await expect.poll(() => echo.server.getPeerIds().length).toBe(1);
      echo.server.disconnectPeer(echo.server.getPeerIds()[0] as number, 4000, "Server maintenance");
      await expect(page.getByTestId("ws-state")).toHaveText("CLOSED");
      await expect(page.getByTestId("ws-stats")).toContainText("closed 4000 Server maintenance");
    });
  });
}

/** What a browser answers when asked to run a server, through the page's global GDNet. */
function refuseServer(): {
  listen: number;
  code: string;
  message: string;
  headers: number;
  heartbeat: number;
  unavailable: number;
} {
  const GDNet = (globalThis as unknown as { GDNet: typeof import("gdnet") }).GDNet;
  const server = new GDNet.WebSocketServer();
  const peer = new GDNet.WebSocketPeer();
  peer.handshakeHeaders = ["X-Token: 1"];
  return {
    listen: server.listen(0),
    code: server.getLastError()?.code ?? "",
    message: server.getLastError()?.message ?? "",
    headers: peer.connectToUrl("ws://127.0.0.1:9/"),
    heartbeat: peer.setHeartbeatInterval(1),
    unavailable: GDNet.GodotError.ERR_UNAVAILABLE,
  };
}

test("the script-tag page gets gdnet only from the IIFE, and a browser refuses to run a server", async ({ page, demoUrl }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(`${demoUrl}script-tag.html`);
  await page.waitForFunction(() => (globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady === true);
  expect(scripts).toContain("/gdnet.iife.js");
  const result = await page.evaluate(refuseServer);
  expect(result.listen).toBe(result.unavailable);
  // The code is the contract; the production bundle's message is the compact one, naming its full text.
  expect(result.code).toBe("ERR_UNAVAILABLE");
  expect(result.message).toMatch(
    /^\[gdnet E[0-9a-z]{4}\] ERR_UNAVAILABLE \("browser"\) — full message: https:\/\/\S+docs\/errors\.md#e[0-9a-z]{4}$/,
  );
  expect(result.headers).toBe(result.unavailable);
  expect(result.heartbeat).toBe(result.unavailable);
});

test("gdnet.dev.iife.js gives the same errors with the full messages", async ({ page, demoUrl }) => {
  await page.goto(`${demoUrl}script-tag.html`);
  await page.waitForFunction(() => (globalThis as { gdnetDemoReady?: boolean }).gdnetDemoReady === true);
  await page.addScriptTag({ url: "/gdnet.dev.iife.js" }); // replaces the global GDNet
  const result = await page.evaluate(refuseServer);
  expect(result.listen).toBe(result.unavailable);
  expect(result.code).toBe("ERR_UNAVAILABLE");
  expect(result.message).toMatch(/Run the server in Node/);
  expect(result.headers).toBe(result.unavailable);
  expect(result.heartbeat).toBe(result.unavailable);
});
