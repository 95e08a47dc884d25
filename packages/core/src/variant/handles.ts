// Variant types that refer to engine-side things by id: nothing here can be resolved outside
// the engine, so these are plain ids.

import { requireU64 } from "./numbers.js";

/**
 * Godot `RID`: a server resource id. Godot 4 sends the 64-bit id; Godot 3 sends no payload at
 * all, so every RID decoded from Godot 3 has id 0.
 */
export class RID {
  readonly id: bigint;

  constructor(id: bigint | number = 0n) {
    this.id = requireU64(id, "RID.id");
  }

  equals(other: unknown): boolean {
    return other instanceof RID && other.id === this.id;
  }
}

/**
 * An Object sent as its instance id (`ENCODE_FLAG_OBJECT_AS_ID`), which is how Godot sends
 * objects whenever full objects are not allowed; Godot decodes it to an `EncodedObjectAsID`.
 * Id 0 is the null object and decodes to `null`.
 */
export class ObjectId {
  readonly id: bigint;

  constructor(id: bigint | number) {
    this.id = requireU64(id, "ObjectId.id");
  }

  equals(other: unknown): boolean {
    return other instanceof ObjectId && other.id === this.id;
  }
}

/**
 * Godot 4 `Callable`. The binary encoding carries nothing (a Callable cannot cross the wire),
 * so every Callable sent or received is the empty one.
 */
export class Callable {
  equals(other: unknown): boolean {
    return other instanceof Callable;
  }
}

/** Godot 4 `Signal`: the id of the object that owns it, and its name. */
export class Signal {
  readonly objectId: bigint;
  readonly name: string;

  constructor(objectId: bigint | number, name: string) {
    this.objectId = requireU64(objectId, "Signal.objectId");
    this.name = name;
  }

  equals(other: unknown): boolean {
    return other instanceof Signal && other.objectId === this.objectId && other.name === this.name;
  }
}
