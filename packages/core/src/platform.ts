import type { GdnetError } from "./gdnet-error.js";
import type { RtcPlatform } from "./rtc-transport.js";
import type { WebSocketPlatform } from "./websocket-transport.js";

/**
 * Everything core needs from the runtime, injected by the browser and node packages (the
 * `wrtc` pattern of simple-peer): core itself never reaches for a global socket class.
 */
export interface Platform {
  /** "browser" or "node": used in messages that say what to use instead. */
  readonly name: string;
  readonly webSocket: WebSocketPlatform;
  /** WebRTC; absent where the platform has none. */
  readonly rtc?: RtcPlatform;
  /**
   * Where errors are printed, as Godot prints them to its console (browser and node print with
   * `console.warn`, throttled by an `ErrorThrottle`). Every error also stays readable with
   * `getLastError()` on its object. `source` is the object that failed (a peer, a server, a
   * SceneMultiplayer), so that a printer can tell one flooding peer from the rest; absent when
   * there is none.
   */
  printError(error: GdnetError, source?: object): void;
}
