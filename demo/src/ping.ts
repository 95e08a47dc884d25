// The demo's round-trip probe on the reliable channel: [0xff, 0x50] + float64 time is a ping,
// [0xff, 0x51] + the same time its pong. Peers answer pings; the log does not show them.
// (The Node peer of scripts/demo-peer.mjs speaks the same two messages.)
const PING = 0x50;
const PONG = 0x51;

export function pingPacket(now: number): Uint8Array {
  const bytes = new Uint8Array(10);
  bytes[0] = 0xff;
  bytes[1] = PING;
  new DataView(bytes.buffer).setFloat64(2, now);
  return bytes;
}

export const isPing = (bytes: Uint8Array): boolean => bytes.length === 10 && bytes[0] === 0xff && bytes[1] === PING;
export const isPong = (bytes: Uint8Array): boolean => bytes.length === 10 && bytes[0] === 0xff && bytes[1] === PONG;

export function pongFor(ping: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(ping);
  bytes[1] = PONG;
  return bytes;
}

export const pongTime = (pong: Uint8Array): number => new DataView(pong.buffer, pong.byteOffset).getFloat64(2);
