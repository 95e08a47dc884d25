import { GdnetError } from "./gdnet-error.js";
import type { RtcConfigurationLike, RtcDataChannelInitLike, RtcIceServerLike } from "./rtc-transport.js";

const CHANNEL_KEYS = new Set(["negotiated", "id", "ordered", "maxPacketLifeTime", "maxRetransmits", "protocol"]);

/** Godot's `create_data_channel` options (W3C RTCDataChannelInit names). */
export interface DataChannelOptions {
  /** Both peers create the channel with the same `id` instead of announcing it in-band. Default false. */
  negotiated?: boolean;
  /** Channel id 0-65534; required when negotiated. */
  id?: number;
  /** Deliver in order. Default true. */
  ordered?: boolean;
  /** Milliseconds during which a message is retransmitted (unreliable). Default: unlimited. */
  maxPacketLifeTime?: number;
  /** Retransmissions of a message (0: sent once). Default: unlimited. */
  maxRetransmits?: number;
  /** Subprotocol name. Default "". */
  protocol?: string;
}

/** An ICE server of Godot's `initialize` configuration. */
export interface IceServerOptions {
  urls?: string | string[];
  /** Godot 3 demos write one URL as `url`. */
  url?: string;
  username?: string;
  credential?: string;
}

/** Godot's `initialize(configuration)` dictionary. */
export interface RtcConfigurationOptions {
  iceServers?: IceServerOptions[];
}

/**
 * Godot's `create_data_channel` options dictionary as an RTCDataChannelInit, checked the way the
 * W3C API checks it, but returning an error instead of throwing.
 */
export function toChannelInit(input: DataChannelOptions): RtcDataChannelInitLike | GdnetError {
  if (input === null || typeof input !== "object") return invalid("options must be a dictionary");
  const options = input as Readonly<Record<string, unknown>> & DataChannelOptions;
  const init: RtcDataChannelInitLike = {};
  for (const key of Object.keys(options)) {
    if (key === "maxPacketLifetime") {
      // Godot's own WebRTCMultiplayerPeer spells it this way, and browsers then ignore it
      // (godot-protocols.md 5.1); refusing it is kinder than silently making a reliable channel.
      return invalid('unknown option "maxPacketLifetime": the option is "maxPacketLifeTime" (capital T)');
    }
    if (!CHANNEL_KEYS.has(key)) return invalid(`unknown option "${key}" (known: ${[...CHANNEL_KEYS].join(", ")})`);
  }
  if (options.negotiated !== undefined) init.negotiated = Boolean(options.negotiated);
  if (options.ordered !== undefined) init.ordered = Boolean(options.ordered);
  if (options.protocol !== undefined) {
    if (typeof options.protocol !== "string") return invalid("protocol must be a string");
    init.protocol = options.protocol;
  }
  for (const key of ["id", "maxPacketLifeTime", "maxRetransmits"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 65534) {
      return invalid(`${key} must be an integer from 0 to 65534`);
    }
    init[key] = value;
  }
  if (init.negotiated && init.id === undefined) return invalid("a negotiated channel needs an id");
  if (init.maxPacketLifeTime !== undefined && init.maxRetransmits !== undefined) {
    return invalid("maxPacketLifeTime and maxRetransmits cannot both be set");
  }
  return init;
}

/**
 * Godot's `initialize(configuration)` dictionary, `{ iceServers: [{ urls, username, credential }] }`,
 * as an RTCConfiguration. Godot 3's demos write `url` for one URL; it is read as `urls`.
 */
export function parseRtcConfiguration(configuration: RtcConfigurationOptions): RtcConfigurationLike | GdnetError {
  if (configuration === null || typeof configuration !== "object") return invalid("configuration must be a dictionary");
  const servers: unknown = configuration.iceServers ?? [];
  if (!Array.isArray(servers)) return invalid("iceServers must be an array");
  const iceServers: RtcIceServerLike[] = [];
  for (const server of servers as unknown[]) {
    if (server === null || typeof server !== "object") return invalid("each ICE server must be a dictionary");
    const entry = server as IceServerOptions;
    const urls = entry.urls ?? entry.url;
    const list = typeof urls === "string" ? [urls] : urls;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((u) => typeof u !== "string" || !/^(stun|stuns|turn|turns):/.test(u))
    ) {
      return invalid("each ICE server needs urls: stun:, stuns:, turn: or turns: URLs");
    }
    const ice: RtcIceServerLike = { urls: list as string[] };
    if (typeof entry.username === "string") ice.username = entry.username;
    if (typeof entry.credential === "string") ice.credential = entry.credential;
    iceServers.push(ice);
  }
  return { iceServers };
}

function invalid(message: string): GdnetError {
  return new GdnetError("ERR_INVALID_PARAMETER", `WebRTC: ${message}.`);
}
