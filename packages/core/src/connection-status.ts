/** `MultiplayerPeer.ConnectionStatus` (Godot 4; Godot 3's NetworkedMultiplayerPeer has the same names and numbers). */
export const ConnectionStatus = {
  CONNECTION_DISCONNECTED: 0,
  CONNECTION_CONNECTING: 1,
  CONNECTION_CONNECTED: 2,
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];
