// Writes a Godot 4 resource pack (.pck), so the tests can run their own GDScript in the stock
// Godot 4.6 web export template without the editor. Pack format version 3 (Godot 4.4+), as
// core/io/pck_packer.cpp writes it without encryption:
//
//   0   "GDPC"
//   4   u32 pack format version (3)
//   8   u32 engine major, minor, patch (the loader refuses a pack from a newer engine)
//   20  u32 pack flags: 2 = PACK_REL_FILEBASE (file offsets count from the file base)
//   24  u64 file base (absolute)
//   32  u64 directory offset (absolute)
//   40  16 x u32 reserved (zero)
//   104 zero padding up to `alignment`, then the file data, each file padded to `alignment`
//   ..  the directory (itself aligned): u32 file count, then per file: u32 path length (padded to
//       4), the UTF-8 path without "res://" NUL-padded to that length, u64 offset from the file
//       base, u64 size, 16-byte MD5 of the data, u32 flags (0: plain file).
//
// All integers little-endian. Text resources (project.godot, .tscn, .gd) load from a pack as they
// are; the editor's export would convert them, the engine does not need it.
import { createHash } from "node:crypto";

/** A file to put in the pack: its `res://` path (with or without the prefix) and its bytes. */
export interface PckFile {
  readonly path: string;
  readonly data: Uint8Array | string;
}

/** Options of {@link writePck}. */
export interface PckOptions {
  /** Engine version the pack says it was made by; Godot refuses one newer than itself. Default 4.6.0. */
  readonly engine?: readonly [major: number, minor: number, patch: number];
  /** Alignment of the file base, each file and the directory (the editor's export uses 16). */
  readonly alignment?: number;
}

export const PCK_MAGIC = 0x43504447; // "GDPC" read as a little-endian u32
export const PCK_FORMAT_VERSION = 3;
export const PCK_REL_FILEBASE = 2;
const HEADER_SIZE = 40 + 16 * 4;

function pad(length: number, alignment: number): number {
  const rest = length % alignment;
  return rest === 0 ? 0 : alignment - rest;
}

/** The pack holding `files`, in the given order. Throws on a duplicate or empty path. */
export function writePck(files: readonly PckFile[], options: PckOptions = {}): Uint8Array {
  const [major, minor, patch] = options.engine ?? [4, 6, 0];
  const alignment = options.alignment ?? 16;
  const encoder = new TextEncoder();
  const entries = files.map((file) => {
    const path = file.path.replace(/^res:\/\//, "");
    if (path === "") throw new Error("writePck: a file needs a path");
    const data = typeof file.data === "string" ? encoder.encode(file.data) : file.data;
    return { path, pathBytes: encoder.encode(path), data, md5: createHash("md5").update(data).digest() };
  });
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.path)) throw new Error(`writePck: ${entry.path} is there twice`);
    seen.add(entry.path);
  }

  const fileBase = HEADER_SIZE + pad(HEADER_SIZE, alignment);
  let cursor = fileBase;
  const offsets = entries.map((entry) => {
    const offset = cursor - fileBase;
    cursor += entry.data.length + pad(entry.data.length, alignment);
    return offset;
  });
  const directoryOffset = cursor;
  const directorySize =
    4 + entries.reduce((sum, entry) => sum + 4 + entry.pathBytes.length + pad(entry.pathBytes.length, 4) + 8 + 8 + 16 + 4, 0);

  const bytes = new Uint8Array(directoryOffset + directorySize);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, PCK_MAGIC, true);
  view.setUint32(4, PCK_FORMAT_VERSION, true);
  view.setUint32(8, major, true);
  view.setUint32(12, minor, true);
  view.setUint32(16, patch, true);
  view.setUint32(20, PCK_REL_FILEBASE, true);
  view.setBigUint64(24, BigInt(fileBase), true);
  view.setBigUint64(32, BigInt(directoryOffset), true);
  // 40..104 reserved and the padding after it stay zero, as Godot writes them.
  entries.forEach((entry, i) => {
    bytes.set(entry.data, fileBase + (offsets[i] ?? 0));
  });

  let at = directoryOffset;
  view.setUint32(at, entries.length, true);
  at += 4;
  entries.forEach((entry, i) => {
    const padded = entry.pathBytes.length + pad(entry.pathBytes.length, 4);
    view.setUint32(at, padded, true);
    bytes.set(entry.pathBytes, at + 4);
    at += 4 + padded;
    view.setBigUint64(at, BigInt(offsets[i] ?? 0), true);
    view.setBigUint64(at + 8, BigInt(entry.data.length), true);
    bytes.set(entry.md5, at + 16);
    view.setUint32(at + 32, 0, true);
    at += 36;
  });
  return bytes;
}
