import { variantEquals } from "./variant-equals.js";
import type { Variant } from "./variant-value.js";

/**
 * An Object sent in full: its class name and its stored properties, in the order they were
 * sent. Only exchanged when `allowObjects` is true (Godot's `allow_object_decoding`): full
 * objects let the sender instantiate arbitrary classes on the receiver, so both Godot and gdnet
 * refuse them by default. gdnet never instantiates anything; this is plain data.
 */
export class GodotObject {
  readonly className: string;
  readonly properties: ReadonlyMap<string, Variant>;

  constructor(className: string, properties: Iterable<readonly [string, Variant]> = []) {
    this.className = className;
    this.properties = new Map(properties);
  }

  equals(other: unknown): boolean {
    if (!(other instanceof GodotObject) || other.className !== this.className) return false;
    if (other.properties.size !== this.properties.size) return false;
    for (const [name, value] of this.properties) {
      if (!other.properties.has(name) || !variantEquals(value, other.properties.get(name))) return false;
    }
    return true;
  }
}
