// What a bundler gets when it resolves @gdnet/node for a browser: a clear error instead of a
// bundle full of Node built-ins. Import "gdnet" (or @gdnet/browser) in browser code.
throw new Error(
  '@gdnet/node runs in Node.js only. In a browser, import from "gdnet" (which picks the browser build) or from "@gdnet/browser".',
);
