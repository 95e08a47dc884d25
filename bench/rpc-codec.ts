// RPC codec: encode + decode of a typical game RPC — `move(position: Vector2, tick: int, speed: float)`
// on a cached node path with a method id — as Godot 4's REMOTE_CALL bytes, beside JSON.stringify /
// JSON.parse of the same call. Pure CPU, no sockets.
import { decodeRemoteCall, encodeRemoteCall } from "@gdnet/core";
import { Vector2 } from "gdnet";
import type { Workload } from "./harness.js";

const COUNT = 200_000;

/** Keeps results alive so the optimiser cannot drop the work. */
let sink = 0;

function gdnetRun(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const bytes = encodeRemoteCall({ nodeId: 3, methodId: 1, args: [new Vector2(12.5, -3.25), i, 0.75] });
    const call = decodeRemoteCall(bytes);
    if (!(call instanceof Error)) sink += call.args.length;
  }
  return Promise.resolve(COUNT / ((performance.now() - start) / 1000));
}

function jsonRun(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const text = JSON.stringify({ node: 3, method: "move", args: [{ x: 12.5, y: -3.25 }, i, 0.75] });
    const call = JSON.parse(text) as { args: unknown[] };
    sink += call.args.length;
  }
  return Promise.resolve(COUNT / ((performance.now() - start) / 1000));
}

export const rpcCodec: Workload = {
  name: `RPC encode + decode, move(Vector2, int, float), ${COUNT.toLocaleString("en-US")} calls`,
  unit: "calls/s",
  subjects: [
    { name: "gdnet REMOTE_CALL (Godot 4 bytes)", run: gdnetRun },
    { name: "JSON.stringify + JSON.parse", run: jsonRun },
  ],
  teardown: () => {
    if (sink < 0) process.stdout.write("");
    return Promise.resolve();
  },
};
