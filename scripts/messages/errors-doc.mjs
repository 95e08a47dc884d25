// docs/errors.md: the full text of every compact message, under a heading per id (the link a
// production message ends with points at it). Made from a MessageTable, sorted by id, with no
// dates or paths of this machine: the same sources always give the same file.

const HEADER = `# gdnet error messages

<!-- Generated from the sources by \`npm run docs:errors\`; do not edit. A test fails when it is stale. -->

Production browser builds of gdnet — what a bundler gets from \`import … from "gdnet"\` by
default, and \`gdnet.iife.js\` — carry compact error messages instead of gdnet's texts:

    [gdnet E1x2y] ERR_INVALID_DATA (4, "foo") — full message: https://github.com/gdnet/gdnet/blob/main/docs/errors.md#e1x2y

\`E1x2y\` names one of the messages below; the values in parentheses fill its \`{1}\`, \`{2}\`, …
in order (strings are quoted; a value written \`E…\` is another message of this page). The
error's \`code\` and Godot \`error\` number are the same in every build.

To see the full texts instead, use the development build: bundlers that set the
\`development\` export condition (Vite's dev server, webpack in development mode; esbuild and
Rollup with \`conditions: ["development"]\`) get it, and so does \`gdnet.dev.iife.js\` in a
script tag. Node always has the full texts.
`;

/** The markdown of `table` (a MessageTable). */
export function renderErrorsDoc(table) {
  const sections = table.entries().map((entry) => {
    const lines = [`### E${entry.id}`, "", escapeMarkdown(entry.template), ""];
    if (entry.values.length > 0) {
      lines.push(`- values: ${entry.values.map((value, i) => `{${i + 1}} ${code(value)}`).join(", ")}`);
    }
    if (entry.codes.size > 0) lines.push(`- code: ${[...entry.codes].sort().map(code).join(", ")}`);
    if (entry.vias.size > 0) lines.push(`- part of: ${[...entry.vias].sort().map(code).join(", ")}`);
    lines.push(`- in: ${[...entry.files].sort().map(code).join(", ")}`);
    return lines.join("\n");
  });
  return `${HEADER}\n## Messages (${table.size})\n\n${sections.join("\n\n")}\n`;
}

/** Message text as a markdown paragraph, shown as written. */
function escapeMarkdown(text) {
  return oneLine(text).replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

/** Source text as inline code (a longer fence when the text has backticks). */
function code(text) {
  const line = oneLine(text);
  return line.includes("`") ? `\`\` ${line} \`\`` : `\`${line}\``;
}

function oneLine(text) {
  return text.replace(/\s*\n\s*/g, " ");
}
