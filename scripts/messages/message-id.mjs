// The id of an error-message template: a hash of the template's text, so an id never changes
// when other messages are added, removed or moved (an ordinal would renumber them), and the
// production message of one gdnet version names the same docs entry as long as its wording is
// unchanged. Four base-36 characters keep every call site short; two templates that hash alike
// are caught by MessageTable (the build and the docs test fail), and then one wording changes.
import { createHash } from "node:crypto";

const ID_SPACE = 36 ** 4;

/** The 4-character lowercase base-36 id of `template` (the message text with `{1}`, `{2}` for values). */
export function messageId(template) {
  const hash = createHash("sha256").update(template, "utf8").digest();
  return (hash.readUInt32BE(0) % ID_SPACE).toString(36).padStart(4, "0");
}
