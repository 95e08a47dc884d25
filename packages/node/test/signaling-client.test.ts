// SignalingClient in Node: real WebRTC connections (node-datachannel) made through a real
// gdnet SignalingServer, with both versions of Godot's demo protocol.
import {
  ChannelState,
  GodotError,
  getStringFromUtf8,
  SignalingClient,
  SignalingServer,
  toUtf8,
  type WebRTCDataChannel,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function server(protocol: 3 | 4) {
  const signaling = new SignalingServer({ port: 0, host: "127.0.0.1", protocol, pingIntervalMs: 0 });
  const url = await signaling.start();
  cleanups.push(() => signaling.stop());
  return url;
}

function client(protocol: 3 | 4): SignalingClient {
  const c = new SignalingClient({ protocol });
  cleanups.push(() => c.close());
  return c;
}

const reliable = (c: SignalingClient, id: number): WebRTCDataChannel => c.getPeer(id)?.channels[0] as WebRTCDataChannel;

for (const protocol of [4, 3] as const) {
  describe(`SignalingClient (Godot ${protocol === 4 ? "4.x JSON" : "3.2 text"} protocol)`, () => {
    it("creates a lobby, lets a second peer join it, and connects them with Godot's three channels", async () => {
      const url = await server(protocol);
      const host = client(protocol);
      expect(host.joinLobby(url)).toBe(GodotError.OK);
      const [hostId, mesh] = await nextSignal(host, "connected", host);
      expect([hostId, mesh]).toEqual([1, true]);
      // The server confirms the lobby right after the id, often in the same poll.
      await pollUntil(host, () => host.getLobby() !== "");
      const lobby = host.getLobby();
      expect(lobby).toMatch(/^[A-Za-z0-9]{16}$/);

      const guest = client(protocol);
      guest.joinLobby(url, lobby);
      const [guestId] = await nextSignal(guest, "connected", [host, guest]);
      expect(guestId).toBeGreaterThan(1);
      await pollUntil([host, guest], () => host.getPeer(guestId)?.connected === true && guest.getPeer(1)?.connected === true, {
        what: "both sides connected",
      });
      const channels = host.getPeer(guestId)?.channels ?? [];
      expect(channels.map((c) => [c.getLabel(), c.getId(), c.isOrdered()])).toEqual([
        ["reliable", 1, true],
        ["ordered", 2, true],
        ["unreliable", 3, false],
      ]);
      expect(channels.every((c) => c.getReadyState() === ChannelState.STATE_OPEN)).toBe(true);

      reliable(guest, 1).putPacket(toUtf8(`hello from ${guestId}`));
      await pollUntil([host, guest], () => reliable(host, guestId).getAvailablePacketCount() === 1);
      expect(getStringFromUtf8(reliable(host, guestId).getPacket())).toBe(`hello from ${guestId}`);
    });

    it("connects every pair of a three-peer mesh, and reports a peer that leaves", async () => {
      const url = await server(protocol);
      const a = client(protocol);
      a.joinLobby(url);
      const [lobby] = await nextSignal(a, "lobby_joined", a);
      const b = client(protocol);
      const c = client(protocol);
      b.joinLobby(url, lobby);
      c.joinLobby(url, lobby);
      const all = [a, b, c];
      await pollUntil(
        all,
        () => all.every((x) => x.getPeerIds().length === 2 && x.getPeerIds().every((id) => x.getPeer(id)?.connected)),
        {
          what: "a full mesh",
          timeoutMs: 20_000,
        },
      );
      const left = c.getUniqueId();
      c.close();
      await pollUntil([a, b], () => !a.getPeerIds().includes(left) && !b.getPeerIds().includes(left));
      expect(a.getPeerIds()).toEqual([b.getUniqueId()]);
    });

    it("emits disconnected with the server's code and reason for an unknown lobby", async () => {
      const url = await server(protocol);
      const lost = client(protocol);
      lost.joinLobby(url, "NoSuchLobby");
      const [code, reason] = await nextSignal(lost, "disconnected", lost);
      expect([code, reason]).toEqual([4000, "Lobby does not exists"]);
    });

    it("seals the lobby as host, and refuses to seal as a guest", async () => {
      const url = await server(protocol);
      const host = client(protocol);
      host.joinLobby(url);
      const [lobby] = await nextSignal(host, "lobby_joined", host);
      const guest = client(protocol);
      guest.joinLobby(url, lobby);
      await nextSignal(guest, "lobby_joined", [host, guest]);
      expect(guest.seal()).toBe(GodotError.ERR_UNAUTHORIZED);
      expect(host.seal()).toBe(GodotError.OK);
      await nextSignal(guest, "lobby_sealed", [host, guest]);
    });
  });
}

describe("SignalingClient in a client/server lobby (4.x)", () => {
  it("connects clients to the host only, and the ID says it is not a mesh", async () => {
    const url = await server(4);
    const host = client(4);
    host.joinLobby(url, "", false);
    const [, mesh] = await nextSignal(host, "connected", host);
    expect(mesh).toBe(false);
    await pollUntil(host, () => host.getLobby() !== "");
    const lobby = host.getLobby();
    const one = client(4);
    const two = client(4);
    one.joinLobby(url, lobby);
    two.joinLobby(url, lobby);
    await pollUntil(
      [host, one, two],
      () => host.getPeerIds().length === 2 && host.getPeerIds().every((id) => host.getPeer(id)?.connected),
    );
    expect(one.getPeerIds()).toEqual([1]);
    expect(two.getPeerIds()).toEqual([1]);
  });
});
