// The message transform of production browser builds (scripts/messages/): fixture modules in,
// compact modules out, run for real against the formatter, with the table they report.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { collectMessages } from "../messages/collect-messages.mjs";
import { compactMessages, MESSAGE_FUNCTIONS, type MessageFunction } from "../messages/compact-messages.mjs";
import { messageId } from "../messages/message-id.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const runtime = pathToFileURL(fileURLToPath(new URL("../messages/message-runtime.mjs", import.meta.url))).href;
const DOCS = "https://github.com/gdnet/gdnet/blob/main/docs/errors.md#e";

const ERRORS = `
class GdnetError extends Error {
  constructor(code, message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

const NOT_OPEN = "The peer is not open: poll() until it is.";
const LABEL = "Godot 4";

export function notOpen() {
  return new GdnetError("FAILED", NOT_OPEN);
}
export function badPort(port, host) {
  return new GdnetError("ERR_INVALID_PARAMETER", \`Port \${port} of "\${host}" is out of range.\`);
}
export function refused(secure, url) {
  return new GdnetError(secure ? "ERR_UNAUTHORIZED" : "ERR_CANT_CONNECT", secure ? \`TLS refused \${url}\` : "Refused.");
}
export function platformText(cause) {
  return new GdnetError("ERR_CONNECTION_ERROR", String(cause));
}
export function concatenated(n) {
  return new GdnetError("ERR_INVALID_DATA", "Expected " + n + " bytes.");
}
export function dropped(mode) {
  return new GdnetError("ERR_UNAUTHORIZED", \`Dropped: \${mode === 0 ? "only the server sends SYS messages" : \`it claims to be from \${mode}\`}.\`);
}
export function invalidPacket(packet, why) {
  return new GdnetError("ERR_INVALID_DATA", \`Invalid \${packet} packet: \${why}.\`);
}
export function reject(packet, why) {
  throw invalidPacket(packet, why);
}
export function firstByte(bytes) {
  try {
    reject("RPC", \`the first byte is \${bytes[0]}, expected 1\`);
  } catch (error) {
    return error;
  }
}
export const label = LABEL;
export function labelled() {
  return new GdnetError("ERR_BUG", \`\${LABEL} failed\`);
}
`;

// A module that imports the helper, and one whose helper of the same name comes from elsewhere.
const USES = `
import { reject } from "./errors.js";
export function empty() {
  try {
    reject("SYS", "it is empty");
  } catch (error) {
    return error;
  }
}
`;
const OTHER = `
import { reject } from "./elsewhere.js";
export const kept = () => reject("x", "this text is not a message of gdnet's helper");
`;

const messageFunctions: MessageFunction[] = [
  { module: "fixture/errors.js", name: "reject", arg: 1 },
  { module: "fixture/errors.js", name: "invalidPacket", arg: 1 },
];

function compact(name: string, source: string) {
  return compactMessages(source, join(root, "fixture", name), { root, runtime, messageFunctions });
}

/** The fixture modules compacted into a temporary directory, imported. */
async function load(): Promise<{
  errors: Record<string, (...args: unknown[]) => Error & { code: string }>;
  uses: Record<string, () => Error>;
}> {
  const directory = mkdtempSync(join(tmpdir(), "gdnet-compact-"));
  writeFileSync(join(directory, "errors.js"), compact("errors.js", ERRORS).code);
  writeFileSync(join(directory, "uses.js"), compact("uses.js", USES).code);
  return {
    errors: await import(pathToFileURL(join(directory, "errors.js")).href),
    uses: await import(pathToFileURL(join(directory, "uses.js")).href),
  };
}

const id = (template: string): string => messageId(template);
const decorated = (template: string, code: string, values?: string): string =>
  `[gdnet E${id(template)}] ${code}${values === undefined ? "" : ` (${values})`} — full message: ${DOCS}${id(template)}`;

