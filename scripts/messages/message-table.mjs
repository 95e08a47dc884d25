// The table of compacted messages: id -> template, with what the docs show about each (the
// error codes it is thrown with or the helper it is passed to, the files it is written in, the
// source of each value). One
// table collects the templates of every module a build transforms, or of every source file for
// docs/errors.md.

export class MessageTable {
  /** @type {Map<string, { id: string, template: string, values: string[], codes: Set<string>, vias: Set<string>, files: Set<string> }>} */
  #entries = new Map();
  /** @type {string[]} */
  #collisions = [];

  /** Records one compacted message (a template may be written in several places). */
  add({ id, template, values, codes, via, file }) {
    let entry = this.#entries.get(id);
    if (entry && entry.template !== template) {
      this.#collisions.push(
        `error-message id E${id} is shared by ${JSON.stringify(entry.template)} and ${JSON.stringify(template)}: reword one`,
      );
      return;
    }
    if (!entry) {
      entry = { id, template, values, codes: new Set(), vias: new Set(), files: new Set() };
      this.#entries.set(id, entry);
    }
    for (const code of codes) entry.codes.add(code);
    if (codes.length === 0 && via) entry.vias.add(via);
    entry.files.add(file);
  }

  /** Ids that two different templates hash to; a build with any of these must fail. */
  collisions() {
    return [...this.#collisions];
  }

  get size() {
    return this.#entries.size;
  }

  /** The entries sorted by id, so whatever is generated from them is deterministic. */
  entries() {
    return [...this.#entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id) {
    return this.#entries.get(id);
  }
}
