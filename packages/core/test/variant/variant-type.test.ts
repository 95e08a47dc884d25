import { describe, expect, it } from "vitest";
import {
  VARIANT_MAX_3,
  VARIANT_MAX_4,
  VariantType3,
  VariantType4,
  variantTypeName3,
  variantTypeName4,
} from "../../src/variant/variant-type.js";

describe("Variant type tables", () => {
  it("number Godot 4 types 0..38 in order (§4.8)", () => {
    const ids = Object.values(VariantType4);
    expect(ids).toEqual(Array.from({ length: VARIANT_MAX_4 }, (_, i) => i));
    expect(VariantType4.DICTIONARY).toBe(27);
    expect(VariantType4.ARRAY).toBe(28);
    expect(VariantType4.PACKED_VECTOR4_ARRAY).toBe(38);
  });

  it("number Godot 3 types 0..26 in order (§3.5)", () => {
    const ids = Object.values(VariantType3);
    expect(ids).toEqual(Array.from({ length: VARIANT_MAX_3 }, (_, i) => i));
    expect(VariantType3.DICTIONARY).toBe(18);
    expect(VariantType3.POOL_COLOR_ARRAY).toBe(26);
  });

  it("agree with each other only on ids 0-5 (§8 item 7)", () => {
    const names4 = Object.keys(VariantType4);
    const names3 = Object.keys(VariantType3);
    const same = names3.filter((name, id) => names4[id] === name);
    expect(same).toEqual(["NIL", "BOOL", "INT", "STRING", "VECTOR2"]);
    expect(VariantType3.REAL).toBe(VariantType4.FLOAT);
  });

  it("name an id, or return undefined past VARIANT_MAX", () => {
    expect(variantTypeName4(22)).toBe("NODE_PATH");
    expect(variantTypeName4(39)).toBeUndefined();
    expect(variantTypeName3(16)).toBe("_RID");
    expect(variantTypeName3(27)).toBeUndefined();
  });
});
