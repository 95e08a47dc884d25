import { parseArgs } from "node:util";
import { EchoServer } from "./echo-server.js";
import { RelayServer } from "./relay-server.js";
import { RelayServer3 } from "./relay-server3.js";
import { SignalingServer } from "./signaling-server.js";

const USAGE = `Usage: gdnet <command> [options]

Commands:
  echo        WebSocket echo server: each packet comes back in the write mode it arrived in
  signaling   WebRTC signaling server of Godot's webrtc_signaling demo: lobbies, offer/answer/candidate relay
  relay       multiplayer session server: Godot clients and gdnet clients join, see each other and call RPCs

Options:
  --port P    port to listen on (default 9080; 0 picks a free port)
  --host H    address to bind (default: every interface)
  --godot V   signaling and relay: the Godot generation, 4 (default) or 3 (3.2: the demo's text lines,
              and gd_mp_api framing for relay)
  --subprotocol S   relay: a WebSocket subprotocol clients must offer (repeatable; Godot's demo uses ludus)

Limits (docs/security.md; 0 turns one off):
  --max-connections N   connections served at once (default 4096); more are closed with 1013
                        (signaling: 4000 "Too many peers connected", as the demo server does)
  --max-per-ip N        connections one IP address may hold (default 32); more are closed with 1013
  --max-players N       relay: players in the session (default 256); more are closed with 1013
                        "Session is full" before anyone sees them join
  --max-rate N          messages per second per connection, on average (default 5000); a faster
                        sender is slowed down (the server reads it later), never cut
  --burst N             messages a connection may send at once above the rate (default: 2 s worth)
  --sustained-rate S    a connection held back by the rate for more than half of S seconds is
                        closed with 1008 "Message rate limit exceeded", after its earlier
                        messages are answered (default 10; 0: slow down only)
  --allow-origin O      a web page origin browsers may connect from (repeatable; default: any);
                        other origins get HTTP 403
  --max-lobbies N       signaling: lobbies open at once (default 1024)
  --help      show this text
`;

/** The command's servers face the internet: limits are on by default (the classes have none, as in Godot). */
const DEFAULT_MAX_CONNECTIONS = 4096;
/** A household or an office behind one NAT, with a few tabs each; far below a botnet's share. */
const DEFAULT_MAX_PER_IP = 32;
const DEFAULT_MAX_PLAYERS = 256;
/**
 * Sized from real sessions (docs/security.md): a Godot 4 client sends one packet per RPC per
 * other peer, so 3 RPCs a frame at 60 Hz in a 16-player game is 3 x 60 x 15 = 2,700 messages/s;
 * 5,000 leaves room for 28 such players, and a faster sender is only slowed down.
 */
const DEFAULT_MAX_RATE = 5000;
const DEFAULT_SUSTAINED_RATE = 10;
const DEFAULT_MAX_LOBBIES = 1024;

/** The flags that take a count. */
type CountFlag = "max-connections" | "max-per-ip" | "max-players" | "max-rate" | "burst" | "sustained-rate" | "max-lobbies";

