// Types of errors-doc.mjs, for the TypeScript tests.
import type { MessageTable } from "./message-table.mjs";

export declare function renderErrorsDoc(table: MessageTable): string;
