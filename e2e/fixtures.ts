import { fileURLToPath } from "node:url";
import { test as base } from "@playwright/test";
import { autoPoll, GodotError, setErrorPrinter, WebSocketServer, WriteMode } from "gdnet";
import { serveDirectory } from "./static-server.js";

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
}

setErrorPrinter(null);

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature.
  demoUrl: async ({}, use) => {
    const { server, url } = await serveDirectory(fileURLToPath(new URL("../demo/dist", import.meta.url)));
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
