// @gdnet/browser/simple-peer: the simple-peer adapter bound to the browser platform.
import type { Platform } from "@gdnet/core";
import { SimplePeerAdapter as CoreAdapter, type SimplePeerLike } from "@gdnet/core/simple-peer";
import { browserPlatform } from "./browser-platform.js";

/** A simple-peer instance as a gdnet packet peer (see @gdnet/core's SimplePeerAdapter). */
export class SimplePeerAdapter extends CoreAdapter {
  constructor(peer: SimplePeerLike, platform: Platform = browserPlatform) {
    super(peer, platform);
  }
}

export type { SimplePeerLike };
