import type { Emitter, EventType } from "mitt";
import * as mittNamespace from "mitt";
import { GodotError } from "./godot-error.js";

type MittFactory = <Events extends Record<EventType, unknown>>() => Emitter<Events>;

// mitt 3.0.1 ships CommonJS-style types for its ESM build (attw: "Masquerading as CJS"): the
// default export is the function at runtime, a `{ default }` object to NodeNext, the function to
// a bundler. Unwrap until we hold the function, whichever way this file was resolved.
function unwrap(value: unknown): MittFactory {
  return typeof value === "function" ? (value as MittFactory) : unwrap((value as { default: unknown }).default);
}
const mitt: MittFactory = unwrap(mittNamespace);

/** Signal name -> argument tuple. Godot's signal names are kept as they are (`data_received`). */
export type SignalMap = { [name: string]: readonly unknown[] };

/** A handler of signal `K`: it receives the signal's arguments, as a GDScript callable would. */
export type SignalHandler<S extends SignalMap, K extends keyof S> = (...args: S[K]) => void;

type Bus<S extends SignalMap> = { [K in keyof S]: S[K] };
type Wrapped = (args: readonly unknown[]) => void;

/** What has signals: a SignalEmitter, or a MultiplayerPeer (which delegates to one). */
export interface SignalSource<S extends SignalMap> {
  on<K extends keyof S>(name: K, handler: SignalHandler<S, K>): this;
  once<K extends keyof S>(name: K, handler: SignalHandler<S, K>): this;
  off<K extends keyof S>(name: K, handler?: SignalHandler<S, K>): this;
  connect<K extends keyof S>(name: K, handler: SignalHandler<S, K>): GodotError;
  disconnect<K extends keyof S>(name: K, handler: SignalHandler<S, K>): void;
  isConnected<K extends keyof S>(name: K, handler: SignalHandler<S, K>): boolean;
  emitSignal<K extends keyof S>(name: K, ...args: S[K]): void;
}

/**
 * Godot-style signals on top of mitt: `on`/`off`/`once` for JS habits, `connect`/`disconnect`/
 * `isConnected` for Godot habits (`ws_server.connect("peer_packet", ...)` in the cheatsheet).
 * Signals are only ever emitted from inside `poll()` (see poll-scope.ts).
 */
export class SignalEmitter<S extends SignalMap> implements SignalSource<S> {
  // Both are made on the first `on`: a server holds thousands of peers nobody listens to, and an
  // emitter costs a few hundred bytes each (bench/RESULTS.md, idle memory).
  #bus: Emitter<Bus<S>> | null = null;
  // mitt passes one event object; we keep the handler -> wrapper map to spread tuples and to
  // let `off(name, handler)` find the wrapper again.
  #wrappers: Map<keyof S, Map<SignalHandler<S, keyof S>, Wrapped>> | null = null;

  /** Calls `handler` every time `name` is emitted. Adding the same handler twice has no effect. */
  on<K extends keyof S>(name: K, handler: SignalHandler<S, K>): this {
    this.#add(name, handler, false);
    return this;
  }

  /** Calls `handler` the next time `name` is emitted, then forgets it. */
  once<K extends keyof S>(name: K, handler: SignalHandler<S, K>): this {
    this.#add(name, handler, true);
    return this;
  }

  /** Removes `handler` from `name`; without a handler, removes every handler of `name`. */
  off<K extends keyof S>(name: K, handler?: SignalHandler<S, K>): this {
    const byHandler = this.#wrappers?.get(name);
    const bus = this.#bus;
    if (!byHandler || !bus) return this;
    if (handler === undefined) {
      for (const wrapped of byHandler.values()) bus.off(name, wrapped as never);
      this.#wrappers?.delete(name);
      return this;
    }
    const wrapped = byHandler.get(handler as SignalHandler<S, keyof S>);
    if (wrapped) {
      bus.off(name, wrapped as never);
      byHandler.delete(handler as SignalHandler<S, keyof S>);
    }
    return this;
  }

  /**
   * Godot's `Object.connect(signal, callable)`: returns `ERR_INVALID_PARAMETER` when the handler
   * is already connected (Godot reports "Signal already connected"), `OK` otherwise.
   */
  connect<K extends keyof S>(name: K, handler: SignalHandler<S, K>): GodotError {
    if (this.isConnected(name, handler)) return GodotError.ERR_INVALID_PARAMETER;
    this.#add(name, handler, false);
    return GodotError.OK;
  }

  /** Godot's `Object.disconnect(signal, callable)`. */
  disconnect<K extends keyof S>(name: K, handler: SignalHandler<S, K>): void {
    this.off(name, handler);
  }

  /** Godot's `Object.is_connected(signal, callable)`. */
  isConnected<K extends keyof S>(name: K, handler: SignalHandler<S, K>): boolean {
    return this.#wrappers?.get(name)?.has(handler as SignalHandler<S, keyof S>) ?? false;
  }

  /** Emits `name` with `args`. Called by gdnet from inside `poll()`; user code may call it too. */
  emitSignal<K extends keyof S>(name: K, ...args: S[K]): void {
    if (this.#wrappers?.has(name)) this.#bus?.emit(name, args as Bus<S>[K]);
  }

  #add<K extends keyof S>(name: K, handler: SignalHandler<S, K>, once: boolean): void {
    this.#wrappers ??= new Map();
    this.#bus ??= mitt<Bus<S>>();
    const bus = this.#bus;
    let byHandler = this.#wrappers.get(name);
    if (!byHandler) {
      byHandler = new Map();
      this.#wrappers.set(name, byHandler);
    }
    const key = handler as SignalHandler<S, keyof S>;
    if (byHandler.has(key)) return;
    const wrapped: Wrapped = (args) => {
      if (once) this.off(name, handler);
      (handler as (...a: readonly unknown[]) => void)(...args);
    };
    byHandler.set(key, wrapped);
    bus.on(name, wrapped as never);
  }
}
