// Production and development builds fail the same way: the same bad calls give the same GdnetError
// code and Godot error number in both, the production message is the compact one, and filling its
// template (docs/errors.md's table, from the sources) with the values it carries gives exactly the
// development build's full message. Runs the built files (npm test builds first): both script-tag
// bundles in a context without Node, and both ES module builds in child processes.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { collectMessages } from "../../../scripts/messages/collect-messages.mjs";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const dist = `${root}packages/gdnet/dist/`;

/** Bad calls, run against the namespace `G`: each gives [what, code, error number, message]. */
const BAD_CALLS = `
  G.setErrorPrinter(null);
  const out = [];
  const last = (what, object) => { const e = object.getLastError(); out.push([what, e.code, e.error, e.message]); };
  const caught = (what, fn) => { try { fn(); out.push([what, "no error"]); } catch (e) { out.push([what, e.code, e.error, e.message]); } };
  const returned = (what, value) => out.push([what, value.code, value.error, value.message]);
  let peer = new G.WebSocketPeer();
  peer.connectToUrl("http://example.com/");
  last("connectToUrl(http:)", peer);
  caught("send(string)", () => new G.WebSocketPeer().send("text"));
  caught("inboundBufferSize = -1", () => { new G.WebSocketPeer().inboundBufferSize = -1; });
  const server = new G.WebSocketServer();
  server.listen(0);
  last("WebSocketServer.listen", server);
  returned("bytesToVar(truncated)", G.bytesToVar(new Uint8Array([1, 0, 0])));
  returned("bytesToVar(unknown type)", G.bytesToVar(new Uint8Array([99, 0, 0, 0])));
  returned("decodeWsMpPacket(short)", G.decodeWsMpPacket(new Uint8Array([1])));
  returned("decodeSignalingText(bad)", G.decodeSignalingText("X: 1\\n"));
  caught("varToBytes(function)", () => G.varToBytes(() => 1));
  caught("varToBytes(2 ** 60)", () => G.varToBytes(2 ** 60));
`;

type Outcome = [what: string, code: string, error: number, message: string];

function runIife(file: string): Outcome[] {
  const sandbox: Record<string, unknown> = {
    TextEncoder,
    TextDecoder,
    crypto,
    performance,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    console,
  };
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(`${dist}${file}`, "utf8"), sandbox);
  return JSON.parse(
    runInNewContext(`(() => { const G = GDNet; ${BAD_CALLS}; return JSON.stringify(out); })()`, sandbox) as string,
  );
}

function runModule(file: string): Outcome[] {
  const script = `import(${JSON.stringify(`${dist}${file}`)}).then((G) => { ${BAD_CALLS}; console.log(JSON.stringify(out)); })`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }));
}

const table = collectMessages(root);
const COMPACT =
  /^\[gdnet E([0-9a-z]{4})\] (\S+)(?: \((.*)\))? — full message: https:\/\/github\.com\/gdnet\/gdnet\/blob\/main\/docs\/errors\.md#e\1$/s;

type Value = { text: string } | { id: string; values: Value[] };

/** The values of a compact message, as written: JSON strings, other values as text, nested `E<id> (…)` messages. */
function parseValues(text: string): Value[] {
  const values: Value[] = [];
  let at = 0;
  const readUntilSeparator = (): string => {
    let depth = 0;
    let end = at;
    while (end < text.length && !(depth === 0 && text.startsWith(", ", end))) {
      if (text[end] === '"') end = stringEnd(text, end);
      else {
        if (text[end] === "(") depth++;
        if (text[end] === ")") depth--;
        end++;
      }
    }
    const token = text.slice(at, end);
    at = end + 2;
    return token;
  };
  while (at < text.length) {
    const token = readUntilSeparator();
    const nested = /^E([0-9a-z]{4})(?: \((.*)\))?$/s.exec(token);
    if (token.startsWith('"')) values.push({ text: JSON.parse(token) as string });
    else if (nested) values.push({ id: nested[1] as string, values: nested[2] === undefined ? [] : parseValues(nested[2]) });
    else values.push({ text: token });
  }
  return values;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i + 1;
}

/** The full text of message `id` with `values`, from the table. */
function fullText(id: string, values: Value[]): string {
  const entry = table.get(id);
  if (!entry) throw new Error(`E${id} is not in the message table`);
  return entry.template.replace(/\{(\d+)\}/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    if (value === undefined) throw new Error(`E${id} has no value ${n}`);
    return "text" in value ? value.text : fullText(value.id, value.values);
  });
}

describe.each([
  ["the script-tag bundles", () => runIife("gdnet.iife.js"), () => runIife("gdnet.dev.iife.js")],
  ["the ES module builds", () => runModule("prod/browser.js"), () => runModule("browser.js")],
])("%s", (_name, production, development) => {
  const prod = production();
  const dev = development();

  it("give the same code and Godot error for the same bad call", () => {
    expect(prod.map(([what, code, error]) => [what, code, error])).toEqual(dev.map(([what, code, error]) => [what, code, error]));
    expect(prod.every(([, code]) => typeof code === "string" && code.startsWith("ERR_"))).toBe(true);
  });

  it("give compact messages in production that expand to the development build's messages", () => {
    prod.forEach(([what, code, , message], i) => {
      const match = COMPACT.exec(message);
      expect(match, `${what}: ${message}`).not.toBeNull();
      const [, id, shownCode, values] = match as RegExpExecArray;
      expect(shownCode).toBe(code);
      expect(fullText(id as string, values === undefined ? [] : parseValues(values)), what).toBe(dev[i]?.[3]);
    });
  });
});
