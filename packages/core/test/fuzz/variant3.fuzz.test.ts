// Property tests of the Godot 3 Variant decoder (variant3.ts: decodeVariant3, bytes2var).
import { bytes2var, decodeVariant3, var2bytes } from "../../src/variant/variant3.js";
import { describeVariantCodecProperties } from "./variant-codec-properties.js";

describeVariantCodecProperties({
  label: "Variant 3",
  generation: 3,
  decode: decodeVariant3,
  bytesToValue: bytes2var,
  encode: var2bytes,
});
