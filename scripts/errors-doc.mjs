// npm run docs:errors: writes docs/errors.md, the full texts behind the compact error messages of
// production browser builds, from the sources. `--check` only says whether it is up to date
// (the unit test scripts/test/errors-doc.test.ts does the same in npm test).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { collectMessages } from "./messages/collect-messages.mjs";
import { renderErrorsDoc } from "./messages/errors-doc.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = `${root}docs/errors.md`;
const table = collectMessages(root);
const collisions = table.collisions();
if (collisions.length > 0) {
  console.error(collisions.join("\n"));
  process.exit(1);
}
const text = renderErrorsDoc(table);
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // A missing file is stale too.
  }
  if (current !== text) {
    console.error("docs/errors.md is stale: run npm run docs:errors");
    process.exit(1);
  }
  console.log(`docs/errors.md is up to date (${table.size} messages).`);
} else {
  writeFileSync(file, text);
  console.log(`docs/errors.md: ${table.size} messages.`);
}
