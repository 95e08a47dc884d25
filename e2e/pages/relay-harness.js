// A browser client of a gdnet relay session for e2e/relay.spec.ts: WebSocketMultiplayerPeer +
// SceneMultiplayer from the script-tag bundle, with a "Game/Chat" node whose say() is any_peer.
(() => {
  const G = globalThis.GDNet;
  const state = { api: null, heard: [], packets: [] };
  globalThis.relay = {
    join(url) {
      const peer = new G.WebSocketMultiplayerPeer();
      const api = new G.SceneMultiplayer();
      api.registerNode(
        "Game/Chat",
        {
          say(text, pos) {
            state.heard.push({ text, from: api.getRemoteSenderId(), pos: pos ? [pos.x, pos.y] : null });
          },
        },
        { rpc: { say: ["any_peer", "call_remote", "reliable"] } },
      );
      api.on("peer_packet", (id, bytes) => state.packets.push([id, G.getStringFromUtf8(bytes)]));
      const error = peer.createClient(url);
      api.multiplayerPeer = peer;
      G.autoPoll(api, { mode: "activity", intervalMs: 10 });
      state.api = api;
      return error;
    },
    id: () => state.api.getUniqueId(),
    peers: () => state.api.getPeers().sort((a, b) => a - b),
    say(target, text) {
      return state.api.getNode("Game/Chat").rpcId(target, "say", text, new G.Vector2(1.5, -2));
    },
    bytes: (target, text) => state.api.sendBytes(G.toUtf8(text), target),
    heard: () => state.heard,
    packets: () => state.packets,
  };
})();
