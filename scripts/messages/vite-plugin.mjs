// The Vite (rolldown) plugin of the production browser builds: runs compact-messages.mjs on the
// TypeScript sources of @gdnet/core and @gdnet/browser before anything else sees them, serves
// the formatter as a virtual module, and fails the build when two message texts share an id.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compactMessages, RUNTIME_ID } from "./compact-messages.mjs";
import { MessageTable } from "./message-table.mjs";

const RESOLVED_RUNTIME = "\0gdnet-messages";
const RUNTIME_FILE = fileURLToPath(new URL("./message-runtime.mjs", import.meta.url));

/** The sources whose messages are compacted: core's and the browser binding's, never Node's. */
export const COMPACTED_SOURCES = /[\\/]packages[\\/](core|browser)[\\/]src[\\/].*\.ts$/;

/** The plugin; `table` (a MessageTable) receives every compacted message of the build. */
export function compactMessagesPlugin({ root, table = new MessageTable() }) {
  return {
    name: "gdnet-compact-messages",
    enforce: "pre",
    resolveId(id) {
      return id === RUNTIME_ID ? RESOLVED_RUNTIME : null;
    },
    load(id) {
      return id === RESOLVED_RUNTIME ? readFileSync(RUNTIME_FILE, "utf8") : null;
    },
    transform(code, id) {
      const file = id.split("?")[0];
      if (!COMPACTED_SOURCES.test(file) || file.endsWith(".d.ts")) return null;
      const result = compactMessages(code, file, { root });
      for (const message of result.messages) table.add(message);
      return result.map ? { code: result.code, map: result.map } : null;
    },
    buildEnd() {
      const collisions = table.collisions();
      if (collisions.length > 0) this.error(collisions.join("\n"));
    },
  };
}
