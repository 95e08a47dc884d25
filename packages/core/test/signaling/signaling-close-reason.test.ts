import { describe, expect, it } from "vitest";
import { SIGNALING_ERROR_CLOSE_CODE, SignalingCloseReason } from "../../src/signaling/signaling-close-reason.js";

describe("SignalingCloseReason", () => {
  it("spells every reason as the Node demo server's STR_* constants do", () => {
    // Copied by hand from server_node/server.js (identical in branches 3.2 and master).
    expect(Object.values(SignalingCloseReason).sort()).toEqual(
      [
        "Have not joined lobby yet",
        "Room host has disconnected",
        "Only host can seal the lobby",
        "Seal complete",
        "Too many lobbies open, disconnecting",
        "Already in a lobby",
        "Lobby does not exists",
        "Lobby is sealed",
        "Invalid message format",
        "Invalid message when not in a lobby",
        "Server error, lobby not found",
        "Invalid destination",
        "Invalid command",
        "Too many peers connected",
        "Invalid transfer mode, must be text",
      ].sort(),
    );
  });

  it("closes protocol errors with 4000", () => {
    expect(SIGNALING_ERROR_CLOSE_CODE).toBe(4000);
  });
});
