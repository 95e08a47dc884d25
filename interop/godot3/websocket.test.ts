// Raw WebSocket (gd_mp_api off) between the real Godot 3.2 and gdnet: packets, their text/binary
// flag and their bytes, both ways, with gdnet as the server and as the client.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { autoPoll, GodotError, WebSocketClient, WriteMode } from "gdnet";
import { afterEach, expect, it } from "vitest";
import { nextSignal, pollUntil } from "../../test-support/poll-until.js";
import { startServer } from "../../test-support/servers.js";
import { recordingServer } from "../shared/recording-server.js";
import {
  describeGodot3,
  explain,
  freePort,
  type PacketSpec,
  type PacketSummary,
  patternBytes,
  runGodot,
  specBytes,
  startGodot,
  summarize,
  summarizeReported,
  summarizeSpec,
} from "./godot3.js";

const CLI = fileURLToPath(new URL("../../packages/gdnet/bin/gdnet.js", import.meta.url));
const CLI_BUILD = fileURLToPath(new URL("../../packages/node/dist/cli.js", import.meta.url));

/**
 * Text and binary, non-ASCII, empty and large packets, in the order Godot sends them. Godot 3's
 * put_packet() of an empty PoolByteArray returns OK and sends no frame (PacketPeer::put_packet_buffer),
 * so the empty ones never reach gdnet: {@link ON_THE_WIRE} is what arrives. (Empty packets the other
 * way, gdnet to Godot, are in the WebSocketServer test below.)
 */
const PACKETS: PacketSpec[] = [
  { mode: "text", text: "hello from Godot" },
  { mode: "binary", b64: Buffer.from([0, 1, 2, 127, 128, 254, 255]).toString("base64") },
  { mode: "text", text: "héllo wörld – ünïcödé ✓ 日本語 🎮" },
  { mode: "text", text: "" },
  { mode: "binary", b64: "" },
  { mode: "binary", pattern: 60 * 1024 },
  { mode: "text", text: "gdnet ✓ ".repeat(5000) },
];
const ON_THE_WIRE = PACKETS.filter((spec) => specBytes(spec).length > 0);

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A gdnet WebSocketServer that echoes every packet in the mode it came in and records what it saw. */
function echoingServer(protocols: string[] = []) {
  return recordingServer({ cleanups, record: summarize, echo: true, protocols });
}

/** Runs `gdnet echo` from the built bin and resolves with the URL it prints. */
async function startEchoCli(): Promise<string> {
  if (!existsSync(CLI_BUILD)) throw new Error(`${CLI_BUILD} is missing: run \`npm run build\` first.`);
  const child: ChildProcess = spawn(process.execPath, [CLI, "echo", "--port", "0", "--host", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(() => child.kill("SIGTERM"));
  return new Promise<string>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = output.match(/listening on (ws:\/\/\S+)/)?.[1];
      if (url) resolve(url);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`gdnet echo exited with ${code}: ${output}`)));
  });
}

describeGodot3("Raw WebSocket: a Godot 3.2 WebSocketClient against gdnet", () => {
  it("gdnet's WebSocketServer gets Godot's text and binary packets with the right bytes and wasStringPacket(), and Godot reads the echoes with the right was_string_packet()", async () => {
    const { url, seen } = await echoingServer();
    // Lockstep (one packet at a time): echoing a 60 KB and a 50 KB packet in one poll would hit the
    // known outbound-limit incompatibility below.
    const result = await runGodot("ws_client", { args: { url, packets: PACKETS, lockstep: true, close_code: 1000 } });
    expect(result.code, explain(result, "ws_client")).toBe(0);

    const expected = ON_THE_WIRE.map(summarizeSpec);
    expect(seen.packets).toEqual(expected);
    const echoes = result.events.filter((e) => e.event === "data_received").map(summarizeReported);
    expect(echoes).toEqual(expected);
    // Small packets also come back byte for byte (base64 in the report).
    const firstEcho = result.events.find((e) => e.event === "data_received");
    expect(Buffer.from(String(firstEcho?.b64), "base64").toString("utf8")).toBe("hello from Godot");

    expect(result.events.find((e) => e.event === "connection_established")?.protocol).toBe("");
    // Godot 3.2 reports its own close as unclean whatever the server does: once closing, its
    // wslay callback ignores the close frame that answers it (wsl_peer.cpp), so close_code stays -1.
    expect(result.events.map((e) => e.event)).toContain("connection_closed");
    await pollUntil([], () => seen.disconnected.length === 1, { what: "client_disconnected" });
    const [id] = seen.connected[0] ?? [];
    expect(seen.connected).toEqual([[id, ""]]);
    expect(seen.closeRequests).toEqual([[id, 1000, ""]]);
    expect(seen.disconnected).toEqual([[id, true]]);
  });

  // Regression (found here): a Godot 3.2 peer can put two 40 KB packets in a row. A gdnet peer once
  // counted the first one, not yet written by Node, against the 64 KiB outbound limit and refused
  // the second (ERR_OUT_OF_MEMORY); packages/node/src/ws-transport.ts now flushes before measuring.
  it("a gdnet server peer can put two 40 KB packets in a row, as a Godot 3.2 peer can, and Godot receives both", async () => {
    const { server, url } = await startServer();
    const big = patternBytes(40 * 1024);
    const results: GodotError[] = [];
    server.on("data_received", (id) => {
      const peer = server.getPeer(id);
      if (!peer) return;
      peer.getPacket();
      results.push(peer.putPacket(big), peer.putPacket(big));
    });
    const stopPolling = autoPoll(server);
    cleanups.push(() => {
      stopPolling();
      server.stop();
    });
    const godot = startGodot("ws_client", {
      timeoutS: 5,
      args: { url, packets: [{ mode: "text", text: "two big ones, please" }], expect: 2, close_code: 1000 },
    });
    await pollUntil([], () => results.length === 2 || godot.result !== null, { what: "the server's two sends" });
    expect(results).toEqual([GodotError.OK, GodotError.OK]);
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
    expect(godot.all("data_received").map(summarizeReported)).toEqual([summarize(big, false), summarize(big, false)]);
  });

  it("the built `gdnet echo` CLI sends every Godot packet back in the mode it came in", async () => {
    const url = await startEchoCli();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const result = await runGodot("ws_client", { args: { url, packets: PACKETS, lockstep: true, close_code: 1000 } });
    expect(result.code, explain(result, "ws_client")).toBe(0);
    const echoes = result.events.filter((e) => e.event === "data_received").map(summarizeReported);
    expect(echoes).toEqual(ON_THE_WIRE.map(summarizeSpec));
    expect(result.events.map((e) => e.event)).toContain("connection_closed");
  });
});

