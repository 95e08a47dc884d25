// WebRTC in real Chromium through the gdnet signaling server: browser <-> browser (two pages)
// and browser <-> Node (node-datachannel in this process), text and binary, on Godot's three
// channels (reliable, unreliable ordered, unreliable), and a peer that leaves.
import type { Page } from "@playwright/test";
import { ChannelState, getStringFromUtf8, SignalingClient, toUtf8, type WebRTCDataChannel, WriteMode } from "gdnet";
import { expect, test } from "./fixtures.js";

type PeerInfo = { id: number; connected: boolean; channels: Array<Record<string, number | string | boolean>> };
type Harness = {
  join(url: string, lobby: string, protocol: number): number;
  id(): number;
  lobby(): string;
  events(): unknown[][];
  peers(): PeerInfo[];
  send(peer: number, channel: number, payload: string | number[], text: boolean): number;
  take(peer: number, channel: number): Array<{ bytes: number[]; text: string | null }>;
  close(): void;
};
declare const harness: Harness;

async function open(page: Page, demoUrl: string): Promise<void> {
  await page.goto(`${demoUrl}rtc.html`);
  await page.waitForFunction(() => typeof (globalThis as { harness?: unknown }).harness === "object");
}

async function join(page: Page, url: string, lobby: string, protocol: number): Promise<{ id: number; lobby: string }> {
  expect(await page.evaluate(([u, l, p]) => harness.join(u as string, l as string, p as number), [url, lobby, protocol])).toBe(0);
  await expect.poll(() => page.evaluate(() => harness.lobby())).not.toBe("");
  return page.evaluate(() => ({ id: harness.id(), lobby: harness.lobby() }));
}

const connectedTo = (page: Page, peer: number) =>
  page.evaluate((id) => harness.peers().find((p) => p.id === id)?.connected ?? false, peer);

async function received(page: Page, peer: number, channel: number, count: number) {
  const got: Array<{ bytes: number[]; text: string | null }> = [];
  await expect
    .poll(async () => {
      got.push(...(await page.evaluate(([p, c]) => harness.take(p as number, c as number), [peer, channel])));
      return got.length;
    })
    .toBe(count);
  return got;
}

for (const protocol of [4, 3]) {
  test(`browser <-> browser: two pages meet through the signaling server (Godot ${protocol} protocol)`, async ({
    browser,
    demoUrl,
    signaling,
  }) => {
    const url = protocol === 4 ? signaling.v4 : signaling.v3;
    const host = await (await browser.newContext()).newPage();
    const guest = await (await browser.newContext()).newPage();
    await open(host, demoUrl);
    await open(guest, demoUrl);
    const { lobby } = await join(host, url, "", protocol);
    const { id: guestId } = await join(guest, url, lobby, protocol);
    await expect.poll(() => connectedTo(host, guestId), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => connectedTo(guest, 1)).toBe(true);

    // Every channel carries text and binary, and keeps the string flag.
    for (const channel of [0, 1, 2]) {
      expect(await guest.evaluate(([c]) => harness.send(1, c as number, `text on ${c}`, true), [channel])).toBe(0);
      expect(await guest.evaluate(([c]) => harness.send(1, c as number, [c as number, 255, 0], false), [channel])).toBe(0);
      const got = await received(host, guestId, channel, 2);
      expect(got.map((p) => p.text ?? p.bytes)).toEqual([`text on ${channel}`, [channel, 255, 0]]);
    }

    // The channel parameters read back on both ends.
    const params = (page: Page, peer: number) =>
      page.evaluate(
        (id) =>
          harness
            .peers()
            .find((p) => p.id === id)
            ?.channels.map((c) => [c.label, c.id, c.ordered, c.negotiated]),
        peer,
      );
    const expected = [
      ["reliable", 1, true, true],
      ["ordered", 2, true, true],
      ["unreliable", 3, false, true],
    ];
    expect(await params(host, guestId)).toEqual(expected);
    expect(await params(guest, 1)).toEqual(expected);
    const lifetimes = await guest.evaluate(() => harness.peers()[0]?.channels.map((c) => c.maxPacketLifeTime));
    expect(lifetimes).toEqual([65535, 1, 1]);

    // A peer that leaves is reported to the other.
    await guest.evaluate(() => harness.close());
    await expect.poll(() => host.evaluate(() => harness.events().some((e) => e[0] === "peer_disconnected"))).toBe(true);
  });
}

test("browser <-> Node: a page and a node-datachannel peer exchange text and binary on every channel", async ({
  page,
  demoUrl,
  signaling,
}) => {
  await open(page, demoUrl);
  const { lobby } = await join(page, signaling.v4, "", 4);
  const node = new SignalingClient({ protocol: 4 });
  node.joinLobby(signaling.v4, lobby);
  const poll = setInterval(() => node.poll(), 5);
  try {
    await expect.poll(() => node.getPeer(1)?.connected ?? false, { timeout: 15_000 }).toBe(true);
    const nodeId = node.getUniqueId();
    await expect.poll(() => connectedTo(page, nodeId)).toBe(true);
    const channels = node.getPeer(1)?.channels as WebRTCDataChannel[];
    for (const [index, channel] of channels.entries()) {
      expect(channel.getReadyState()).toBe(ChannelState.STATE_OPEN);
      channel.setWriteMode(WriteMode.WRITE_MODE_TEXT);
      channel.putPacket(toUtf8(`from node on ${channel.getLabel()}`));
      channel.setWriteMode(WriteMode.WRITE_MODE_BINARY);
      channel.putPacket(new Uint8Array([index, 42]));
      const got = await received(page, nodeId, index, 2);
      expect(got.map((p) => p.text ?? p.bytes)).toEqual([`from node on ${channel.getLabel()}`, [index, 42]]);
      const sent = await page.evaluate(
        ([peer, c]) => harness.send(peer as number, c as number, `from browser on ${c}`, true),
        [nodeId, index],
      );
      expect(sent).toBe(0);
      await expect.poll(() => channel.getAvailablePacketCount()).toBe(1);
      expect(getStringFromUtf8(channel.getPacket())).toBe(`from browser on ${index}`);
      expect(channel.wasStringPacket()).toBe(true);
    }
    // The browser page leaves: the Node peer sees it go.
    await page.evaluate(() => harness.close());
    await expect.poll(() => node.getPeer(1) === null, { timeout: 15_000 }).toBe(true);
  } finally {
    clearInterval(poll);
    node.close();
  }
});

test("browser <-> Node with the Node peer hosting: the page makes the offer", async ({ page, demoUrl, signaling }) => {
  const node = new SignalingClient({ protocol: 4 });
  node.joinLobby(signaling.v4);
  const poll = setInterval(() => node.poll(), 5);
  try {
    await expect.poll(() => node.getLobby()).not.toBe("");
    await open(page, demoUrl);
    const { id: pageId } = await join(page, signaling.v4, node.getLobby(), 4);
    await expect.poll(() => node.getPeer(pageId)?.connected ?? false, { timeout: 15_000 }).toBe(true);
    // Chrome may see its channels open a little after Node does: wait for the page's end too.
    await expect.poll(() => connectedTo(page, 1)).toBe(true);
    expect(await page.evaluate(() => harness.send(1, 0, [1, 2, 3], false))).toBe(0);
    const reliable = node.getPeer(pageId)?.channels[0] as WebRTCDataChannel;
    await expect.poll(() => reliable.getAvailablePacketCount()).toBe(1);
    expect([...reliable.getPacket()]).toEqual([1, 2, 3]);
    expect(reliable.wasStringPacket()).toBe(false);
  } finally {
    clearInterval(poll);
    node.close();
  }
});