/** Runs the `gdnet` command with `argv` (without node and the script). Resolves with an exit code, or undefined while a server keeps running. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`gdnet: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const port = values.port === undefined ? 9080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`gdnet: --port must be an integer from 0 to 65535, got "${values.port}".\n`);
    return 2;
  }
  const host = values.host === "localhost" ? "127.0.0.1" : (values.host ?? "*");
  const counts: Partial<Record<CountFlag, number>> = {};
  for (const [flag, fallback] of [
    ["max-connections", DEFAULT_MAX_CONNECTIONS],
    ["max-per-ip", DEFAULT_MAX_PER_IP],
    ["max-players", DEFAULT_MAX_PLAYERS],
    ["max-rate", DEFAULT_MAX_RATE],
    ["burst", 0],
    ["sustained-rate", DEFAULT_SUSTAINED_RATE],
    ["max-lobbies", DEFAULT_MAX_LOBBIES],
  ] as const) {
    const text = values[flag];
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < 0) {
      process.stderr.write(`gdnet: --${flag} must be an integer >= 0 (0: no limit), got "${text}".\n`);
      return 2;
    }
    counts[flag] = value;
  }
  const limits = {
    maxConnections: counts["max-connections"] ?? DEFAULT_MAX_CONNECTIONS,
    maxConnectionsPerAddress: counts["max-per-ip"] ?? DEFAULT_MAX_PER_IP,
    maxMessagesPerSecond: counts["max-rate"] ?? DEFAULT_MAX_RATE,
    messageBurst: counts.burst ?? 0,
    sustainedRateSeconds: counts["sustained-rate"] ?? DEFAULT_SUSTAINED_RATE,
    allowedOrigins: values["allow-origin"] ?? [],
  };
  const limitsText = describeLimits(limits);
  switch (command) {
    case "echo": {
      if (values.godot !== undefined) {
        process.stderr.write("gdnet: --godot applies to the signaling and relay commands only.\n");
        return 2;
      }
      const echo = new EchoServer({ port, host, limits });
      const url = await echo.start();
      process.stdout.write(`gdnet echo server listening on ${url} (${limitsText})\n`);
      stopOnSignal(() => echo.stop());
      return undefined;
    }
    case "signaling": {
      const godot = values.godot ?? "4";
      if (godot !== "4" && godot !== "3") {
        process.stderr.write(`gdnet: --godot must be 4 or 3, got "${godot}".\n`);
        return 2;
      }
      const protocol = godot === "4" ? 4 : 3;
      const signaling = new SignalingServer({
        port,
        host,
        protocol,
        // The demo server's own limits and close codes: 0 means none here too.
        maxPeers: limits.maxConnections || Number.MAX_SAFE_INTEGER,
        maxLobbies: counts["max-lobbies"] || Number.MAX_SAFE_INTEGER,
        limits: {
          maxConnectionsPerAddress: limits.maxConnectionsPerAddress,
          maxMessagesPerSecond: limits.maxMessagesPerSecond,
          messageBurst: limits.messageBurst,
          sustainedRateSeconds: limits.sustainedRateSeconds,
          allowedOrigins: limits.allowedOrigins,
        },
      });
      const url = await signaling.start();
      process.stdout.write(
        `gdnet signaling server (Godot ${protocol === 4 ? "4.x JSON" : "3.2 text"} protocol) listening on ${url} (${limitsText}, at most ${counts["max-lobbies"] || "any number of"} lobbies)\n`,
      );
      stopOnSignal(() => signaling.stop());
      return undefined;
    }
    case "relay": {
      const godot = values.godot ?? "4";
      if (godot !== "4" && godot !== "3") {
        process.stderr.write(`gdnet: --godot must be 4 or 3, got "${godot}".\n`);
        return 2;
      }
      const maxPeers = counts["max-players"] ?? DEFAULT_MAX_PLAYERS;
      const options = { port, host, protocols: values.subprotocol ?? [], limits: { ...limits, maxPeers } };
      const relay = godot === "4" ? new RelayServer(options) : new RelayServer3(options);
      const url = await relay.start();
      const kind =
        godot === "4"
          ? "Godot 4 WebSocketMultiplayerPeer + SceneMultiplayer relay"
          : "Godot 3.2 WebSocketServer with gd_mp_api + MultiplayerAPI";
      const players = maxPeers > 0 ? `at most ${maxPeers} players` : "any number of players";
      process.stdout.write(`gdnet relay server (${kind}) listening on ${url} (${limitsText}, ${players})\n`);
      stopOnSignal(() => relay.stop());
      return undefined;
    }
    default:
      process.stderr.write(`gdnet: unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string", short: "h" },
      godot: { type: "string" },
      subprotocol: { type: "string", multiple: true },
      "max-connections": { type: "string" },
      "max-per-ip": { type: "string" },
      "max-players": { type: "string" },
      "max-rate": { type: "string" },
      burst: { type: "string" },
      "sustained-rate": { type: "string" },
      "max-lobbies": { type: "string" },
      "allow-origin": { type: "string", multiple: true },
      help: { type: "boolean" },
    },
  });
}

function describeLimits(limits: {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxMessagesPerSecond: number;
  allowedOrigins: readonly string[];
}): string {
  const connections = limits.maxConnections > 0 ? `at most ${limits.maxConnections} connections` : "any number of connections";
  const perIp = limits.maxConnectionsPerAddress > 0 ? `${limits.maxConnectionsPerAddress} per IP` : "any number per IP";
  const rate = limits.maxMessagesPerSecond > 0 ? `${limits.maxMessagesPerSecond} messages/s each` : "no message rate limit";
  const origins = limits.allowedOrigins.length > 0 ? `origins ${limits.allowedOrigins.join(", ")}` : "any origin";
  return `${connections}, ${perIp}, ${rate}, ${origins}`;
}

function stopOnSignal(stop: () => void): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stop();
      process.exit(0);
    });
  }
}
