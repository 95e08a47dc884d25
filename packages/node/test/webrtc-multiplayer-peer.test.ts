// Godot 4's WebRTCMultiplayerPeer in Node over real node-datachannel connections: modes, channel
// and transfer-mode routing, custom channels, SceneMultiplayer relay over WebRTC, and the
// SignalingClient wiring a lobby into it.
import {
  autoPoll,
  ChannelState,
  ConnectionStatus,
  GodotError,
  type MultiplayerPeer,
  SceneMultiplayer,
  SignalingClient,
  SignalingServer,
  TransferMode,
  toUtf8,
  WebRTCMultiplayerPeer,
  WebRTCPeerConnection,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { LossyUdpRelay } from "../../../test-support/lossy-udp-relay.js";
import { pollUntil } from "../../../test-support/poll-until.js";
import { wirePair } from "../../../test-support/rtc-pair.js";
import "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function mp(): WebRTCMultiplayerPeer {
  const peer = new WebRTCMultiplayerPeer();
  cleanups.push(() => peer.close());
  return peer;
}

/** Connects `a` (as id `idA`) and `b` (as id `idB`) with a fresh pair of connections. */
function link(a: WebRTCMultiplayerPeer, idA: number, b: WebRTCMultiplayerPeer, idB: number, relay?: LossyUdpRelay): void {
  const toB = new WebRTCPeerConnection();
  const toA = new WebRTCPeerConnection();
  wirePair(toB, toA, relay);
  expect(a.addPeer(toB, idB)).toBe(GodotError.OK);
  expect(b.addPeer(toA, idA)).toBe(GodotError.OK);
  toB.createOffer();
}

function received(peer: MultiplayerPeer): Array<{ from: number; channel: number; mode: number; text: string }> {
  const out = [];
  while (peer.getAvailablePacketCount() > 0) {
    const from = peer.getPacketPeer();
    const channel = peer.getPacketChannel();
    const mode = peer.getPacketMode();
    out.push({ from, channel, mode, text: new TextDecoder().decode(peer.getPacket()) });
  }
  return out;
}

/** The client reports its server, and the server has emitted peer_connected for the client. */
function connectedBothWays(server: WebRTCMultiplayerPeer, client: WebRTCMultiplayerPeer, clientId: number): boolean {
  return client.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED && server.getPeer(clientId)?.connected === true;
}

