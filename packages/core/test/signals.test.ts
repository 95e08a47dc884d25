import { describe, expect, it } from "vitest";
import { GodotError } from "../src/godot-error.js";
import { SignalEmitter } from "../src/signals.js";

type TestSignals = { client_connected: [id: number, protocol: string]; data_received: [] };

describe("SignalEmitter", () => {
  it("passes every signal argument to the handler", () => {
    const emitter = new SignalEmitter<TestSignals>();
    const calls: Array<[number, string]> = [];
    emitter.on("client_connected", (id, protocol) => calls.push([id, protocol]));
    emitter.emitSignal("client_connected", 7, "ludus");
    expect(calls).toEqual([[7, "ludus"]]);
  });

  it("runs a once() handler a single time", () => {
    const emitter = new SignalEmitter<TestSignals>();
    let count = 0;
    emitter.once("data_received", () => count++);
    emitter.emitSignal("data_received");
    emitter.emitSignal("data_received");
    expect(count).toBe(1);
  });

  it("off() removes one handler, or all of a signal", () => {
    const emitter = new SignalEmitter<TestSignals>();
    let a = 0;
    let b = 0;
    const handlerA = (): void => {
      a++;
    };
    emitter.on("data_received", handlerA).on("data_received", () => b++);
    emitter.off("data_received", handlerA);
    emitter.emitSignal("data_received");
    expect([a, b]).toEqual([0, 1]);
    emitter.off("data_received");
    emitter.emitSignal("data_received");
    expect([a, b]).toEqual([0, 1]);
  });

  it("connect() refuses a handler that is already connected, as Godot does", () => {
    const emitter = new SignalEmitter<TestSignals>();
    const handler = (): void => {};
    expect(emitter.connect("data_received", handler)).toBe(GodotError.OK);
    expect(emitter.isConnected("data_received", handler)).toBe(true);
    expect(emitter.connect("data_received", handler)).toBe(GodotError.ERR_INVALID_PARAMETER);
    emitter.disconnect("data_received", handler);
    expect(emitter.isConnected("data_received", handler)).toBe(false);
  });

  it("calls handlers in the order they were added", () => {
    const emitter = new SignalEmitter<TestSignals>();
    const order: string[] = [];
    emitter.on("data_received", () => order.push("first"));
    emitter.on("data_received", () => order.push("second"));
    emitter.emitSignal("data_received");
    expect(order).toEqual(["first", "second"]);
  });
});
