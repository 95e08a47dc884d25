// PacketPeer.put_var / get_var as functions, not methods: the Variant codecs are large, and a
// WebSocket-only import must not carry them (tree-shaking removes unused functions, never unused
// methods). `putVar(peer, value)` is Godot's `peer.put_var(value)`.
import { GdnetError } from "./gdnet-error.js";
import type { GodotError } from "./godot-error.js";
import type { PacketPeer } from "./packet-peer.js";
import type { Variant } from "./variant/variant-value.js";
import { bytes2var, var2bytes } from "./variant/variant3.js";
import { bytesToVar, varToBytes } from "./variant/variant4.js";

/**
 * Godot 4's `put_var(value, full_objects = false)`: sends `value` in Godot 4's Variant format (no
 * length prefix). Throws GdnetError(ERR_INVALID_PARAMETER) for a value with no Godot equivalent.
 */
export function putVar(peer: PacketPeer, value: unknown, fullObjects = false): GodotError {
  return peer.putPacket(varToBytes(value, { allowObjects: fullObjects }));
}

/**
 * Godot 4's `get_var(allow_objects = false)`: the next packet decoded as a Variant, or a GdnetError
 * (ERR_UNAVAILABLE when there is no packet, ERR_INVALID_DATA when it is not a valid Variant).
 */
export function getVar(peer: PacketPeer, allowObjects = false): Variant | GdnetError {
  return decode(peer, (bytes) => bytesToVar(bytes, { allowObjects }));
}

/** Godot 3's `put_var`: the Godot 3 Variant format (var2bytes). */
export function putVar3(peer: PacketPeer, value: unknown, fullObjects = false): GodotError {
  return peer.putPacket(var2bytes(value, { allowObjects: fullObjects }));
}

/** Godot 3's `get_var`: the next packet in the Godot 3 Variant format (bytes2var). */
export function getVar3(peer: PacketPeer, allowObjects = false): Variant | GdnetError {
  return decode(peer, (bytes) => bytes2var(bytes, { allowObjects }));
}

function decode(peer: PacketPeer, read: (bytes: Uint8Array) => Variant | GdnetError): Variant | GdnetError {
  if (peer.getAvailablePacketCount() === 0) return new GdnetError("ERR_UNAVAILABLE", "getVar: no packet to read.");
  return read(peer.getPacket());
}
