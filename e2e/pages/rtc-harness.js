// Drives a gdnet SignalingClient in the page for e2e/webrtc.spec.ts. Everything goes through the
// global GDNet from gdnet.iife.js; the spec calls these functions with page.evaluate.
(() => {
  const G = globalThis.GDNet;
  const state = { client: null, events: [], stop: null };

  function record(name) {
    return (...args) => state.events.push([name, ...args.map((a) => (typeof a === "object" ? null : a))]);
  }

  function channelInfo(channel) {
    return {
      label: channel.getLabel(),
      id: channel.getId(),
      state: channel.getReadyState(),
      ordered: channel.isOrdered(),
      negotiated: channel.isNegotiated(),
      maxPacketLifeTime: channel.getMaxPacketLifeTime(),
      maxRetransmits: channel.getMaxRetransmits(),
      bufferedAmount: channel.getBufferedAmount(),
    };
  }

  globalThis.harness = {
    join(url, lobby, protocol, mesh = true) {
      const client = new G.SignalingClient({ protocol });
      for (const name of [
        "connected",
        "lobby_joined",
        "lobby_sealed",
        "disconnected",
        "peer_added",
        "peer_connected",
        "peer_disconnected",
      ]) {
        client.on(name, record(name));
      }
      state.client = client;
      state.stop = G.autoPoll(client, { mode: "activity", intervalMs: 10 });
      return client.joinLobby(url, lobby, mesh);
    },
    id: () => state.client.getUniqueId(),
    lobby: () => state.client.getLobby(),
    events: () => state.events,
    peers: () =>
      state.client.getPeerIds().map((id) => {
        const peer = state.client.getPeer(id);
        return { id, connected: peer.connected, channels: peer.channels.map(channelInfo) };
      }),
    send(peerId, channelIndex, payload, text) {
      const channel = state.client.getPeer(peerId).channels[channelIndex];
      channel.setWriteMode(text ? G.WriteMode.WRITE_MODE_TEXT : G.WriteMode.WRITE_MODE_BINARY);
      return channel.putPacket(text ? G.toUtf8(payload) : new Uint8Array(payload));
    },
    take(peerId, channelIndex) {
      const channel = state.client.getPeer(peerId)?.channels[channelIndex];
      const out = [];
      while (channel && channel.getAvailablePacketCount() > 0) {
        const bytes = channel.getPacket();
        out.push({ bytes: [...bytes], text: channel.wasStringPacket() ? G.getStringFromUtf8(bytes) : null });
      }
      return out;
    },
    close() {
      state.client.close();
      state.stop?.();
    },
  };
})();
