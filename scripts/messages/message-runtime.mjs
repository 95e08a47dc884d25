// The formatter that production browser builds carry instead of gdnet's message texts (the
// build transform in compact-messages.mjs calls it). A compacted message is a *fragment*,
// "E<id>" or "E<id> (<values>)"; GdnetError's constructor decorates it into the message users
// see, with the error code and where the full text is:
//
//   [gdnet E1x2y] ERR_INVALID_DATA (4, "foo") — full message: https://…/docs/errors.md#e1x2y
//
// Kept tiny and free of module-level work: it is in every production bundle.

const DOCS = "https://github.com/gdnet/gdnet/blob/main/docs/errors.md#e";
const FRAGMENT = /^E([0-9a-z]{4})(?: \((.*)\))?$/s;
const DECORATED = /^\[gdnet (E[0-9a-z]{4})\] \S+( \(.*\))? — full message: /s;

/** A value as the compact message shows it: strings quoted, except messages nested in this one. */
function show(value) {
  if (typeof value !== "string") return String(value);
  const decorated = DECORATED.exec(value);
  if (decorated) return decorated[1] + (decorated[2] ?? "");
  return FRAGMENT.test(value) ? value : JSON.stringify(value);
}

/** The fragment of template `id` with the values its placeholders had (messages without values are inlined as "E<id>"). */
export function compactMessage(id, ...values) {
  return `E${id} (${values.map(show).join(", ")})`;
}

/** GdnetError's message: a fragment becomes the decorated message; any other text (a platform's own) is kept. */
export function decorateMessage(code, message) {
  const fragment = FRAGMENT.exec(message);
  if (!fragment) return message;
  const values = fragment[2] === undefined ? "" : ` (${fragment[2]})`;
  return `[gdnet E${fragment[1]}] ${code}${values} — full message: ${DOCS}${fragment[1]}`;
}
