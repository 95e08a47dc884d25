import { GdnetError } from "./gdnet-error.js";

/**
 * The error of a PacketPeer call that Godot 3 allows on a WebSocketClient or WebSocketServer only
 * in gd_mp_api mode (without it, packets go through the connection's own WebSocketPeer).
 */
export function needsGdMpApi(call: "getPacket" | "putPacket", owner: "WebSocketClient" | "WebSocketServer"): GdnetError {
  const peer = owner === "WebSocketClient" ? "getPeer(1)" : "getPeer(id)";
  const verb = call === "getPacket" ? "read packets" : "send";
  return new GdnetError(
    "ERR_UNCONFIGURED",
    `${call} on a ${owner} needs gd_mp_api = true; otherwise ${verb} with ${peer}.${call}().`,
  );
}
