// The `gdnet` command as a user runs it: the package's bin, in a child process. It runs the
// built files (npm test builds first).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { toUtf8, WebSocketPeer, WebSocketState } from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../../test-support/poll-until.js";
import "../../../test-support/servers.js";

const BIN = fileURLToPath(new URL("../../gdnet/bin/gdnet.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
});

function run(args: string[]): { child: ChildProcess; output: Promise<string>; line: Promise<string> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  const line = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text);
    });
    child.once("exit", () => reject(new Error(`gdnet exited: ${text}`)));
  });
  const output = new Promise<string>((resolve) => {
    let all = "";
    child.stdout?.on("data", (chunk: Buffer) => (all += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (all += chunk.toString()));
    child.once("exit", () => resolve(all));
  });
  return { child, output, line };
}

describe("gdnet echo", () => {
  it("prints the URL it listens on and echoes packets", async () => {
    const { line } = run(["echo", "--port", "0", "--host", "127.0.0.1"]);
    const url = (await line).match(/ws:\/\/\S+/)?.[0] ?? "";
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const client = new WebSocketPeer();
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    client.sendText("hello");
    await pollUntil(client, () => client.getAvailablePacketCount() === 1);
    expect(client.getPacket()).toEqual(toUtf8("hello"));
    expect(client.wasStringPacket()).toBe(true);
    client.close();
  });

  it("exits with 2 and the usage on an unknown command", async () => {
    const { child, output } = run(["launch"]);
    const text = await output;
    expect(child.exitCode).toBe(2);
    expect(text).toMatch(/unknown command "launch"/);
    expect(text).toMatch(/Usage: gdnet/);
  });

  it("exits with 2 on a bad port", async () => {
    const { child, output } = run(["echo", "--port", "99999"]);
    expect(await output).toMatch(/--port must be/);
    expect(child.exitCode).toBe(2);
  });

  it("prints help", async () => {
    const { child, output } = run(["--help"]);
    expect(await output).toMatch(/echo\s+WebSocket echo server/);
    expect(child.exitCode).toBe(0);
  });
});
