// The tables of Godot 4's SceneMultiplayer packets (modules/multiplayer/scene_multiplayer.h and
// scene_rpc_interface.cpp), identical in every 4.x release. The first byte of a packet holds the
// command in bits 0-2 (CMD_MASK is 7, although a Godot comment speaks of "four bits") and
// per-command flags in bits 4-7; bit 3 is unused.

/** `SceneMultiplayer::NetworkCommands`: bits 0-2 of the first byte of every SceneMultiplayer packet. */
export const SceneCommand = {
  NETWORK_COMMAND_REMOTE_CALL: 0,
  NETWORK_COMMAND_SIMPLIFY_PATH: 1,
  NETWORK_COMMAND_CONFIRM_PATH: 2,
  NETWORK_COMMAND_RAW: 3,
  NETWORK_COMMAND_SPAWN: 4,
  NETWORK_COMMAND_DESPAWN: 5,
  NETWORK_COMMAND_SYNC: 6,
  NETWORK_COMMAND_SYS: 7,
} as const;
export type SceneCommand = (typeof SceneCommand)[keyof typeof SceneCommand];

/** `SceneMultiplayer::SysCommands`: the second byte of a SYS packet. */
export const SysCommand = {
  SYS_COMMAND_AUTH: 0,
  SYS_COMMAND_ADD_PEER: 1,
  SYS_COMMAND_DEL_PEER: 2,
  SYS_COMMAND_RELAY: 3,
} as const;
export type SysCommand = (typeof SysCommand)[keyof typeof SysCommand];

/** `SceneMultiplayer::CMD_MASK`: the command bits of the first byte. */
export const CMD_MASK = 0x07;

/** `SceneMultiplayer::SYS_CMD_SIZE`: `07, sys command, i32 peer` (every SYS packet but AUTH). */
export const SYS_CMD_SIZE = 6;

/** REMOTE_CALL: shift of the 2-bit node id width ({@link NodeIdCompression}) in the first byte (`CMD_FLAG_0_SHIFT`). */
export const NODE_ID_COMPRESSION_SHIFT = 4;

/** REMOTE_CALL: shift of the 1-bit method id width ({@link NameIdCompression}) in the first byte (`CMD_FLAG_2_SHIFT`). */
export const NAME_ID_COMPRESSION_SHIFT = 6;

/**
 * REMOTE_CALL: bit 7 of the first byte (`CMD_FLAG_3_SHIFT`): no argument count follows; the
 * call has no arguments, or one PackedByteArray whose raw bytes fill the rest of the packet.
 */
export const BYTE_ONLY_OR_NO_ARGS_FLAG = 0x80;

/** `SceneRPCInterface::NetworkNodeIdCompression`: width of the node id of a REMOTE_CALL (3 is invalid). */
export const NodeIdCompression = {
  NETWORK_NODE_ID_COMPRESSION_8: 0,
  NETWORK_NODE_ID_COMPRESSION_16: 1,
  NETWORK_NODE_ID_COMPRESSION_32: 2,
} as const;
export type NodeIdCompression = (typeof NodeIdCompression)[keyof typeof NodeIdCompression];

/** `SceneRPCInterface::NetworkNameIdCompression`: width of the method id of a REMOTE_CALL. */
export const NameIdCompression = {
  NETWORK_NAME_ID_COMPRESSION_8: 0,
  NETWORK_NAME_ID_COMPRESSION_16: 1,
} as const;
export type NameIdCompression = (typeof NameIdCompression)[keyof typeof NameIdCompression];

/**
 * Bit 31 of a 32-bit node target (both generations): the node is not cached yet, the low 31
 * bits are the offset of its path, appended to the packet as a NUL-terminated string.
 */
export const NODE_PATH_FLAG = 0x8000_0000;
