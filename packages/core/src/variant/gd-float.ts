import { sameReal } from "./numbers.js";

/**
 * A number that must be sent as a Godot FLOAT. Plain integral numbers (`5`, `5.0` is the same JS
 * value) are sent as INT; wrap them as `new GdFloat(5)` when the receiver expects a float. Like
 * every FLOAT it goes out as f32 when `Math.fround(value) === value` and as f64 with the 64-bit
 * flag otherwise, Godot's own rule (`encode_variant` in core/io/marshalls.cpp), so the width
 * needs no remembering: a FLOAT Godot wrote decodes and re-encodes to the same bytes.
 * Decoders return plain numbers unless decoding with `floats: "GdFloat"`
 * (VariantCodecOptions), which returns a GdFloat for every FLOAT outside FLOAT-typed containers.
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
