// A gdnet WebSocketServer on loopback, polled for the test, that records its signals (and echoes
// packets when told to): what the Godot 3.2 and Godot 4.6 WebSocket tests talk to.
import { autoPoll, WriteMode } from "gdnet";
import { startServer } from "../../test-support/servers.js";

export interface RecordingServerOptions<P> {
  /** Where the server's stop goes; the test file runs these after each test. */
  cleanups: Array<() => void>;
  /** What to keep of each packet that arrives. */
  record: (packet: Uint8Array, wasString: boolean) => P;
  /** Send every packet back in the mode it came in (default false). */
  echo?: boolean;
  /** The subprotocols the server accepts. */
  protocols?: string[] | undefined;
}

export async function recordingServer<P>(options: RecordingServerOptions<P>) {
  const { server, url } = await startServer(undefined, options.protocols ?? []);
  const seen = {
    connected: [] as Array<[number, string]>,
    packets: [] as P[],
    closeRequests: [] as Array<[number, number, string]>,
    disconnected: [] as Array<[number, boolean]>,
  };
  server.on("client_connected", (id, protocol) => seen.connected.push([id, protocol]));
  server.on("data_received", (id) => {
    const peer = server.getPeer(id);
    while (peer && peer.getAvailablePacketCount() > 0) {
      const packet = peer.getPacket();
      const wasString = peer.wasStringPacket();
      seen.packets.push(options.record(packet, wasString));
      if (options.echo) peer.send(packet, wasString ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY);
    }
  });
  server.on("client_close_request", (id, code, reason) => seen.closeRequests.push([id, code, reason]));
  server.on("client_disconnected", (id, clean) => seen.disconnected.push([id, clean]));
  const stopPolling = autoPoll(server);
  options.cleanups.push(() => {
    stopPolling();
    server.stop();
  });
  return { server, url, seen };
}
