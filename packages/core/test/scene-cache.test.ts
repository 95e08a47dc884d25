import { describe, expect, it } from "vitest";
import { CacheAdmission, checkCacheLimits, SCENE_CACHE_DEFAULT_LIMITS, SceneCache } from "../src/scene-cache.js";

describe("SceneCache, receive side", () => {
  it("remembers a peer's path once per id and refuses a repeated id (Godot 4)", () => {
    const cache = new SceneCache();
    expect(cache.remember(5, 1, "World/Player")).toBe(CacheAdmission.STORED);
    expect(cache.remember(5, 1, "World/Other")).toBe(CacheAdmission.DUPLICATE);
    expect(cache.lookup(5, 1)).toBe("World/Player");
    expect(cache.lookup(6, 1)).toBeUndefined();
  });

  it("replaces the path of a repeated id (Godot 3) and counts only the new size", () => {
    const cache = new SceneCache();
    cache.replace(5, 1, "abc");
    expect(cache.replace(5, 1, "abcdef")).toBe(CacheAdmission.STORED);
    expect(cache.lookup(5, 1)).toBe("abcdef");
    expect(cache.receivedFrom(5)).toEqual({ paths: 1, bytes: 6 });
  });

  it("defaults to 4096 paths and 1 MiB of them per peer", () => {
    expect(SCENE_CACHE_DEFAULT_LIMITS).toEqual({ maxPathsPerPeer: 4096, maxPathBytesPerPeer: 1 << 20 });
  });

  it("refuses a peer's path past its path count, and keeps the others' room", () => {
    const cache = new SceneCache();
    cache.limits = checkCacheLimits({ maxPathsPerPeer: 3 });
    for (let id = 1; id <= 3; id++) expect(cache.remember(5, id, `Node${id}`)).toBe(CacheAdmission.STORED);
    expect(cache.remember(5, 4, "Node4")).toBe(CacheAdmission.FULL);
    expect(cache.replace(5, 4, "Node4")).toBe(CacheAdmission.FULL);
    expect(cache.lookup(5, 4)).toBeUndefined();
    // Replacing an id already there does not add a path.
    expect(cache.replace(5, 3, "Node3b")).toBe(CacheAdmission.STORED);
    expect(cache.remember(6, 1, "Node1")).toBe(CacheAdmission.STORED);
    expect(cache.receivedFrom(5).paths).toBe(3);
  });

  it("refuses a peer's path past its bytes", () => {
    const cache = new SceneCache();
    cache.limits = checkCacheLimits({ maxPathBytesPerPeer: 10 });
    expect(cache.remember(5, 1, "x".repeat(6))).toBe(CacheAdmission.STORED);
    expect(cache.remember(5, 2, "x".repeat(5))).toBe(CacheAdmission.FULL);
    expect(cache.remember(5, 2, "x".repeat(4))).toBe(CacheAdmission.STORED);
    expect(cache.receivedFrom(5)).toEqual({ paths: 2, bytes: 10 });
  });

  it("gives a peer its room back when it leaves", () => {
    const cache = new SceneCache();
    cache.limits = checkCacheLimits({ maxPathsPerPeer: 1 });
    cache.remember(5, 1, "A");
    cache.forgetPeer(5);
    expect(cache.receivedFrom(5)).toEqual({ paths: 0, bytes: 0 });
    expect(cache.remember(5, 2, "B")).toBe(CacheAdmission.STORED);
  });

  it("refuses limits that are not positive integers", () => {
    expect(() => checkCacheLimits({ maxPathsPerPeer: 0 })).toThrow(/maxPathsPerPeer must be a positive integer/);
    expect(() => checkCacheLimits({ maxPathBytesPerPeer: Number.NaN })).toThrow(/positive integer/);
  });

  it("says in its limit error which peer and which limits, with close code 1008", () => {
    const error = SceneCache.limitError(7, SCENE_CACHE_DEFAULT_LIMITS);
    expect(error.code).toBe("ERR_OUT_OF_MEMORY");
    expect(error.closeCode).toBe(1008);
    expect(error.message).toMatch(/Peer 7 .*4096 paths, 1048576 bytes/);
  });
});
