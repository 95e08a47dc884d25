// "gdnet/simple-peer" for browsers: the simple-peer adapter (kept out of the main bundle).
export { SimplePeerAdapter, type SimplePeerLike } from "@gdnet/browser/simple-peer";
