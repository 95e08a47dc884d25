// The Variant codec against its oracle, the real Godot 4.6: every value of project/values.gd
// (sent by scenarios/variant_oracle.gd) goes Godot var_to_bytes -> gdnet bytesToVar -> gdnet
// varToBytes -> Godot bytes_to_var -> Godot var_to_bytes, and the bytes are compared at each step;
// values built in JS with gdnet's classes (values.ts) go gdnet -> Godot and must decode to what
// Godot itself builds under the same label. Differences the engine showed are listed in
// GODOT_OWN_DIFFERENCES (values.ts) and DEFAULT_FLOAT_MAPPING below; each is checked to stay
// true, so a fix in packages/ makes its entry fail and the lists cannot go stale.
import { autoPoll, bytesToVar, GdnetError, type VariantCodecOptions, varToBytes, WriteMode } from "gdnet";
import { afterEach, expect, it } from "vitest";
import { startServer } from "../../test-support/servers.js";
import { describeGodot4, explain, type GodotEvent, startGodot4 } from "./godot4.js";
import { differsOnlyInPadding, GODOT_OWN_DIFFERENCES, hex, JS_VALUES, sameBytes, WITH_NODE_PATHS } from "./values.js";

/** The codec options for `value`: full objects are allowed where Godot sent it with them. */
const optionsFor = (value: { objects: boolean }, options: VariantCodecOptions): VariantCodecOptions =>
  value.objects ? { ...options, allowObjects: true } : options;

/** gdnet's decode then encode of `bytes`: the bytes, or the error it gave. */
function gdnetRoundTrip(bytes: Uint8Array, options: VariantCodecOptions): { bytes?: Uint8Array; error?: string } {
  const value = bytesToVar(bytes, options);
  if (value instanceof GdnetError) return { error: `bytesToVar: ${value.code}: ${value.message}` };
  try {
    return { bytes: varToBytes(value, options) };
  } catch (error) {
    return { error: `varToBytes: ${error instanceof Error ? error.message : String(error)}` };
  }
}

interface GodotValue {
  label: string;
  type: number;
  text: string;
  bytes: Uint8Array;
  /** Sent with var_to_bytes_with_objects: decode and encode with allowObjects. */
  objects: boolean;
}

