/**
 * The close reasons of the Node demo signaling server (`server_node/server.js`, the `STR_*`
 * constants, the same in branches 3.2 and master), word for word: clients may show or compare
 * them, so the spelling ("Lobby does not exists") is kept.
 */
export const SignalingCloseReason = {
  NO_LOBBY: "Have not joined lobby yet",
  HOST_DISCONNECTED: "Room host has disconnected",
  ONLY_HOST_CAN_SEAL: "Only host can seal the lobby",
  /** Sent with close code 1000, not 4000. */
  SEAL_COMPLETE: "Seal complete",
  TOO_MANY_LOBBIES: "Too many lobbies open, disconnecting",
  ALREADY_IN_LOBBY: "Already in a lobby",
  LOBBY_DOES_NOT_EXIST: "Lobby does not exists",
  LOBBY_IS_SEALED: "Lobby is sealed",
  INVALID_FORMAT: "Invalid message format",
  NEED_LOBBY: "Invalid message when not in a lobby",
  SERVER_ERROR: "Server error, lobby not found",
  INVALID_DESTINATION: "Invalid destination",
  INVALID_COMMAND: "Invalid command",
  TOO_MANY_PEERS: "Too many peers connected",
  INVALID_TRANSFER_MODE: "Invalid transfer mode, must be text",
} as const;
export type SignalingCloseReason = (typeof SignalingCloseReason)[keyof typeof SignalingCloseReason];

/** The close code the demo server uses for every protocol error and for "Room host has disconnected". */
export const SIGNALING_ERROR_CLOSE_CODE = 4000;
