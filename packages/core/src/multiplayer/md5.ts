// MD5 (RFC 1321), synchronous and dependency-free. Godot 4's SceneMultiplayer puts the MD5 of a
// node's RPC method names in every SIMPLIFY_PATH packet (`String::md5_text()` in
// modules/multiplayer/scene_rpc_interface.cpp, `get_rpc_md5`). core cannot use node:crypto (it
// runs in browsers) nor WebCrypto's `subtle.digest` (asynchronous, and it has no MD5), hence this
// small implementation. MD5 is used here as a checksum, never for security.

/** Per-step additive constants: floor(abs(sin(i + 1)) * 2^32), written out so no engine's sin() matters. */
const K: Int32Array = new Int32Array([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
  0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
  0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
  0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
  0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
  0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

/** Left-rotation amounts, four per round. */
const SHIFTS: readonly number[] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

const BLOCK = 64;

/** The running state: the four 32-bit words A, B, C, D. */
type State = [number, number, number, number];

function processBlock(state: State, view: DataView, offset: number, words: Int32Array): void {
  for (let i = 0; i < 16; i++) words[i] = view.getInt32(offset + i * 4, true);
  let [a, b, c, d] = state;
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    let f: number;
    let g: number;
    if (round === 0) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (round === 1) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (round === 2) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    // Four int32 terms add up exactly in a double; `| 0` reduces the sum modulo 2^32.
    const sum = (a + f + (K[i] as number) + (words[g] as number)) | 0;
    const shift = SHIFTS[(round << 2) | (i & 3)] as number;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
}

/** The 16-byte MD5 digest of `bytes`. */
export function md5(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const state: State = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  const words = new Int32Array(16);
  const length = bytes.length;
  // Whole blocks are read in place; only the tail is copied, with the padding.
  const whole = length - (length % BLOCK);
  const input = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < whole; offset += BLOCK) processBlock(state, input, offset, words);

  // Padding: 0x80, zeros up to 56 mod 64, then the bit length as a little-endian u64.
  const rest = length - whole;
  const tail = new Uint8Array(rest < 56 ? BLOCK : BLOCK * 2);
  tail.set(bytes.subarray(whole));
  tail[rest] = 0x80;
  const tailView = new DataView(tail.buffer);
  tailView.setUint32(tail.length - 8, (length * 8) >>> 0, true);
  tailView.setUint32(tail.length - 4, Math.floor(length / 0x20000000), true);
  for (let offset = 0; offset < tail.length; offset += BLOCK) processBlock(state, tailView, offset, words);

  const digest = new Uint8Array(16);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 4; i++) out.setInt32(i * 4, state[i] as number, true);
  return digest;
}

/** The MD5 of `bytes` as 32 lowercase hex digits, like Godot's `md5_text()`. */
export function md5Hex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of md5(bytes)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
