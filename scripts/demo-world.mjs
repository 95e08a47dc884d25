// The Node "world host" `npm start` runs for the demo's multiplayer section: it hosts a
// client/server WebRTC lobby as the server (id 1) of a WebRTCMultiplayerPeer, and its
// SceneMultiplayer relays the players' position RPCs between them (Godot's server relay).
import { autoPoll, SceneMultiplayer, SignalingClient, WebRTCMultiplayerPeer } from "gdnet";

export async function startWorldHost(signalingUrl) {
  const multiplayer = new WebRTCMultiplayerPeer();
  const signaling = new SignalingClient({ multiplayer });
  const world = new SceneMultiplayer();
  // The same RPC set as the page's "World" node, so the path checksums match.
  world.registerNode("World", { move() {} }, { rpc: { move: ["any_peer", "unreliable"] } });
  world.multiplayerPeer = multiplayer;
  signaling.joinLobby(signalingUrl, "", false);
  const stop = autoPoll([signaling, world], { intervalMs: 10 });
  await new Promise((resolve, reject) => {
    signaling.on("lobby_joined", resolve);
    signaling.on("disconnected", (code, reason) => reject(new Error(`world host: signaling closed ${code} ${reason}`)));
  });
  return {
    lobby: signaling.getLobby(),
    stop() {
      stop();
      signaling.close();
      multiplayer.close();
    },
  };
}
