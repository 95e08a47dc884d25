// @gdnet/core/simple-peer: the simple-peer adapter, a separate entry so the main bundle never
// carries it.
export { SimplePeerAdapter, type SimplePeerLike } from "./simple-peer-adapter.js";
