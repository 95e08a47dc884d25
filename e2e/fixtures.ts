import { fileURLToPath } from "node:url";
import { test as base } from "@playwright/test";
import { autoPoll, GodotError, SignalingServer, setErrorPrinter, WebSocketServer, WriteMode } from "gdnet";
import { serveDirectories } from "./static-server.js";

/** What the Node server saw: each packet's bytes and whether it came as a text frame. */
export interface Seen {
  bytes: number[];
  wasString: boolean;
}

interface Fixtures {
  /** Base URL of the built demo (demo/dist). */
  demoUrl: string;
  /** A gdnet echo server that also records what it received; its URL and the record. */
  echo: { url: string; seen: Seen[]; server: WebSocketServer };
  /** gdnet signaling servers on free ports, one per demo protocol version. */
  signaling: { v4: string; v3: string };
}

setErrorPrinter(null);

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
  signaling: async ({}, use) => {
    const v4 = new SignalingServer({ port: 0, host: "127.0.0.1", protocol: 4 });
    const v3 = new SignalingServer({ port: 0, host: "127.0.0.1", protocol: 3 });
    await use({ v4: await v4.start(), v3: await v3.start() });
    v4.stop();
    v3.stop();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
  demoUrl: async ({}, use) => {
    const { server, url } = await serveDirectories([
      fileURLToPath(new URL("../demo/dist", import.meta.url)),
      fileURLToPath(new URL("./pages", import.meta.url)),
      fileURLToPath(new URL("../packages/gdnet/dist", import.meta.url)),
      fileURLToPath(new URL("../node_modules/simple-peer", import.meta.url)),
    ]);
    await use(url);
    server.close();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
  echo: async ({}, use) => {
    const server = new WebSocketServer();
    server.setBindIp("127.0.0.1");
    const seen: Seen[] = [];
    server.on("data_received", (id) => {
      const peer = server.getPeer(id);
      if (!peer) return;
      const packet = peer.getPacket();
      seen.push({ bytes: [...packet], wasString: peer.wasStringPacket() });
      peer.send(packet, peer.wasStringPacket() ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY);
    });
    if (server.listen(0) !== GodotError.OK) throw server.getLastError();
    const port = await server.listening();
    const stop = autoPoll(server);
    await use({ url: `ws://127.0.0.1:${port}/`, seen, server });
    stop();
    server.stop();
  },
});

export { expect } from "@playwright/test";
