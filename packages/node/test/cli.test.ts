// The `gdnet` command as a user runs it: the package's bin, in a child process. It runs the
// built files (npm test builds first).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { getStringFromUtf8, toUtf8, WebSocketPeer, WebSocketState } from "gdnet";
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
  // Tests that expect an exit never await `line`: keep its rejection from counting as unhandled.
  line.catch(() => {});
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

/** Connects to the server `run` printed, sends `text` and resolves with the first message back. */
async function firstReply(line: Promise<string>, text: string): Promise<string> {
  const url = (await line).match(/ws:\/\/\S+/)?.[0] ?? "";
  expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  const client = new WebSocketPeer();
  client.connectToUrl(url);
  try {
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    client.sendText(text);
    await pollUntil(client, () => client.getAvailablePacketCount() > 0);
    return getStringFromUtf8(client.getPacket());
  } finally {
    client.close(-1);
  }
}

describe("gdnet signaling", () => {
  it("prints the URL it listens on and speaks the 4.x JSON protocol by default", async () => {
    const { line } = run(["signaling", "--port", "0", "--host", "127.0.0.1"]);
    expect(await line).toMatch(/Godot 4\.x JSON protocol/);
    expect(await firstReply(line, '{"type":0,"id":0,"data":""}')).toBe('{"type":1,"id":1,"data":"true"}');
  });

  it("speaks the 3.2 text protocol with --godot 3", async () => {
    const { line } = run(["signaling", "--port", "0", "--host", "127.0.0.1", "--godot", "3"]);
    expect(await line).toMatch(/Godot 3\.2 text protocol/);
    expect(await firstReply(line, "J: \n")).toBe("I: 1\n");
  });

  it("exits with 2 on a --godot other than 4 or 3", async () => {
    const { child, output } = run(["signaling", "--port", "0", "--godot", "3.5"]);
    expect(await output).toMatch(/--godot must be 4 or 3, got "3\.5"/);
    expect(child.exitCode).toBe(2);
  });

  it("exits with 2 when --godot is given to echo", async () => {
    const { child, output } = run(["echo", "--port", "0", "--godot", "4"]);
    expect(await output).toMatch(/--godot applies to the signaling and relay commands only/);
    expect(child.exitCode).toBe(2);
  });

  it("lists the command and its --godot option in the help", async () => {
    const { child, output } = run(["--help"]);
    const text = await output;
    expect(text).toMatch(/signaling\s+WebRTC signaling server/);
    expect(text).toMatch(/--godot V\s+signaling and relay: the Godot generation, 4 \(default\) or 3/);
    expect(child.exitCode).toBe(0);
  });
});

