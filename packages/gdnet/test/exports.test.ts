// The one import, "gdnet", as Node and browsers resolve it: the conditional exports must give
// Node the ws-backed build and everything else the native one, in production (compact error
// messages) unless the "development" condition is set. Runs the built package (npm test builds
// first) in child processes with each set of conditions.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Node's exports algorithm: the first key, in the package's order, that is one of `conditions`. */
function resolveExport(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === "string") return target;
  if (target === null || typeof target !== "object") return undefined;
  for (const [key, value] of Object.entries(target)) {
    if (conditions.includes(key)) return resolveExport(value, conditions);
  }
  return undefined;
}

/** The names a runtime with `conditions` gets from `import "gdnet"`, loading the file it resolves to. */
function exportsWith(conditions: string[]): string[] {
  const manifest = JSON.parse(readFileSync(`${root}packages/gdnet/package.json`, "utf8")) as { exports: Record<string, unknown> };
  const file = resolveExport(manifest.exports["."], [...conditions, "import", "default"]);
  if (!file) throw new Error(`gdnet has no export for ${conditions.join(", ")}`);
  const out = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import(${JSON.stringify(`${root}packages/gdnet/${file}`)}).then((m) => console.log(JSON.stringify(Object.keys(m))))`,
    ],
    { cwd: root, encoding: "utf8" },
  );
  return JSON.parse(out) as string[];
}

describe('the "gdnet" package', () => {
  it("gives Node the ws-backed build, with the servers", () => {
    const names = exportsWith(["node"]);
    expect(names).toEqual(expect.arrayContaining(["WebSocketPeer", "WebSocketServer", "EchoServer", "nodePlatform"]));
    expect(names).not.toContain("createBrowserPlatform");
  });

  it("gives Node the ws-backed build even where the browser condition is also set (JSDOM)", () => {
    expect(exportsWith(["node", "browser"])).toContain("EchoServer");
  });

  it("gives a browser (or a bundler) the native build", () => {
    const names = exportsWith(["browser"]);
    expect(names).toEqual(expect.arrayContaining(["WebSocketPeer", "createBrowserPlatform", "browserPlatform"]));
    expect(names).not.toContain("EchoServer");
  });

  it("exports the same Godot names from both builds", () => {
    const node = new Set(exportsWith(["node"]));
    const browser = exportsWith(["browser"]);
    const platformOnly = new Set(["createBrowserPlatform", "browserPlatform", "createBrowserRtc"]);
    expect(browser.filter((name) => !node.has(name) && !platformOnly.has(name))).toEqual([]);
  });

  it("gives browsers and bundlers the production build by default, and the development build under that condition", () => {
    const manifest = JSON.parse(readFileSync(`${root}packages/gdnet/package.json`, "utf8")) as {
      exports: Record<string, unknown>;
    };
    for (const [entry, name] of [
      [".", "browser"],
      ["./simple-peer", "simple-peer.browser"],
    ] as const) {
      for (const platform of [["browser"], []]) {
        const conditions = [...platform, "import", "default"];
        expect(resolveExport(manifest.exports[entry], conditions)).toBe(`./dist/prod/${name}.js`);
        expect(resolveExport(manifest.exports[entry], ["development", ...conditions])).toBe(`./dist/${name}.js`);
        // Node keeps the full messages whatever else is set; the sources still come first.
        expect(resolveExport(manifest.exports[entry], ["node", "development", ...conditions])).toMatch(
          /^\.\/dist\/[a-z.-]*node\.js$/,
        );
        expect(resolveExport(manifest.exports[entry], ["@gdnet/source", "development", ...conditions])).toMatch(/^\.\/src\//);
      }
    }
  });

  it("exports the same names from the production and the development build", () => {
    expect(exportsWith(["browser", "development"])).toEqual(exportsWith(["browser"]));
  });
});

describe.each([
  ["the script-tag bundle", "gdnet.iife.js"],
  ["the development script-tag bundle", "gdnet.dev.iife.js"],
])("%s", (_name, file) => {
  const code = readFileSync(`${root}packages/gdnet/dist/${file}`, "utf8");

  it("contains nothing from ws or Node", () => {
    // Markers of Node code: CommonJS, node: built-ins, ws's options and messages, node-datachannel.
    for (const marker of [
      /\brequire\(/,
      /["']node:/,
      /perMessageDeflate|maxPayload|ws does not work in the browser/,
      /node-datachannel/,
      /\bBuffer\./,
    ]) {
      expect(marker.test(code), `the IIFE contains ${marker}`).toBe(false);
    }
  });

  it("defines the global GDNet with the Godot classes, in a context without Node", () => {
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
    runInNewContext(code, sandbox);
    const GDNet = sandbox.GDNet as Record<string, unknown>;
    expect(typeof GDNet.WebSocketPeer).toBe("function");
    expect(typeof GDNet.WebSocketClient).toBe("function");
    expect((GDNet.GodotError as Record<string, number>).ERR_UNAVAILABLE).toBe(2);
  });
});
