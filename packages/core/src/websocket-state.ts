/** `WebSocketPeer.State` (Godot 4). */
export const WebSocketState = {
  STATE_CONNECTING: 0,
  STATE_OPEN: 1,
  STATE_CLOSING: 2,
  STATE_CLOSED: 3,
} as const;
export type WebSocketState = (typeof WebSocketState)[keyof typeof WebSocketState];

/** `WebSocketPeer.WriteMode` (Godot 3 and 4). */
export const WriteMode = { WRITE_MODE_TEXT: 0, WRITE_MODE_BINARY: 1 } as const;
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];
