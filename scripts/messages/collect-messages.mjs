// Every compactable message of the sources, without building: the transform run over each
// TypeScript file of @gdnet/core and @gdnet/browser. docs/errors.md is made from this table, so
// it lists every message a production build can carry (a build carries those of the modules it
// bundles).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compactMessages } from "./compact-messages.mjs";
import { MessageTable } from "./message-table.mjs";

const SOURCE_DIRECTORIES = ["packages/core/src", "packages/browser/src"];

/** The message table of the sources under `root`, sorted file order so the result never depends on the file system. */
export function collectMessages(root) {
  const table = new MessageTable();
  for (const file of sourceFiles(root)) {
    for (const message of compactMessages(readFileSync(file, "utf8"), file, { root }).messages) table.add(message);
  }
  return table;
}

function sourceFiles(root) {
  const files = [];
  for (const directory of SOURCE_DIRECTORIES) {
    for (const entry of readdirSync(join(root, directory), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        files.push(join(entry.parentPath ?? entry.path, entry.name));
      }
    }
  }
  return files.sort();
}
