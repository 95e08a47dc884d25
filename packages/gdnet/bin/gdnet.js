#!/usr/bin/env node
// The `gdnet` command: `npx gdnet echo --port 9080`. The work is in @gdnet/node's cli module.
import { main } from "@gdnet/node/cli";

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
