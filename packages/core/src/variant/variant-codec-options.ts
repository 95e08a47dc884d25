/** Options of the Variant encoders and decoders (both generations, plain and compressed). */
export interface VariantCodecOptions {
  /**
   * Deepest nesting of containers (Array, Dictionary, full Object) accepted, counting the
   * outermost value as depth 0: a value deeper than this fails to encode and to decode, the
   * same `depth > MAX_RECURSION_DEPTH` rule Godot applies. Default 1024, Godot's
   * `Variant::MAX_RECURSION_DEPTH`, so anything Godot sends decodes and anything gdnet sends is
   * accepted by Godot. Encoding also stops at cyclic references.
   */
  maxDepth?: number | undefined;
  /**
   * Decoding only: the largest count a length field may hold (string bytes, container and
   * packed-array elements, NodePath names). Default: unlimited, which in practice means the
   * input's length, because every count is also checked against the bytes that remain before
   * anything is allocated, so a lying length fails at once.
   */
  maxLength?: number | undefined;
  /**
   * Godot's `allow_object_decoding`. Default false: a full Object fails to decode with
   * ERR_UNAUTHORIZED and a {@link GodotObject} fails to encode. Objects sent as ids
   * ({@link ObjectId}) are always allowed.
   */
  allowObjects?: boolean | undefined;
  /**
   * Godot 4 encoding only: `"double"` writes real-based math types (vectors, Rect2, Plane,
   * Quaternion, AABB, Basis, transforms, Projection, PackedVector2/3/4Array) with the 64-bit
   * flag and f64 components, like an engine built with `precision=double`. Default `"single"`
   * (f32, standard builds). Decoding follows the flag in the data either way; Color is always
   * f32, and Godot 3 always writes f32.
   */
  precision?: "single" | "double" | undefined;
  /**
   * Decoding only: what a FLOAT decodes to. Default `"number"`: a JS number, so an integral float
   * (Godot's 2.0) is the number 2 and would be re-sent as INT. `"GdFloat"`: a {@link GdFloat},
   * which is re-sent as FLOAT with the same bytes (f32 or f64 follow from the value, by Godot's own
   * rule), so a decoded value goes back exactly as it came. Elements, keys and values that a typed
   * container declares FLOAT stay plain numbers either way: the container type already makes them
   * floats.
   */
  floats?: "number" | "GdFloat" | undefined;
}

/** {@link VariantCodecOptions} with every default applied. */
export interface ResolvedVariantCodecOptions {
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly allowObjects: boolean;
  readonly precision: "single" | "double";
  readonly floats: "number" | "GdFloat";
}

/** Default of {@link VariantCodecOptions.maxDepth}: Godot's `Variant::MAX_RECURSION_DEPTH`. */
export const DEFAULT_MAX_DEPTH = 1024;

/** Applies the defaults of {@link VariantCodecOptions}. */
export function resolveVariantOptions(options: VariantCodecOptions = {}): ResolvedVariantCodecOptions {
  return {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxLength: options.maxLength ?? Number.POSITIVE_INFINITY,
    allowObjects: options.allowObjects ?? false,
    precision: options.precision ?? "single",
    floats: options.floats ?? "number",
  };
}