describe("WebRTCMultiplayerPeer", () => {
  it("connects a server and a client once every channel is open, with channels 1-3 and the custom ones", async () => {
    const server = mp();
    const client = mp();
    expect(server.createServer([TransferMode.TRANSFER_MODE_RELIABLE, TransferMode.TRANSFER_MODE_UNRELIABLE])).toBe(GodotError.OK);
    expect(client.createClient(5, [TransferMode.TRANSFER_MODE_RELIABLE, TransferMode.TRANSFER_MODE_UNRELIABLE])).toBe(
      GodotError.OK,
    );
    expect(client.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
    const openAtConnect: boolean[] = [];
    server.on("peer_connected", (id) =>
      openAtConnect.push(server.getPeer(id)?.channels.every((c) => c.getReadyState() === ChannelState.STATE_OPEN) ?? false),
    );
    link(server, 1, client, 5);
    await pollUntil(
      [server, client],
      () => client.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED && openAtConnect.length === 1,
    );
    expect(openAtConnect).toEqual([true]);
    const channels = server.getPeer(5)?.channels ?? [];
    expect(channels.map((c) => [c.getLabel(), c.getId(), c.isOrdered(), c.getMaxPacketLifeTime()])).toEqual([
      ["reliable", 1, true, 65535],
      ["ordered", 2, true, 1],
      ["unreliable", 3, false, 1],
      ["4", 4, true, 65535],
      ["5", 5, false, 1],
    ]);
    expect(Object.keys(server.getPeers())).toEqual(["5"]);
    expect([server.isServerRelaySupported(), client.isServerRelaySupported()]).toEqual([true, true]);
  });

  it("routes each transfer mode to its channel, custom channels by number, and tags packets on arrival", async () => {
    const server = mp();
    const client = mp();
    server.createServer([TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED]);
    client.createClient(7, [TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED]);
    link(server, 1, client, 7);
    await pollUntil([server, client], () => connectedBothWays(server, client, 7));
    const send = (mode: TransferMode, channel: number, text: string): void => {
      client.transferMode = mode;
      client.transferChannel = channel;
      client.setTargetPeer(1);
      expect(client.putPacket(toUtf8(text))).toBe(GodotError.OK);
    };
    send(TransferMode.TRANSFER_MODE_RELIABLE, 0, "reliable");
    send(TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED, 0, "ordered");
    send(TransferMode.TRANSFER_MODE_UNRELIABLE, 0, "unreliable");
    send(TransferMode.TRANSFER_MODE_RELIABLE, 1, "custom");
    const got: ReturnType<typeof received> = [];
    await pollUntil([server, client], () => {
      got.push(...received(server));
      return got.length === 4;
    });
    const byText = new Map(got.map((p) => [p.text, p]));
    expect(byText.get("reliable")).toMatchObject({ from: 7, channel: 0, mode: TransferMode.TRANSFER_MODE_RELIABLE });
    expect(byText.get("ordered")).toMatchObject({ from: 7, channel: 0, mode: TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED });
    expect(byText.get("unreliable")).toMatchObject({ from: 7, channel: 0, mode: TransferMode.TRANSFER_MODE_UNRELIABLE });
    // Custom channel 1 is the first of channelsConfig, with its mode.
    expect(byText.get("custom")).toMatchObject({ from: 7, channel: 1, mode: TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED });
    client.transferChannel = 2;
    expect(client.putPacket(toUtf8("no such channel"))).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it("connects a three-peer mesh with no relay, and sends to all and to all but one", async () => {
    const [a, b, c] = [mp(), mp(), mp()];
    a.createMesh(1);
    b.createMesh(2);
    c.createMesh(3);
    link(a, 1, b, 2);
    link(a, 1, c, 3);
    link(b, 2, c, 3);
    const all = [a, b, c];
    await pollUntil(all, () => all.every((p) => Object.values(p.getPeers()).filter((x) => x.connected).length === 2));
    expect(a.isServerRelaySupported()).toBe(false);
    a.setTargetPeer(0);
    a.putPacket(toUtf8("everyone"));
    a.setTargetPeer(-2);
    a.putPacket(toUtf8("not 2"));
    const gotB: string[] = [];
    const gotC: string[] = [];
    await pollUntil(all, () => {
      gotB.push(...received(b).map((p) => p.text));
      gotC.push(...received(c).map((p) => p.text));
      return gotB.length === 1 && gotC.length === 2;
    });
    expect(gotB).toEqual(["everyone"]);
    expect(gotC.sort()).toEqual(["everyone", "not 2"]);
  });

  it("emits peer_disconnected when a peer's connection closes", async () => {
    const server = mp();
    const client = mp();
    server.createServer();
    client.createClient(9);
    link(server, 1, client, 9);
    // The server must have reported the client too: like Godot, it never says peer_disconnected
    // for a peer it has not said peer_connected for.
    await pollUntil([server, client], () => connectedBothWays(server, client, 9));
    const gone: number[] = [];
    server.on("peer_disconnected", (id) => gone.push(id));
    client.close();
    // Normally the close reaches the server at once; if its packet is lost (loopback UDP under
    // load), the connection times out instead: allow for ICE's timeout.
    await pollUntil(server, () => gone.length === 1, { timeoutMs: 45_000 });
    expect(gone).toEqual([9]);
    expect(server.hasPeer(9)).toBe(false);
  }, 60_000);

  it("drops a peer whose channel closes before it was reported, with neither signal", async () => {
    const server = mp();
    const client = mp();
    server.createServer();
    client.createClient(4);
    link(server, 1, client, 4);
    const signals: string[] = [];
    server.on("peer_connected", (id) => signals.push(`connected ${id}`));
    server.on("peer_disconnected", (id) => signals.push(`disconnected ${id}`));
    // Poll the server's connection but not the server, so it has not looked at the peer yet.
    const entry = server.getPeer(4);
    if (!entry) throw new Error("addPeer did not keep the peer");
    const allOpen = () => entry.channels.every((c) => c.getReadyState() === ChannelState.STATE_OPEN);
    await pollUntil(
      [client, entry.connection],
      () => allOpen() && client.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED,
    );
    entry.channels[2]?.close();
    server.poll();
    expect(server.hasPeer(4)).toBe(false);
    expect(signals).toEqual([]);
  });

  it("emits peer_disconnected within the ICE timeout when a peer vanishes without a word", async () => {
    const relay = new LossyUdpRelay();
    cleanups.push(() => relay.close());
    const server = mp();
    const client = mp();
    server.createServer();
    client.createClient(7);
    link(server, 1, client, 7, relay);
    await pollUntil([server, client], () => connectedBothWays(server, client, 7));
    // Every packet is lost from now on, both ways: no close, no SCTP abort, nothing.
    relay.lossRate = 1;
    const vanished = performance.now();
    // ICE takes its time (about 30 s): let autoPoll wake the server instead of spinning a core.
    const stop = autoPoll([server, client]);
    cleanups.push(stop);
    const [id] = await new Promise<[number]>((resolve) => server.once("peer_disconnected", (...args) => resolve(args)));
    expect(id).toBe(7);
    expect(server.hasPeer(7)).toBe(false);
    expect(performance.now() - vanished).toBeGreaterThan(1_000);
  }, 60_000);

  it("refuses peers Godot refuses", () => {
    const server = mp();
    const client = mp();
    server.createServer();
    client.createClient(3);
    expect(client.addPeer(new WebRTCPeerConnection(), 2)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(server.addPeer(new WebRTCPeerConnection(), 1)).toBe(GodotError.ERR_INVALID_PARAMETER);
    const used = new WebRTCPeerConnection();
    used.createDataChannel("x", { negotiated: true, id: 9 });
    used.close();
    expect(server.addPeer(used, 4)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(server.addPeer(new WebRTCPeerConnection(), 4)).toBe(GodotError.OK);
    expect(server.addPeer(new WebRTCPeerConnection(), 4)).toBe(GodotError.ERR_ALREADY_EXISTS);
    server.refuseNewConnections = true;
    expect(server.addPeer(new WebRTCPeerConnection(), 5)).toBe(GodotError.ERR_UNAUTHORIZED);
    expect(mp().addPeer(new WebRTCPeerConnection(), 2)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(mp().createClient(1)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });
});

describe("SceneMultiplayer over WebRTC", () => {
  it("relays an RPC from one client to another through the server", async () => {
    const server = mp();
    const one = mp();
    const two = mp();
    server.createServer();
    one.createClient(2);
    two.createClient(3);
    link(server, 1, one, 2);
    link(server, 1, two, 3);
    const apis = [server, one, two].map((peer) => {
      const api = new SceneMultiplayer();
      api.multiplayerPeer = peer;
      return api;
    });
    const [, apiOne, apiTwo] = apis as [SceneMultiplayer, SceneMultiplayer, SceneMultiplayer];
    const heard: Array<[string, number]> = [];
    for (const api of apis) {
      api.registerNode(
        "Chat",
        { say: (text: string) => heard.push([text, api.getRemoteSenderId()]) },
        { rpc: { say: ["any_peer", "reliable"] } },
      );
    }
    await pollUntil(apis, () => apiOne.getPeers().length === 2 && apiTwo.getPeers().length === 2, {
      what: "ADD_PEER over WebRTC",
    });
    apiOne.getNode("Chat")?.rpcId(3, "say", "hi 3");
    await pollUntil(apis, () => heard.length === 1);
    expect(heard).toEqual([["hi 3", 2]]);
  });
});

describe("SignalingClient with a WebRTCMultiplayerPeer", () => {
  it("turns a lobby into a multiplayer session: the host is the server, guests are clients", async () => {
    const signaling = new SignalingServer({ port: 0, host: "127.0.0.1", pingIntervalMs: 0 });
    const url = await signaling.start();
    cleanups.push(() => signaling.stop());
    const make = () => {
      const multiplayer = mp();
      const client = new SignalingClient({ multiplayer });
      cleanups.push(() => client.close());
      const api = new SceneMultiplayer();
      api.multiplayerPeer = multiplayer;
      return { client, multiplayer, api };
    };
    const host = make();
    host.client.joinLobby(url, "", false);
    await pollUntil([host.client, host.api], () => host.client.getLobby() !== "");
    const guest = make();
    guest.client.joinLobby(url, host.client.getLobby());
    const all = [host.client, host.api, guest.client, guest.api];
    await pollUntil(all, () => guest.api.getPeers().includes(1) && host.api.getPeers().length === 1, {
      what: "the guest admitted",
    });
    expect(host.multiplayer.getUniqueId()).toBe(1);
    expect(guest.multiplayer.getUniqueId()).toBe(guest.client.getUniqueId());
    const packets: string[] = [];
    host.api.on("peer_packet", (_id, packet) => packets.push(new TextDecoder().decode(packet)));
    guest.api.sendBytes(toUtf8("through the lobby"), 1);
    await pollUntil(all, () => packets.length === 1);
    expect(packets).toEqual(["through the lobby"]);
  });
});
