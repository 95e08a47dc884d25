// Churn: 5,000 connect/disconnect cycles against a running Godot 4 relay. Nothing may pile up:
// memory after a full GC and the process's open handles come back to where they were, and the
// relay reports every client joining and leaving exactly once.
import { ConnectionStatus, RelayServer, WebSocketMultiplayerPeer } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { heapAfterGc } from "../../../test-support/heap.js";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";

const CYCLES = 5_000;
const BATCH = 50;

function openHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind !== "Timeout" && kind !== "Immediate").length;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("the Godot 4 relay under churn", () => {
  it(`survives ${CYCLES.toLocaleString("en-US")} connect/disconnect cycles without growing, with one peer_connected and one peer_disconnected per client`, async () => {
    const relay = new RelayServer({ port: 0, host: "127.0.0.1" });
    const url = await relay.start();
    cleanups.push(() => relay.stop());
    const connected = new Map<number, number>();
    const disconnected = new Map<number, number>();
    relay.multiplayer.on("peer_connected", (id) => connected.set(id, (connected.get(id) ?? 0) + 1));
    relay.multiplayer.on("peer_disconnected", (id) => disconnected.set(id, (disconnected.get(id) ?? 0) + 1));

    const cycle = async (count: number): Promise<void> => {
      const clients = Array.from({ length: count }, () => {
        const client = new WebSocketMultiplayerPeer();
        client.createClient(url);
        return client;
      });
      await pollUntil(clients, () => clients.every((client) => client.getUniqueId() > 1), { what: "a batch to connect" });
      const target = disconnected.size + count;
      for (const client of clients) client.close();
      // Both ends must be done: a client's socket handle is released when it reports disconnected.
      const gone = () =>
        disconnected.size >= target && clients.every((c) => c.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED);
      await pollUntil(clients, gone, { what: "a batch to leave, on both ends" });
    };

    await cycle(BATCH); // warm-up: code compiled, pools filled
    const heapBefore = heapAfterGc();
    const rssBefore = process.memoryUsage().rss;
    const handlesBefore = openHandles();
    for (let done = BATCH; done < CYCLES; done += BATCH) await cycle(BATCH);
    const heapAfter = heapAfterGc();
    const rssAfter = process.memoryUsage().rss;

    expect(connected.size).toBe(CYCLES);
    expect([...connected.values()].every((n) => n === 1)).toBe(true);
    expect([...disconnected.keys()].sort()).toEqual([...connected.keys()].sort());
    expect([...disconnected.values()].every((n) => n === 1)).toBe(true);
    expect(relay.peerCount).toBe(0);
    // The kernel may hand over a last FIN a little late: the count must come back, not grow.
    await pollUntil([], () => openHandles() <= handlesBefore, { what: "the open handles to come back to the baseline" });
    // Noise: V8's pools and caches move by a few hundred KB; one leaked client is several KB.
    expect(heapAfter - heapBefore).toBeLessThan(2 * 1024 * 1024);
    // RSS also holds what malloc keeps for reuse; 5,000 leaked sockets would be tens of MB.
    expect(rssAfter - rssBefore).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);
});