describe("gdnet relay", () => {
  it("prints the URL of a Godot 4 relay that admits a client and gives it an id", async () => {
    const { line } = run(["relay", "--port", "0", "--host", "127.0.0.1"]);
    const text = await line;
    expect(text).toMatch(/Godot 4 WebSocketMultiplayerPeer \+ SceneMultiplayer relay/);
    const url = text.match(/ws:\/\/\S+/)?.[0] ?? "";
    const { SceneMultiplayer, WebSocketMultiplayerPeer } = await import("gdnet");
    const peer = new WebSocketMultiplayerPeer();
    const api = new SceneMultiplayer();
    peer.createClient(url);
    api.multiplayerPeer = peer;
    await pollUntil(api, () => api.getPeers().includes(1));
    expect(api.getUniqueId()).toBeGreaterThan(1);
    peer.close();
  });

  it("with its default limits, carries an 8-player game at 3 RPCs a frame and 60 frames a second without cutting anyone or losing an RPC", async () => {
    const { line } = run(["relay", "--port", "0", "--host", "127.0.0.1"]);
    const url = (await line).match(/ws:\/\/\S+/)?.[0] ?? "";
    const { SceneMultiplayer, WebSocketMultiplayerPeer, ConnectionStatus } = await import("gdnet");
    const players = Array.from({ length: 8 }, () => {
      const peer = new WebSocketMultiplayerPeer();
      const mp = new SceneMultiplayer();
      // What each player got: per sender, the sequence numbers in arrival order.
      const got = new Map<number, number[]>();
      const node = mp.registerNode(
        "/root/Game/Player",
        {
          step(sequence: number) {
            const from = mp.getRemoteSenderId();
            got.set(from, [...(got.get(from) ?? []), sequence]);
          },
        },
        { rpc: { step: ["any_peer", "reliable"] } },
      );
      peer.createClient(url);
      mp.multiplayerPeer = peer;
      return { peer, mp, node, got };
    });
    for (const p of players) children.push({ kill: () => p.peer.close() } as unknown as ChildProcess);
    await pollUntil(
      players.map((p) => p.mp),
      () => players.every((p) => p.mp.getPeers().length === 8),
      { what: "eight players who see each other" },
    );
    // Two seconds of a 60 Hz game loop: each frame, every player calls 3 RPCs on all others
    // (Godot sends one packet per other peer: 1,260 packets a second per player).
    const frames = 120;
    let frame = 0;
    const loop = setInterval(() => {
      if (frame >= frames) return;
      for (const p of players) for (let i = 0; i < 3; i++) p.node.rpc("step", frame * 3 + i);
      frame++;
    }, 1000 / 60);
    try {
      const total = frames * 3;
      await pollUntil(
        players.map((p) => p.mp),
        () => players.every((p) => [...p.got.values()].reduce((n, list) => n + list.length, 0) === total * 7),
        { what: "every RPC at every player" },
      );
    } finally {
      clearInterval(loop);
    }
    for (const p of players) {
      expect(p.peer.getConnectionStatus()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
      expect(p.got.size).toBe(7);
      for (const list of p.got.values()) expect(list).toEqual(Array.from({ length: frames * 3 }, (_, i) => i));
    }
  });

  it("with its default limits, answers every message of a 2,000-message burst at load time", async () => {
    const { line } = run(["echo", "--port", "0", "--host", "127.0.0.1"]);
    const url = (await line).match(/ws:\/\/\S+/)?.[0] ?? "";
    const client = new WebSocketPeer();
    children.push({ kill: () => client.close(-1) } as unknown as ChildProcess);
    client.connectToUrl(url);
    await pollUntil(client, () => client.getReadyState() === WebSocketState.STATE_OPEN);
    const echoes: number[] = [];
    let sent = 0;
    await pollUntil(
      {
        poll(): void {
          client.poll();
          while (client.getAvailablePacketCount() > 0) echoes.push(client.getPacket()[0] as number);
          while (sent < 2000 && client.putPacket(new Uint8Array([sent % 256, sent >> 8])) === 0) sent++;
        },
      },
      () => echoes.length === 2000 || client.getReadyState() !== WebSocketState.STATE_OPEN,
    );
    expect(client.getReadyState()).toBe(WebSocketState.STATE_OPEN);
    expect(echoes).toEqual(Array.from({ length: 2000 }, (_, i) => i % 256));
  });

  it("requires the given subprotocol", async () => {
    const { line } = run(["relay", "--port", "0", "--host", "127.0.0.1", "--subprotocol", "ludus"]);
    const url = (await line).match(/ws:\/\/\S+/)?.[0] ?? "";
    const { WebSocketMultiplayerPeer, ConnectionStatus } = await import("gdnet");
    const without = new WebSocketMultiplayerPeer();
    without.createClient(url);
    await pollUntil(without, () => without.getConnectionStatus() === ConnectionStatus.CONNECTION_DISCONNECTED);
    const withIt = new WebSocketMultiplayerPeer();
    withIt.supportedProtocols = ["ludus"];
    withIt.createClient(url);
    await pollUntil(withIt, () => withIt.getConnectionStatus() === ConnectionStatus.CONNECTION_CONNECTED);
    withIt.close();
  });

  it("runs a Godot 3.2 relay with --godot 3: gd_mp_api clients get ids and see each other", async () => {
    const { line } = run(["relay", "--godot", "3", "--port", "0", "--host", "127.0.0.1"]);
    const text = await line;
    expect(text).toMatch(/Godot 3\.2 WebSocketServer with gd_mp_api/);
    const url = text.match(/ws:\/\/\S+/)?.[0] ?? "";
    const { WebSocketClient } = await import("gdnet");
    const a = new WebSocketClient();
    const b = new WebSocketClient();
    a.connectToUrl(url, [], true);
    b.connectToUrl(url, [], true);
    const seenByA: number[] = [];
    a.on("peer_connected", (id) => seenByA.push(id));
    await pollUntil([a, b], () => seenByA.includes(b.getUniqueId()) && b.getUniqueId() > 1);
    expect(seenByA).toContain(1);
    a.disconnectFromHost();
    b.disconnectFromHost();
  });

  it("refuses a Godot generation it does not know", async () => {
    const { child, output } = run(["relay", "--godot", "5", "--port", "0"]);
    expect(await output).toMatch(/--godot must be 4 or 3, got "5"/);
    expect(child.exitCode).toBe(2);
  });
});
