// docs/errors.md is generated from the sources (npm run docs:errors) and committed: it must say
// what the current sources say, or the links in production error messages lead to stale text.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { collectMessages } from "../messages/collect-messages.mjs";
import { renderErrorsDoc } from "../messages/errors-doc.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("docs/errors.md is up to date with the sources (else run npm run docs:errors)", () => {
  const expected = renderErrorsDoc(collectMessages(root));
  expect(readFileSync(`${root}docs/errors.md`, "utf8") === expected, "docs/errors.md is stale: run npm run docs:errors").toBe(
    true,
  );
});

it("gives every message a heading its link points at", () => {
  const table = collectMessages(root);
  const doc = renderErrorsDoc(table);
  for (const entry of table.entries()) expect(doc).toContain(`\n### E${entry.id}\n`);
});
