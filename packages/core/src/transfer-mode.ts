/** `MultiplayerPeer.TransferMode` (Godot 4 names and numbers; Godot 3's NetworkedMultiplayerPeer uses the same). */
export const TransferMode = {
  TRANSFER_MODE_UNRELIABLE: 0,
  TRANSFER_MODE_UNRELIABLE_ORDERED: 1,
  TRANSFER_MODE_RELIABLE: 2,
} as const;
export type TransferMode = (typeof TransferMode)[keyof typeof TransferMode];
