import WebSocket from "ws";

/**
 * A client on a link that has stopped: a raw `ws` connection whose socket is paused as soon as it
 * opens, so everything the server sends it piles up in the kernel and then in the server's
 * outbound buffer. `resume()` reads again. Every binary frame at least `minBytes` long is taken
 * to end with a little-endian u32 sequence number, recorded in `sequence`.
 */
export class StalledReader {
  readonly ws: WebSocket;
  readonly sequence: number[] = [];
  closeCode = 0;
  closeReason = "";
  closed = false;

  constructor(url: string, minBytes: number) {
    this.ws = new WebSocket(url);
    this.ws.binaryType = "nodebuffer";
    this.ws.on("open", () => this.ws.pause());
    this.ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary && data.length >= minBytes) this.sequence.push(data.readUInt32LE(data.length - 4));
    });
    this.ws.on("close", (code: number, reason: Buffer) => {
      this.closed = true;
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
    this.ws.on("error", () => {});
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  resume(): void {
    this.ws.resume();
  }

  /** True when what arrived is 0, 1, 2, ... with nothing missing, repeated or reordered. */
  intact(): boolean {
    return this.sequence.every((value, index) => value === index);
  }

  terminate(): void {
    this.ws.terminate();
  }
}

/** `size` bytes of filler ending with `sequence` as a little-endian u32. */
export function numberedPayload(size: number, sequence: number): Uint8Array {
  const bytes = new Uint8Array(size);
  new DataView(bytes.buffer).setUint32(size - 4, sequence, true);
  return bytes;
}
