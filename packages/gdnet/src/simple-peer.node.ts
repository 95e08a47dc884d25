// "gdnet/simple-peer" for Node: the simple-peer adapter and the node-datachannel `wrtc` for simple-peer.
export { SimplePeerAdapter, type SimplePeerLike, type SimplePeerWrtc, simplePeerWrtc } from "@gdnet/node/simple-peer";
