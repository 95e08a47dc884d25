// A relay session in real Chromium: gdnet relay (RelayServer) in this process, three Node clients
// and a browser page (the script-tag bundle), all calling RPCs on each other with SceneMultiplayer.
import { RelayServer, SceneMultiplayer, type Vector2, WebSocketMultiplayerPeer } from "gdnet";
import { expect, test } from "./fixtures.js";

type Relay = {
  join(url: string): number;
  id(): number;
  peers(): number[];
  say(target: number, text: string): number;
  bytes(target: number, text: string): number;
  heard(): Array<{ text: string; from: number; pos: number[] | null }>;
  packets(): Array<[number, string]>;
};
declare const relay: Relay;

test("three Node clients and a browser page share a relay session: broadcast, targeted and all-but-N", async ({
  page,
  demoUrl,
}) => {
  const server = new RelayServer({ port: 0, host: "127.0.0.1" });
  const url = await server.start();
  const nodes = Array.from({ length: 3 }, () => {
    const peer = new WebSocketMultiplayerPeer();
    const api = new SceneMultiplayer();
    const heard: Array<{ text: string; from: number }> = [];
    api.registerNode(
      "Game/Chat",
      { say: (text: string, _pos: Vector2) => heard.push({ text, from: api.getRemoteSenderId() }) },
      {
        rpc: { say: ["any_peer", "call_remote", "reliable"] },
      },
    );
    peer.createClient(url);
    api.multiplayerPeer = peer;
    return { peer, api, heard };
  });
  const poll = setInterval(() => {
    for (const n of nodes) n.api.poll();
  }, 5);
  try {
    await page.goto(`${demoUrl}relay.html`);
    expect(await page.evaluate((u) => relay.join(u), url)).toBe(0);
    await expect.poll(() => page.evaluate(() => relay.peers().length), { timeout: 15_000 }).toBe(4);
    const pageId = await page.evaluate(() => relay.id());
    const ids = nodes.map((n) => n.api.getUniqueId());
    expect(await page.evaluate(() => relay.peers())).toEqual([1, ...ids].sort((a, b) => a - b));
    for (const n of nodes) await expect.poll(() => n.api.getPeers().length).toBe(4);

    // The page broadcasts: every Node client hears it, from the page's id, with the Vector2 intact.
    await page.evaluate(() => relay.say(0, "hello everyone"));
    for (const n of nodes) await expect.poll(() => n.heard.map((h) => h.text)).toEqual(["hello everyone"]);
    expect(nodes[0]?.heard[0]?.from).toBe(pageId);

    // A Node client targets the page only.
    nodes[0]?.api.getNode("Game/Chat")?.rpcId(pageId, "say", "just you", undefined);
    await expect.poll(() => page.evaluate(() => relay.heard().map((h) => h.text))).toEqual(["just you"]);
    expect((await page.evaluate(() => relay.heard()))[0]?.from).toBe(ids[0]);

    // All but node 2, from node 1: the page and node 3 hear it, node 2 does not.
    nodes[0]?.api.getNode("Game/Chat")?.rpcId(-(ids[1] as number), "say", "not node 2", undefined);
    await expect.poll(() => page.evaluate(() => relay.heard().length)).toBe(2);
    await expect.poll(() => nodes[2]?.heard.length).toBe(2);
    expect(nodes[1]?.heard.map((h) => h.text)).toEqual(["hello everyone"]);

    // Raw bytes from the page to one Node client.
    const packets: string[] = [];
    nodes[2]?.api.on("peer_packet", (_id, bytes) => packets.push(new TextDecoder().decode(bytes)));
    await page.evaluate((id) => relay.bytes(id, "raw to node 3"), ids[2] as number);
    await expect.poll(() => packets).toEqual(["raw to node 3"]);
  } finally {
    clearInterval(poll);
    for (const n of nodes) n.peer.close();
    server.stop();
  }
});
