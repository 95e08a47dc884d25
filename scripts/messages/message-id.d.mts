// Types of message-id.mjs, for the TypeScript tests.
export declare function messageId(template: string): string;
