// Types of compact-messages.mjs, for the TypeScript tests.
import type { CompactedMessage } from "./message-table.mjs";

export interface MessageFunction {
  /** The file that declares it, relative to the repository root. */
  module: string;
  name: string;
  /** The index of its message argument. */
  arg?: number;
  /** It returns a message. */
  returns?: boolean;
}

export declare const ERROR_CLASS: string;
export declare const MESSAGE_FUNCTIONS: readonly MessageFunction[];
export declare const RUNTIME_ID: string;

export declare function compactMessages(
  source: string,
  file: string,
  options: { root: string; runtime?: string; messageFunctions?: readonly MessageFunction[] },
): { code: string; map: object | null; messages: CompactedMessage[]; kept: string[] };
