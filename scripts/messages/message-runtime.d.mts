// Types of message-runtime.mjs, for the TypeScript tests.
export declare function compactMessage(id: string, ...values: unknown[]): string;
export declare function decorateMessage(code: string, message: string): string;
