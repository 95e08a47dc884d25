// Property tests of the Godot 4 Variant decoder (variant4.ts: decodeVariant4, bytesToVar).
import { bytesToVar, decodeVariant4, varToBytes } from "../../src/variant/variant4.js";
import { describeVariantCodecProperties } from "./variant-codec-properties.js";

describeVariantCodecProperties({
  label: "Variant 4",
  generation: 4,
  decode: decodeVariant4,
  bytesToValue: bytesToVar,
  encode: varToBytes,
});
