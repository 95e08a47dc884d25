// Types of collect-messages.mjs, for the TypeScript tests.
import type { MessageTable } from "./message-table.mjs";

export declare function collectMessages(root: string): MessageTable;