describe("compactMessages", () => {
  it("replaces message texts by ids and reports each template with its values", () => {
    const { code, messages, kept } = compact("errors.js", ERRORS);
    for (const text of [
      "is not open",
      "is out of range",
      "TLS refused",
      "Expected ",
      "only the server sends",
      "claims to be",
      "the first byte",
    ]) {
      expect(code).not.toContain(text);
    }
    const byTemplate = new Map(messages.map((message) => [message.template, message]));
    expect(byTemplate.get('Port {1} of "{2}" is out of range.')).toEqual({
      id: id('Port {1} of "{2}" is out of range.'),
      template: 'Port {1} of "{2}" is out of range.',
      values: ["port", "host"],
      codes: ["ERR_INVALID_PARAMETER"],
      via: undefined,
      file: "fixture/errors.js",
    });
    expect(byTemplate.get("The peer is not open: poll() until it is.")?.codes).toEqual(["FAILED"]);
    expect(byTemplate.get("TLS refused {1}")?.codes).toEqual(["ERR_UNAUTHORIZED", "ERR_CANT_CONNECT"]);
    expect(byTemplate.get("Expected {1} bytes.")?.values).toEqual(["n"]);
    expect(byTemplate.get("Invalid {1} packet: {2}.")?.values).toEqual(["packet", "why"]);
    expect(byTemplate.get("the first byte is {1}, expected 1")).toMatchObject({
      values: ["bytes[0]"],
      codes: [],
      via: "reject()",
    });
    expect(byTemplate.get("only the server sends SYS messages")?.via).toBe("a value of another message");
    // What is not a message text the transform can see stays as written.
    expect(kept).toEqual(expect.arrayContaining(["String(cause)", "why"]));
    // LABEL is also exported as a value, so it is not a message.
    expect(code).toContain('const LABEL = "Godot 4"');
  });

  it("gives messages that keep the code, the values and where the full text is", async () => {
    const { errors } = await load();
    expect(errors.notOpen?.().message).toBe(decorated("The peer is not open: poll() until it is.", "FAILED"));
    const port = errors.badPort?.(70000, "example.com");
    expect(port?.code).toBe("ERR_INVALID_PARAMETER");
    expect(port?.message).toBe(decorated('Port {1} of "{2}" is out of range.', "ERR_INVALID_PARAMETER", '70000, "example.com"'));
    expect(errors.refused?.(true, "wss://x/").message).toBe(decorated("TLS refused {1}", "ERR_UNAUTHORIZED", '"wss://x/"'));
    expect(errors.refused?.(false, "ws://x/").message).toBe(decorated("Refused.", "ERR_CANT_CONNECT"));
    expect(errors.concatenated?.(4).message).toBe(decorated("Expected {1} bytes.", "ERR_INVALID_DATA", "4"));
    expect(errors.labelled?.().message).toBe(decorated("{1} failed", "ERR_BUG", '"Godot 4"'));
    // A platform's own text is not a fragment: kept as it is.
    expect(errors.platformText?.(new Error("socket hang up")).message).toBe("Error: socket hang up");
  });

  it("shows a message nested in another by its id, with its own values", async () => {
    const { errors, uses } = await load();
    const inner = `E${id("the first byte is {1}, expected 1")} (7)`;
    expect(errors.firstByte?.([7]).message).toBe(decorated("Invalid {1} packet: {2}.", "ERR_INVALID_DATA", `"RPC", ${inner}`));
    expect(uses.empty?.().message).toBe(
      decorated("Invalid {1} packet: {2}.", "ERR_INVALID_DATA", `"SYS", E${id("it is empty")}`),
    );
    expect(errors.dropped?.(0).message).toBe(
      decorated("Dropped: {1}.", "ERR_UNAUTHORIZED", `E${id("only the server sends SYS messages")}`),
    );
    expect(errors.dropped?.(3).message).toBe(
      decorated("Dropped: {1}.", "ERR_UNAUTHORIZED", `E${id("it claims to be from {1}")} (3)`),
    );
  });

  it("recognizes a helper by the module it comes from, not only by its name", () => {
    const { code, messages } = compact("other.js", OTHER);
    expect(messages).toEqual([]);
    expect(code).toContain("this text is not a message of gdnet's helper");
  });

  it("keeps ids stable: the id is a hash of the template", () => {
    // Pinned: a change here renames every id users may have looked up.
    expect(messageId("Invalid {1} packet: {2}.")).toBe(messageId("Invalid {1} packet: {2}."));
    expect(messageId("Invalid {1} packet: {2}.")).toMatch(/^[0-9a-z]{4}$/);
    expect(messageId("sendText expects a string.")).toBe("907u");
  });
});

describe("the sources", () => {
  it("declare every helper of MESSAGE_FUNCTIONS where the transform looks for it", () => {
    for (const fn of MESSAGE_FUNCTIONS) {
      const source = readFileSync(join(root, fn.module), "utf8");
      expect(source, `${fn.module} declares ${fn.name}`).toMatch(new RegExp(`(function|const) ${fn.name}\\b`));
    }
  });

  it("have every literal error message compacted, and no two messages with one id", () => {
    const literal: string[] = [];
    for (const directory of ["packages/core/src", "packages/browser/src"]) {
      for (const name of readdirSync(join(root, directory), { recursive: true, encoding: "utf8" })) {
        if (!name.endsWith(".ts") || name.endsWith(".d.ts")) continue;
        const file = join(root, directory, name);
        const { kept } = compactMessages(readFileSync(file, "utf8"), file, { root });
        literal.push(...kept.filter((text) => /^["'`]/.test(text)).map((text) => `${directory}/${name}: ${text}`));
      }
    }
    expect(literal).toEqual([]);
    const table = collectMessages(root);
    expect(table.collisions()).toEqual([]);
    expect(table.size).toBeGreaterThan(200);
  });
});