describeGodot3("Raw WebSocket: a gdnet WebSocketClient against a Godot 3.2 WebSocketServer", () => {
  it("exchanges text and binary packets both ways, with client_connected(id, protocol), data_received and the disconnect seen on both sides", async () => {
    const port = await freePort();
    const greet: PacketSpec[] = [
      { mode: "text", text: "welcome ✓ 🎮" },
      { mode: "binary", b64: Buffer.from([9, 8, 7, 0, 255]).toString("base64") },
      { mode: "binary", pattern: 60 * 1024 },
      // Two 40 KB packets in a row: Godot 3.2's put_packet takes both (compare the KNOWN
      // INCOMPATIBILITY test above, where a gdnet peer refuses the second).
      { mode: "binary", pattern: 40 * 1024 },
      { mode: "binary", pattern: 40 * 1024 },
    ];
    const godot = startGodot("ws_server", { args: { port, greet, echo: true } });
    await godot.waitFor("listening");

    const client = new WebSocketClient();
    cleanups.push(() => client.disconnectFromHost(-1));
    const received: PacketSummary[] = [];
    client.on("data_received", () => {
      const peer = client.getPeer(1);
      while (peer && peer.getAvailablePacketCount() > 0) {
        const packet = peer.getPacket();
        received.push(summarize(packet, peer.wasStringPacket()));
      }
    });
    expect(client.connectToUrl(`ws://127.0.0.1:${port}/`)).toBe(GodotError.OK);
    const [protocol] = await nextSignal(client, "connection_established", client);
    expect(protocol).toBe("");
    const connected = await godot.waitFor("client_connected");
    expect(connected.protocol).toBe("");
    expect(Number(connected.id)).toBeGreaterThan(1);

    await pollUntil(client, () => received.length === greet.length, { what: "Godot's greeting packets" });
    expect(received).toEqual(greet.map(summarizeSpec));

    const sent: PacketSpec[] = [
      { mode: "text", text: "hi Godot, ça va? ✓" },
      { mode: "binary", b64: Buffer.from([1, 2, 3, 0, 200]).toString("base64") },
      { mode: "text", text: "" },
      { mode: "binary", b64: "" },
      { mode: "binary", pattern: 60 * 1024 },
      { mode: "text", text: "the end ✓" },
    ];
    const peer = client.getPeer(1);
    for (const spec of sent) {
      peer?.setWriteMode(spec.mode === "text" ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY);
      expect(peer?.putPacket(specBytes(spec))).toBe(GodotError.OK);
    }
    // Godot reads every packet, empty ones included, but cannot echo an empty one (its put_packet
    // sends nothing for no bytes).
    const echoed = sent.filter((spec) => specBytes(spec).length > 0);
    await pollUntil(client, () => received.length === greet.length + echoed.length, { what: "Godot's echoes" });
    expect(received.slice(greet.length)).toEqual(echoed.map(summarizeSpec));
    await godot.waitFor("data_received", { match: (e) => e.b64 === Buffer.from("the end ✓").toString("base64") });
    const godotSaw = godot.all("data_received");
    expect(godotSaw.map(summarizeReported)).toEqual(sent.map(summarizeSpec));
    expect(godotSaw.every((e) => e.id === connected.id)).toBe(true);

    client.disconnectFromHost();
    const [clean] = await nextSignal(client, "connection_closed", client);
    expect(clean).toBe(true);
    const result = await godot.exited;
    expect(result.code, godot.explain()).toBe(0);
    expect(godot.find("client_close_request")).toMatchObject({ id: connected.id, code: 1000, reason: "" });
    expect(godot.find("client_disconnected")).toMatchObject({ id: connected.id, was_clean_close: true });
  });
});
