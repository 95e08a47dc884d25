// Types of message-table.mjs, for the TypeScript tests.

/** One compacted message as the transform reports it. */
export interface CompactedMessage {
  id: string;
  /** The text with `{1}`, `{2}`, … for the values. */
  template: string;
  /** The source text of each value, in order. */
  values: string[];
  /** The error codes it is thrown with, when written out at the call. */
  codes: string[];
  /** The helper it is passed to or returned from, or "a value of another message". */
  via?: string | undefined;
  /** The file, relative to the repository root. */
  file: string;
}

export interface MessageEntry {
  id: string;
  template: string;
  values: string[];
  codes: Set<string>;
  vias: Set<string>;
  files: Set<string>;
}

export declare class MessageTable {
  add(message: CompactedMessage): void;
  collisions(): string[];
  readonly size: number;
  entries(): MessageEntry[];
  get(id: string): MessageEntry | undefined;
}
