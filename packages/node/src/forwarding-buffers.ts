import type { WebSocketMultiplayerPeer, WebSocketServer } from "./classes.js";

/**
 * The outbound room per client of gdnet's own servers, which send for others (relays, echo,
 * signaling): 1 MiB and 16,384 messages, where Godot's peers have 64 KiB and 1,024 (Godot 3) or
 * 4,096 (Godot 4). The limits count what one poll sends as well as what the network has not
 * taken yet (Node hands a poll's writes to the socket at its end, and the socket takes them a
 * turn later), so a relay fanning a burst out to a client, or an echo of a thousand messages,
 * needs more than a game peer. A client that lets this fill up is disconnected
 * (outbound-guard.ts). Set the buffers again after construction to choose your own.
 */
export const FORWARDING_OUTBOUND: { readonly bytes: number; readonly packets: number } = { bytes: 1 << 20, packets: 16_384 };

/** Godot 3 servers: Godot 3's inbound limits, the forwarding outbound room. */
export function forwardingBuffers3(server: WebSocketServer): void {
  // Godot 3's inbound defaults (64 KiB, 1,024 packets: websocket_multiplayer_peer.cpp set_buffers).
  server.setBuffers(64, 1024, FORWARDING_OUTBOUND.bytes / 1024, FORWARDING_OUTBOUND.packets);
}

/** Godot 4 servers: the forwarding outbound room (queued packets count both ways). */
export function forwardingBuffers4(peer: WebSocketMultiplayerPeer): void {
  peer.outboundBufferSize = FORWARDING_OUTBOUND.bytes;
  peer.maxQueuedPackets = FORWARDING_OUTBOUND.packets;
}
