// The Node peer `npm start` runs for the demo page: it hosts a lobby on the gdnet signaling
// server and, for every peer that joins, echoes each packet back on the channel and in the
// write mode it came in, and answers the page's round-trip pings (demo/src/ping.ts).
import { autoPoll, SignalingClient, WriteMode } from "gdnet";

export async function startDemoPeer(signalingUrl) {
  const client = new SignalingClient();
  client.joinLobby(signalingUrl);
  const stop = autoPoll({
    setWakeHandler: (handler) => client.setWakeHandler(handler),
    poll() {
      client.poll();
      for (const id of client.getPeerIds()) {
        for (const channel of client.getPeer(id)?.channels ?? []) {
          while (channel.getAvailablePacketCount() > 0) {
            const packet = channel.getPacket();
            const text = channel.wasStringPacket();
            if (!text && packet.length === 10 && packet[0] === 0xff && packet[1] === 0x50) packet[1] = 0x51;
            channel.setWriteMode(text ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY);
            channel.putPacket(packet);
          }
        }
      }
    },
  });
  await new Promise((resolve, reject) => {
    client.on("lobby_joined", resolve);
    client.on("disconnected", (code, reason) => reject(new Error(`demo peer: signaling closed ${code} ${reason}`)));
  });
  return {
    lobby: client.getLobby(),
    stop() {
      stop();
      client.close();
    },
  };
}
