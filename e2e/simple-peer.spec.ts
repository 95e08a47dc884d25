// The simple-peer adapter in real Chromium (simple-peer's browser bundle + gdnet's adapter bundle)
// talking to simple-peer in Node on node-datachannel (with simplePeerWrtc()).
import { ChannelState, getStringFromUtf8, toUtf8, WriteMode } from "gdnet";
import { SimplePeerAdapter, simplePeerWrtc } from "gdnet/simple-peer";
import Peer from "simple-peer";
import { expect, test } from "./fixtures.js";

type PageHarness = {
  signals: unknown[];
  adapter: {
    poll(): void;
    getReadyState(): number;
    getAvailablePacketCount(): number;
    getPacket(): Uint8Array;
    wasStringPacket(): boolean;
    setWriteMode(mode: number): void;
    putPacket(bytes: Uint8Array): number;
  };
  peer: { signal(data: unknown): void };
};
declare const sp: PageHarness;

test("a page's simple-peer, adapted, exchanges text and binary packets with a Node simple-peer", async ({ page, demoUrl }) => {
  await page.goto(`${demoUrl}simple-peer.html`);
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      SimplePeer: new (o: object) => PageHarness["peer"] & { on(e: string, f: (d: unknown) => void): void };
      GDNetSimplePeer: { SimplePeerAdapter: new (p: unknown) => PageHarness["adapter"] };
      sp: PageHarness;
    };
    const peer = new g.SimplePeer({ initiator: true });
    const harness: PageHarness = { signals: [], adapter: new g.GDNetSimplePeer.SimplePeerAdapter(peer), peer };
    peer.on("signal", (data) => harness.signals.push(data));
    g.sp = harness;
  });
  const node = new Peer({ wrtc: simplePeerWrtc() as Peer.Options["wrtc"] });
  const adapter = new SimplePeerAdapter(node);
  const sent: unknown[] = [];
  node.on("signal", (data) => sent.push(data));
  try {
    // Relay the signaling by hand, both ways, until both sides are open.
    let offered = 0;
    await expect
      .poll(
        async () => {
          const fromPage = await page.evaluate(() => sp.signals.splice(0));
          for (const data of fromPage) node.signal(data as Peer.SignalData);
          offered += fromPage.length;
          for (const data of sent.splice(0)) await page.evaluate((d) => sp.peer.signal(d), data);
          adapter.poll();
          return offered > 0 && adapter.getReadyState() === ChannelState.STATE_OPEN;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await expect
      .poll(() =>
        page.evaluate(() => {
          sp.adapter.poll();
          return sp.adapter.getReadyState();
        }),
      )
      .toBe(ChannelState.STATE_OPEN);

    adapter.setWriteMode(WriteMode.WRITE_MODE_TEXT);
    adapter.putPacket(toUtf8("from node"));
    adapter.setWriteMode(WriteMode.WRITE_MODE_BINARY);
    adapter.putPacket(new Uint8Array([4, 5, 6]));
    await expect
      .poll(() =>
        page.evaluate(() => {
          sp.adapter.poll();
          return sp.adapter.getAvailablePacketCount();
        }),
      )
      .toBe(2);
    const got = await page.evaluate(() =>
      [0, 1].map(() => ({ bytes: [...sp.adapter.getPacket()], text: sp.adapter.wasStringPacket() })),
    );
    expect(got).toEqual([
      { bytes: [...toUtf8("from node")], text: true },
      { bytes: [4, 5, 6], text: false },
    ]);

    await page.evaluate(() => {
      sp.adapter.setWriteMode(0);
      sp.adapter.putPacket(new TextEncoder().encode("from the page"));
    });
    await expect
      .poll(() => {
        adapter.poll();
        return adapter.getAvailablePacketCount();
      })
      .toBe(1);
    expect(getStringFromUtf8(adapter.getPacket())).toBe("from the page");
    expect(adapter.wasStringPacket()).toBe(true);
  } finally {
    node.destroy();
  }
});
