import { sameReal } from "./numbers.js";

/**
 * A number that must be sent as a Godot FLOAT. Plain integral numbers (`5`, `5.0` is the same JS
 * value) are sent as INT; wrap them as `new GdFloat(5)` when the receiver expects a float.
 * Decoders return plain numbers, never GdFloat.
 */
export class GdFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  equals(other: unknown): boolean {
    return other instanceof GdFloat && sameReal(other.value, this.value);
  }
}