/** One difference the engine showed: the value, Godot's bytes, gdnet's bytes or error. */
interface Difference {
  label: string;
  godot: string;
  gdnet: string;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/**
 * Runs the oracle scenario against a gdnet server that re-encodes every value it gets (with
 * `options`), sends it back, then sends the JS-built values. Resolves with what each side saw.
 */
async function runOracle(options: VariantCodecOptions) {
  const { server, url } = await startServer();
  const fromGodot: GodotValue[] = [];
  const sentJs = new Map<string, { bytes?: Uint8Array; error?: string }>();
  let header: { kind: string; label?: string; type?: number; text?: string; objects?: boolean } | null = null;
  const sendJson = (id: number, fields: Record<string, unknown>): void => {
    server.getPeer(id)?.send(new TextEncoder().encode(JSON.stringify(fields)), WriteMode.WRITE_MODE_TEXT);
  };
  const sendValue = (id: number, label: string, result: { bytes?: Uint8Array; error?: string }, objects = false): void => {
    if (result.bytes) {
      sendJson(id, { kind: "value", label, objects });
      server.getPeer(id)?.send(result.bytes, WriteMode.WRITE_MODE_BINARY);
    } else {
      sendJson(id, { kind: "error", label, message: result.error });
    }
  };
  server.on("data_received", (id) => {
    const peer = server.getPeer(id);
    while (peer && peer.getAvailablePacketCount() > 0) {
      const packet = peer.getPacket();
      if (peer.wasStringPacket()) {
        header = JSON.parse(new TextDecoder().decode(packet));
        if (header?.kind !== "done") continue;
        // Everything arrived: send gdnet's encodings back, then the JS-built values.
        for (const value of fromGodot) {
          sendValue(id, value.label, gdnetRoundTrip(value.bytes, optionsFor(value, options)), value.objects);
        }
        for (const [label, build] of Object.entries(JS_VALUES)) {
          let result: { bytes?: Uint8Array; error?: string };
          try {
            result = { bytes: varToBytes(build()) };
          } catch (error) {
            result = { error: `varToBytes: ${error instanceof Error ? error.message : String(error)}` };
          }
          sentJs.set(label, result);
          sendValue(id, `js:${label}`, result);
        }
        sendJson(id, { kind: "end" });
      } else if (header?.kind === "value") {
        fromGodot.push({
          label: String(header.label),
          type: Number(header.type),
          text: String(header.text),
          bytes: packet,
          objects: header.objects === true,
        });
        header = null;
      }
    }
  });
  const stopPolling = autoPoll(server);
  cleanups.push(() => {
    stopPolling();
    server.stop();
  });
  const godot = startGodot4("variant_oracle", { args: { url }, timeoutS: 20 });
  const result = await godot.exited;
  const decoded = new Map<string, GodotEvent>(result.all("decoded").map((e) => [String(e.label), e]));
  return { result, fromGodot, sentJs, decoded };
}

type Oracle = Awaited<ReturnType<typeof runOracle>>;

/** Godot -> gdnet -> Godot: where gdnet's re-encoding (with `options`) differs from Godot's bytes. */
function roundTripDifferences(oracle: Oracle, options: VariantCodecOptions): Difference[] {
  const differences: Difference[] = [];
  for (const value of oracle.fromGodot) {
    const back = gdnetRoundTrip(value.bytes, optionsFor(value, options));
    if (sameBytes(value.bytes, back.bytes)) continue;
    differences.push({
      label: value.label,
      godot: `${hex(value.bytes)} (${value.text})`,
      gdnet: back.bytes ? hex(back.bytes) : String(back.error),
    });
  }
  return differences;
}

/** gdnet's own encoding of the JS values, against Godot's encoding of the same labels and what Godot reads. */
function jsDifferences(oracle: Oracle): Difference[] {
  const godotByLabel = new Map(oracle.fromGodot.map((value) => [value.label, value]));
  const differences: Difference[] = [];
  for (const [label, sent] of oracle.sentJs) {
    const godot = godotByLabel.get(label);
    if (!godot) throw new Error(`JS_VALUES has ${label}, which variant_oracle.gd does not send`);
    const decoded = oracle.decoded.get(`js:${label}`);
    if (sameBytes(godot.bytes, sent.bytes) && decoded?.text === godot.text && decoded.type === godot.type) continue;
    differences.push({
      label,
      godot: `${hex(godot.bytes)} (${godot.text})`,
      gdnet: sent.bytes ? `${hex(sent.bytes)} (Godot reads it as ${decoded?.text})` : String(sent.error),
    });
  }
  return differences;
}

const format = (differences: readonly Difference[]): string =>
  differences.map((d) => `${d.label}\n    Godot: ${d.godot}\n    gdnet: ${d.gdnet}`).join("\n");

/**
 * What gdnet's JS mapping does on purpose with the default `floats: "number"` (README
 * "Variants"): a FLOAT with an integral value decodes to a JS number and goes back as an INT, and
 * one from 2^53 on cannot be sent back at all without GdFloat. `floats: "GdFloat"` keeps them.
 */
const DEFAULT_FLOAT_MAPPING = ["float_2", "float_0", "float_2p53", "dictionary", "array"];

let oraclePromise: Promise<Oracle> | null = null;
/** One Godot run serves every test of the file. */
const oracle = (): Promise<Oracle> => {
  oraclePromise ??= runOracle({ floats: "GdFloat" });
  return oraclePromise;
};

describeGodot4("Variants: gdnet's codec against Godot 4.6's var_to_bytes / bytes_to_var", () => {
  it("Godot 4.6 encodes every type, and gdnet decodes each value and re-encodes it to Godot's bytes (floats: GdFloat)", async () => {
    const { result, fromGodot } = await oracle();
    expect(result.code, explain(result, "variant_oracle")).toBe(0);
    expect(fromGodot.length).toBe(result.find("sent")?.count);
    // Every Godot 4 Variant type but OBJECT as a full object is in the list (OBJECT goes as an id).
    const types = new Set(fromGodot.map((value) => value.type));
    expect([...Array(39).keys()].filter((type) => !types.has(type))).toEqual([]);
    const differences = roundTripDifferences(await oracle(), { floats: "GdFloat" });
    expect(differences, format(differences)).toEqual([]);
  });

  it("Godot 4.6 only differs from gdnet in the NodePath padding, which it leaves unwritten", async () => {
    const { fromGodot } = await oracle();
    for (const label of WITH_NODE_PATHS) {
      const value = fromGodot.find((v) => v.label === label);
      if (!value) throw new Error(`variant_oracle.gd sends no ${label}`);
      const back = gdnetRoundTrip(value.bytes, optionsFor(value, { floats: "GdFloat" }));
      expect(
        back.bytes && differsOnlyInPadding(value.bytes, back.bytes),
        `${label}: ${hex(value.bytes)} vs ${back.bytes && hex(back.bytes)}`,
      ).toBe(true);
    }
  });

  it("Godot decodes gdnet's re-encodings to values equal to its own and re-encodes them to the same bytes", async () => {
    const { decoded, fromGodot, result } = await oracle();
    expect(result.all("gdnet_error")).toEqual([]);
    const odd: string[] = [];
    for (const value of fromGodot) {
      const event = decoded.get(value.label);
      const sameBytesBack = event?.same_bytes === true || WITH_NODE_PATHS.includes(value.label);
      const fine = event !== undefined && sameBytesBack && event.equal === true && event.type === value.type;
      if (fine !== (GODOT_OWN_DIFFERENCES[value.label] === undefined)) odd.push(`${value.label}: ${JSON.stringify(event)}`);
    }
    expect(odd, odd.join("\n")).toEqual([]);
  });

  it("values built with gdnet's classes reach Godot as the values Godot builds itself, byte for byte", async () => {
    const o = await oracle();
    const differences = jsDifferences(o);
    // TypedArray("Node") goes out as a class-typed array of "Node", as it should; Godot, without
    // allow_objects, names its own "EncodedObjectAsID" and reads any class as that (TypedArray docs).
    expect(
      differences.map((d) => d.label),
      format(differences),
    ).toEqual(["array_typed_node"]);
    for (const label of Object.keys(JS_VALUES)) {
      const event = o.decoded.get(`js:${label}`);
      const expected = GODOT_OWN_DIFFERENCES[label] === undefined;
      expect(event?.equal === true, `${label}: ${JSON.stringify(event)}`).toBe(expected);
    }
  });

  it('with the default floats: "number", only integral floats change, as documented', async () => {
    const differences = roundTripDifferences(await oracle(), {});
    expect(
      differences.map((d) => d.label),
      format(differences),
    ).toEqual(DEFAULT_FLOAT_MAPPING);
  });
});
