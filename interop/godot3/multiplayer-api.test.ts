// Godot 3's MultiplayerAPI between the real Godot 3.2 and gdnet: RPCs and RSETs both ways on the
// same node paths (/root/Main/Player and /root/Main/Stranger, res://rpc_player.gd on the Godot
// side), with arguments of every Godot 3 Variant type round-tripped in both directions, and calls
// whose rpc mode forbids them refused the same way on both sides. Every test runs with Godot as
// the server (a WebSocketServer with gd_mp_api as get_tree().network_peer) and with gdnet as the
// server (a WebSocketServer in gd_mp_api mode), the other end being the client.
//
// What Godot received is compared three ways: its var2str() text with the reference text the test
// holds (Godot's own notation, so independent of gdnet), its var2bytes() with the bytes of Godot's
// own value built from that text (str2var), and its type id.
import {
  AABB,
  autoPoll,
  Basis,
  Color,
  GdFloat,
  GodotError,
  MultiplayerAPI,
  type NetworkNode,
  type NetworkNodeOptions,
  NodePath,
  ObjectId,
  PackedColorArray,
  PackedStringArray,
  PackedVector2Array,
  PackedVector3Array,
  Plane,
  Quat,
  Rect2,
  RID,
  Transform,
  Transform2D,
  VariantType3,
  Vector2,
  Vector3,
  var2bytes,
  WebSocketClient,
  WebSocketServer,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../test-support/poll-until.js";
import { printed } from "../../test-support/servers.js";
import { describeGodot3, freePort, type GodotEvent, type GodotProcess, startGdnetCli, startGodot } from "./godot3.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The network master of /root/Main/Stranger on both sides: a peer nobody is. */
const STRANGER_MASTER = 777;

/** Who is the server. */
type Topology = "Godot server, gdnet client" | "gdnet server, Godot client" | "gdnet relay CLI, Godot and gdnet clients";
const TOPOLOGIES: Topology[] = [
  "Godot server, gdnet client",
  "gdnet server, Godot client",
  "gdnet relay CLI, Godot and gdnet clients",
];

/** Values that need the session (the Player node's instance id on the Godot side). */
interface SessionInfo {
  readonly playerId: number;
}

/**
 * One value of a Godot 3 Variant type. `value` is what gdnet sends; Godot builds its own with
 * str2var(`text`) (or `make`) and must see gdnet's as that text.
 */
interface ValueCase {
  readonly label: string;
  readonly type: number;
  readonly value: unknown | ((s: SessionInfo) => unknown);
  readonly text?: string;
  readonly make?: "self" | "null_object" | "rid";
}

const V = VariantType3;
const basis = new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9));

/** Every Godot 3 Variant type (godot-protocols.md 3.5), with the edges of INT and REAL. */
const CASES: ValueCase[] = [
  { label: "nil", type: V.NIL, value: null, text: "null" },
  { label: "bool true", type: V.BOOL, value: true, text: "true" },
  { label: "bool false", type: V.BOOL, value: false, text: "false" },
  { label: "int32", type: V.INT, value: -123456, text: "-123456" },
  { label: "int32 min", type: V.INT, value: -2147483648, text: "-2147483648" },
  { label: "int 2^31 (64-bit)", type: V.INT, value: 2147483648, text: "2147483648" },
  { label: "int64 2^40", type: V.INT, value: 1099511627776, text: "1099511627776" },
  { label: "int64 max", type: V.INT, value: 9223372036854775807n, text: "9223372036854775807" },
  { label: "int64 min", type: V.INT, value: -9223372036854775808n, text: "-9223372036854775808" },
  { label: "float (f32)", type: V.REAL, value: 1.5, text: "1.5" },
  { label: "float 0.1 (f64)", type: V.REAL, value: 0.1, text: "0.1" },
  { label: "float 1e-20 (f64)", type: V.REAL, value: 1e-20, text: "1e-20" },
  { label: "float 5.0", type: V.REAL, value: new GdFloat(5), text: "5.0" },
  { label: "String", type: V.STRING, value: "héllo wörld ✓ 日本語 🎮", text: '"héllo wörld ✓ 日本語 🎮"' },
  { label: "String empty", type: V.STRING, value: "", text: '""' },
  { label: "Vector2", type: V.VECTOR2, value: new Vector2(1.5, -2.25), text: "Vector2( 1.5, -2.25 )" },
  { label: "Rect2", type: V.RECT2, value: new Rect2(new Vector2(1, 2), new Vector2(3, 4)), text: "Rect2( 1, 2, 3, 4 )" },
  { label: "Vector3", type: V.VECTOR3, value: new Vector3(1, -2.5, 3.25), text: "Vector3( 1, -2.5, 3.25 )" },
  {
    label: "Transform2D",
    type: V.TRANSFORM2D,
    value: new Transform2D(new Vector2(1, 2), new Vector2(3, 4), new Vector2(5, 6)),
    text: "Transform2D( 1, 2, 3, 4, 5, 6 )",
  },
  { label: "Plane", type: V.PLANE, value: new Plane(new Vector3(0, 1, 0), 2.5), text: "Plane( 0, 1, 0, 2.5 )" },
  { label: "Quat", type: V.QUAT, value: new Quat(0.5, -0.5, 0.5, -0.5), text: "Quat( 0.5, -0.5, 0.5, -0.5 )" },
  {
    label: "AABB",
    type: V.AABB,
    value: new AABB(new Vector3(1, 2, 3), new Vector3(4, 5, 6)),
    text: "AABB( 1, 2, 3, 4, 5, 6 )",
  },
  // Basis(x, y, z) takes columns on both sides; var2str prints the rows.
  { label: "Basis", type: V.BASIS, value: basis, text: "Basis( 1, 4, 7, 2, 5, 8, 3, 6, 9 )" },
  {
    label: "Transform",
    type: V.TRANSFORM,
    value: new Transform(basis, new Vector3(10, 11, 12)),
    text: "Transform( 1, 4, 7, 2, 5, 8, 3, 6, 9, 10, 11, 12 )",
  },
  { label: "Color", type: V.COLOR, value: new Color(1, 0.5, 0.25, 0.125), text: "Color( 1, 0.5, 0.25, 0.125 )" },
  {
    label: "NodePath",
    type: V.NODE_PATH,
    value: NodePath.parse("Main/Player:position:x"),
    text: 'NodePath("Main/Player:position:x")',
  },
  { label: "NodePath absolute", type: V.NODE_PATH, value: NodePath.parse("/root/Main"), text: 'NodePath("/root/Main")' },
  // Godot 3 sends no RID payload; var2str prints an RID as "".
  { label: "RID", type: V._RID, value: new RID(), make: "rid" },
  { label: "Object (as id)", type: V.OBJECT, value: (s: SessionInfo) => new ObjectId(s.playerId), make: "self" },
  { label: "Object null", type: V.OBJECT, value: new ObjectId(0), make: "null_object" },
  {
    label: "Dictionary",
    type: V.DICTIONARY,
    // var2str sorts the keys and str2var keeps the text's order: the Map has the same order.
    value: new Map<unknown, unknown>([
      [2, new Vector2(1, 2)],
      ["a", 1],
    ]),
    text: '{\n2: Vector2( 1, 2 ),\n"a": 1\n}',
  },
  { label: "Dictionary empty", type: V.DICTIONARY, value: new Map(), text: "{\n\n}" },
  {
    label: "Array",
    type: V.ARRAY,
    value: [1, "two", [3, null], new Vector2(0.5, 0)],
    text: '[ 1, "two", [ 3, null ], Vector2( 0.5, 0 ) ]',
  },
  { label: "Array empty", type: V.ARRAY, value: [], text: "[  ]" },
  {
    label: "PoolByteArray",
    type: V.POOL_BYTE_ARRAY,
    value: new Uint8Array([0, 1, 127, 128, 255]),
    text: "PoolByteArray( 0, 1, 127, 128, 255 )",
  },
  { label: "PoolByteArray empty", type: V.POOL_BYTE_ARRAY, value: new Uint8Array(), text: "PoolByteArray(  )" },
  {
    label: "PoolIntArray",
    type: V.POOL_INT_ARRAY,
    value: new Int32Array([-2147483648, -1, 0, 2147483647]),
    text: "PoolIntArray( -2147483648, -1, 0, 2147483647 )",
  },
  {
    label: "PoolRealArray",
    type: V.POOL_REAL_ARRAY,
    value: new Float32Array([1.5, -0.25, 1e10]),
    text: "PoolRealArray( 1.5, -0.25, 1e+10 )",
  },
  {
    label: "PoolStringArray",
    type: V.POOL_STRING_ARRAY,
    value: new PackedStringArray(["a", "", "✓ 🎮"]),
    text: 'PoolStringArray( "a", "", "✓ 🎮" )',
  },
  {
    label: "PoolVector2Array",
    type: V.POOL_VECTOR2_ARRAY,
    value: new PackedVector2Array([new Vector2(1, 2), new Vector2(-3.5, 4)]),
    text: "PoolVector2Array( 1, 2, -3.5, 4 )",
  },
  {
    label: "PoolVector3Array",
    type: V.POOL_VECTOR3_ARRAY,
    value: new PackedVector3Array([new Vector3(1, 2, 3), new Vector3(-4, 5.5, 6)]),
    text: "PoolVector3Array( 1, 2, 3, -4, 5.5, 6 )",
  },
  {
    label: "PoolColorArray",
    type: V.POOL_COLOR_ARRAY,
    value: new PackedColorArray([new Color(1, 0, 0, 1), new Color(0, 0.5, 1, 0.25)]),
    text: "PoolColorArray( 1, 0, 0, 1, 0, 0.5, 1, 0.25 )",
  },
  {
    label: "nested",
    type: V.ARRAY,
    value: [new Map([["k", new PackedVector2Array([new Vector2(1, 2)])]]), new Float32Array([0.5]), new Map()],
    text: '[ {\n"k": PoolVector2Array( 1, 2 )\n}, PoolRealArray( 0.5 ), {\n\n} ]',
  },
];

function valueFor(c: ValueCase, s: SessionInfo): unknown {
  return typeof c.value === "function" ? (c.value as (s: SessionInfo) => unknown)(s) : c.value;
}

/**
 * What gdnet decodes when Godot sends its `c` value. Godot 3.2 sends a null Object as nil
 * (marshalls.cpp encode_variant), gdnet decoders return plain numbers (5.0 arrives as 5), and
 * an RID carries no id in Godot 3.
 */
function fromGodot(c: ValueCase, s: SessionInfo): unknown {
  if (c.label === "Object null") return null;
  if (c.label === "float 5.0") return 5;
  return valueFor(c, s);
}

/**
 * What comes back to gdnet when Godot returns gdnet's `c` value: the same as {@link fromGodot},
 * since gdnet's ObjectId(0) is a null Object for Godot, which Godot 3.2 sends back as nil.
 */
function backFromGodot(c: ValueCase, s: SessionInfo): unknown {
  return fromGodot(c, s);
}

// --- the gdnet end ----------------------------------------------------------------------------

/** The modes of rpc_player.gd (`func plain` and `var plain_var` have none). */
const PLAYER_MODES: NetworkNodeOptions = {
  rpc: {
    take: "remote",
    echoed: "remote",
    performed: "remote",
    master_only: "master",
    puppet_only: "puppet",
    sync_all: "remotesync",
    master_sync: "mastersync",
    puppet_sync: "puppetsync",
  },
  rset: { remote_var: "remote", puppet_var: "puppet" },
};

interface Seen {
  readonly node: string;
  readonly from: number;
  readonly args: unknown[];
}

interface GdnetEnd {
  readonly api: MultiplayerAPI;
  readonly player: NetworkNode;
  readonly stranger: NetworkNode;
  /** Calls that ran, by method name. */
  readonly calls: Map<string, Seen[]>;
  /** The MultiplayerAPI's signals, as "name(args)". */
  readonly signals: string[];
  /** `network_peer_packet`s: [from, bytes]. */
  readonly raw: Array<[number, Uint8Array]>;
}

function gdnetEnd(): GdnetEnd {
  const api = new MultiplayerAPI();
  const calls = new Map<string, Seen[]>();
  const record = (node: string, method: string, args: unknown[]): void => {
    const list = calls.get(method) ?? [];
    list.push({ node, from: api.getRpcSenderId(), args });
    calls.set(method, list);
  };
  const register = (name: string, master: number): NetworkNode => {
    const node = api.registerNode(
      `/root/Main/${name}`,
      {
        take(label: string, value: unknown) {
          record(name, "take", [label, value]);
          // Straight back to the sender, as a game relaying a value would.
          this.rpcId(api.getRpcSenderId(), "echoed", label, value);
        },
        echoed(label: string, value: unknown) {
          record(name, "echoed", [label, value]);
        },
        performed(count: number) {
          record(name, "performed", [count]);
        },
        master_only: (value: unknown) => record(name, "master_only", [value]),
        puppet_only: (value: unknown) => record(name, "puppet_only", [value]),
        sync_all: (value: unknown) => record(name, "sync_all", [value]),
        master_sync: (value: unknown) => record(name, "master_sync", [value]),
        puppet_sync: (value: unknown) => record(name, "puppet_sync", [value]),
        plain: (value: unknown) => record(name, "plain", [value]),
      },
      { ...PLAYER_MODES, properties: {}, networkMaster: master },
    );
    return node;
  };
  const signals: string[] = [];
  const raw: Array<[number, Uint8Array]> = [];
  for (const name of [
    "network_peer_connected",
    "network_peer_disconnected",
    "connected_to_server",
    "connection_failed",
    "server_disconnected",
  ] as const) {
    api.on(name, (...args: unknown[]) => signals.push(`${name}(${args.join(", ")})`));
  }
  api.on("network_peer_packet", (from, packet) => raw.push([from, packet]));
  return { api, player: register("Player", 1), stranger: register("Stranger", STRANGER_MASTER), calls, signals, raw };
}

interface Session extends SessionInfo {
  readonly godot: GodotProcess;
  readonly gdnet: GdnetEnd;
  readonly godotId: number;
  readonly gdnetId: number;
  readonly gdnetIsServer: boolean;
  readonly godotIsServer: boolean;
}

/** Godot and gdnet connected in `topology`, each with its Player and Stranger. */
async function session(topology: Topology, args: Record<string, unknown> = {}): Promise<Session> {
  const gdnet = gdnetEnd();
  const { api } = gdnet;
  const connected: number[] = [];
  api.on("network_peer_connected", (id) => connected.push(id));
  let godot: GodotProcess;
  const godotArgs = { stranger_master: STRANGER_MASTER, ...args };
  const connectClient = (url: string): void => {
    const client = new WebSocketClient();
    expect(client.connectToUrl(url, [], true)).toBe(GodotError.OK);
    api.networkPeer = client;
    cleanups.push(() => client.disconnectFromHost(-1));
  };
  if (topology === "Godot server, gdnet client") {
    const port = await freePort();
    godot = startGodot("mp_rpc", { args: { role: "server", port, ...godotArgs } });
    await godot.waitFor("listening");
    connectClient(`ws://127.0.0.1:${port}/`);
  } else if (topology === "gdnet server, Godot client") {
    const server = new WebSocketServer();
    server.setBindIp("127.0.0.1");
    expect(server.listen(0, [], true)).toBe(GodotError.OK);
    const port = await server.listening();
    api.networkPeer = server;
    cleanups.push(() => server.stop());
    godot = startGodot("mp_rpc", { args: { role: "client", url: `ws://127.0.0.1:${port}/`, ...godotArgs } });
  } else {
    // Both are clients of the built `gdnet relay --godot 3`: Godot joins first, then gdnet.
    const { url } = await startGdnetCli(["relay", "--godot", "3", "--port", "0", "--host", "127.0.0.1"]);
    godot = startGodot("mp_rpc", { args: { role: "client", url, ...godotArgs } });
    await godot.waitFor("ready");
    connectClient(url);
  }
  const stop = autoPoll(api);
  cleanups.push(stop);
  const ready = await godot.waitFor("ready");
  const godotId = Number(ready.id);
  await pollUntil([], () => connected.includes(godotId), { what: `gdnet's network_peer_connected(${godotId})` });
  const gdnetId = api.getNetworkUniqueId();
  expect(gdnetId).toBeGreaterThan(0);
  const relayed = topology === "gdnet relay CLI, Godot and gdnet clients";
  expect(connected).toEqual(relayed ? [1, godotId] : [godotId]);
  if (relayed) await godot.waitFor("peer_connected", { match: (e) => e.id === gdnetId });
  return {
    godot,
    gdnet,
    godotId,
    gdnetId,
    gdnetIsServer: topology === "gdnet server, Godot client",
    godotIsServer: topology === "Godot server, gdnet client",
    playerId: Number(ready.player_id),
  };
}

/**
 * Ends the session and checks that each side saw the other leave: a gdnet client leaves a Godot
 * server (which reports it and exits); otherwise Godot leaves on finish_run(), and gdnet sees
 * network_peer_disconnected (through the relay too). Resolves with Godot's stderr.
 */
async function finish(s: Session): Promise<{ stderr: string }> {
  const { api, signals } = s.gdnet;
  if (s.godotIsServer) {
    (api.networkPeer as WebSocketClient).disconnectFromHost();
    await s.godot.waitFor("peer_disconnected", { match: (e) => e.id === s.gdnetId });
    // Godot 3.2's WebSocketClient reports its own close as connection_failed (websocket_client.cpp _on_disconnect).
    await pollUntil([], () => signals.includes("connection_failed()"), { what: "gdnet's connection_failed" });
  } else {
    expect(s.gdnet.player.rpcId(s.godotId, "finish_run")).toBe(GodotError.OK);
    await pollUntil([], () => signals.includes(`network_peer_disconnected(${s.godotId})`), {
      what: `gdnet's network_peer_disconnected(${s.godotId})`,
    });
  }
  const result = await s.godot.exited;
  expect(result.code, s.godot.explain()).toBe(0);
  const connectedToServer = s.gdnetIsServer ? [] : ["connected_to_server()"];
  expect(signals.filter((signal) => !signal.startsWith("network_peer_connected"))).toEqual([
    ...connectedToServer,
    s.godotIsServer ? "connection_failed()" : `network_peer_disconnected(${s.godotId})`,
  ]);
  return result;
}

// --- comparing --------------------------------------------------------------------------------

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/**
 * `b64` with the padding after each NodePath name zeroed. Godot 3.2 does not write that padding
 * (marshalls.cpp encode_variant, NODE_PATH, only advances past it), so its NodePath bytes end each
 * name with whatever its buffer held; gdnet writes zeros. Only for a NodePath at the top.
 */
function zeroNodePathPadding(b64: unknown): unknown {
  if (typeof b64 !== "string") return b64;
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length < 16 || bytes.readUInt32LE(0) !== V.NODE_PATH) return b64;
  const count = (bytes.readUInt32LE(4) & 0x7fffffff) + bytes.readUInt32LE(8);
  let offset = 16;
  for (let i = 0; i < count && offset + 4 <= bytes.length; i++) {
    const length = bytes.readUInt32LE(offset);
    offset += 4 + length;
    while (offset % 4 !== 0 && offset < bytes.length) bytes[offset++] = 0;
  }
  return bytes.toString("base64");
}

function byLabel(events: readonly GodotEvent[]): Map<string, GodotEvent> {
  return new Map(events.map((e) => [String(e.label), e]));
}

/** What the test compares of a value Godot reported: type, text and bytes, or for an object its class and id. */
function godotView(event: GodotEvent | undefined): Record<string, unknown> | undefined {
  if (!event) return undefined;
  if (event.class !== undefined) return { type: event.type, class: event.class, object_id: event.object_id };
  return { type: event.type, text: event.text, b64: zeroNodePathPadding(event.b64) };
}

describeGodot3("MultiplayerAPI: RPC arguments of every Godot 3 Variant type, round-tripped", () => {
  describe.each(TOPOLOGIES)("%s", (topology) => {
    it("gdnet -> Godot -> gdnet and Godot -> gdnet -> Godot, compared field by field", async () => {
      const values = CASES.map((c) => (c.make ? { label: c.label, make: c.make } : { label: c.label, text: c.text }));
      const s = await session(topology, { values });
      const { player, calls } = s.gdnet;

      // gdnet -> Godot (which sends each back), then Godot -> gdnet (which sends each back).
      for (const c of CASES) expect(player.rpcId(s.godotId, "take", c.label, valueFor(c, s)), c.label).toBe(GodotError.OK);
      expect(player.rpcId(s.godotId, "send_values")).toBe(GodotError.OK);
      await pollUntil([], () => (calls.get("echoed")?.length ?? 0) === CASES.length, { what: "Godot's echoes" });
      await s.godot.waitFor("echoed", { match: () => s.godot.all("echoed").length === CASES.length });

      const sent = byLabel(s.godot.all("sent")); // Godot's own values, built from the reference texts
      const took = byLabel(s.godot.all("took")); // what Godot got from gdnet
      const echoed = byLabel(s.godot.all("echoed")); // what came back to Godot from gdnet
      const gdnetTook = new Map((calls.get("take") ?? []).map((seen) => [seen.args[0] as string, seen]));
      const gdnetEchoed = new Map((calls.get("echoed") ?? []).map((seen) => [seen.args[0] as string, seen]));
      const godotObject = { type: V.OBJECT, class: "Node", object_id: s.playerId };
      const asId = { type: V.OBJECT, class: "EncodedObjectAsID", object_id: s.playerId };

      // Godot's own values are what the reference texts say (a check of the table itself).
      expect(CASES.map((c) => [c.label, godotView(sent.get(c.label))])).toEqual(
        CASES.map((c) => [
          c.label,
          c.make === "self"
            ? godotObject
            : {
                type: c.type,
                text: c.make === "rid" ? "" : c.make === "null_object" ? "null" : c.text,
                b64: expect.any(String),
              },
        ]),
      );
      // gdnet encodes each value as Godot does (golden bytes from Godot itself). gdnet's
      // ObjectId(0) is an Object with id 0, which Godot decodes to a null Object; Godot 3.2
      // itself sends a null Object as nil.
      expect(CASES.filter((c) => c.make !== "null_object").map((c) => [c.label, b64(var2bytes(valueFor(c, s)))])).toEqual(
        CASES.filter((c) => c.make !== "null_object").map((c) => [c.label, zeroNodePathPadding(sent.get(c.label)?.b64)]),
      );

      // gdnet -> Godot: Godot got each value as it would have built it itself, from gdnet.
      expect(CASES.map((c) => [c.label, godotView(took.get(c.label)), took.get(c.label)?.from])).toEqual(
        CASES.map((c) => [c.label, c.make === "self" ? asId : godotView(sent.get(c.label)), s.gdnetId]),
      );
      // ... and back: gdnet gets what it sent (an ObjectId(0) comes back as nil, see above).
      expect(CASES.map((c) => [c.label, gdnetEchoed.get(c.label)?.args[1], gdnetEchoed.get(c.label)?.from])).toStrictEqual(
        CASES.map((c) => [c.label, backFromGodot(c, s), s.godotId]),
      );

      // Godot -> gdnet: gdnet decodes each of Godot's values to the JS value of the table.
      expect(CASES.map((c) => [c.label, gdnetTook.get(c.label)?.args[1], gdnetTook.get(c.label)?.from])).toStrictEqual(
        CASES.map((c) => [c.label, fromGodot(c, s), s.godotId]),
      );
      // ... and back: Godot gets what it sent, except where gdnet's JS mapping loses the type:
      // a float with an integral value decodes to a JS number, which goes back as an int; and
      // Godot's null Object went out as nil in the first place.
      expect(CASES.map((c) => [c.label, godotView(echoed.get(c.label)), echoed.get(c.label)?.from])).toEqual(
        CASES.map((c) => {
          let view: Record<string, unknown> | undefined = godotView(sent.get(c.label));
          if (c.make === "self") view = asId;
          if (c.make === "null_object") view = { type: V.NIL, text: "null", b64: "AAAAAA==" };
          if (c.label === "float 5.0") view = { type: V.INT, text: "5", b64: "AgAAAAUAAAA=" };
          return [c.label, view, s.gdnetId];
        }),
      );

      await finish(s);
    });
  });
});

// --- modes --------------------------------------------------------------------------------------

/** One call of the mode matrix, made by one end to the other. */
interface ModeCall {
  readonly op: "rpc_id" | "rpc" | "rset_id" | "rset";
  readonly node: "Player" | "Stranger";
  readonly name: string;
  /** var2str of the value (Godot builds it with str2var). */
  readonly text: string;
  readonly value: unknown;
  /** Godot 3's RPCMode of `name`. */
  readonly mode: number;
  /** Whether the receiving end runs it, when it is the server / a client called by the server. */
  readonly onServer: boolean;
  readonly onClient: boolean;
}

/** An rpc of the matrix: its value is a String naming it. */
function rpcCall(
  op: "rpc_id" | "rpc",
  node: ModeCall["node"],
  name: string,
  mode: number,
  onServer: boolean,
  onClient: boolean,
): ModeCall {
  return { op, node, name, mode, onServer, onClient, text: `"${node}.${name}"`, value: `${node}.${name}` };
}

const RSET_VECTOR = { text: "Vector3( 1, 2.5, -3 )", value: new Vector3(1, 2.5, -3) };
const RSET_DICTIONARY = {
  text: '{\n"hp": 10,\n"tags": PoolStringArray( "x" )\n}',
  value: new Map<unknown, unknown>([
    ["hp", 10],
    ["tags", new PackedStringArray(["x"])],
  ]),
};

// Player's master is 1 (the server); Stranger's is 777, a peer that does not exist.
const MATRIX: ModeCall[] = [
  rpcCall("rpc_id", "Player", "master_only", 2, true, false),
  rpcCall("rpc_id", "Player", "puppet_only", 3, false, true),
  rpcCall("rpc_id", "Player", "plain", 0, false, false),
  rpcCall("rpc", "Player", "sync_all", 4, true, true),
  rpcCall("rpc", "Player", "master_sync", 5, true, false),
  rpcCall("rpc", "Player", "puppet_sync", 6, false, true),
  { op: "rset", node: "Player", name: "remote_var", mode: 1, onServer: true, onClient: true, ...RSET_VECTOR },
  { op: "rset_id", node: "Player", name: "puppet_var", mode: 3, onServer: false, onClient: true, ...RSET_DICTIONARY },
  { op: "rset_id", node: "Player", name: "plain_var", mode: 0, onServer: false, onClient: false, ...RSET_VECTOR },
  rpcCall("rpc_id", "Stranger", "master_only", 2, false, false),
  rpcCall("rpc_id", "Stranger", "puppet_only", 3, false, false),
  rpcCall("rpc_id", "Stranger", "plain", 0, false, false),
  rpcCall("rpc", "Stranger", "master_sync", 5, false, false),
  { op: "rset_id", node: "Stranger", name: "puppet_var", mode: 3, onServer: false, onClient: false, ...RSET_DICTIONARY },
  { op: "rset_id", node: "Stranger", name: "remote_var", mode: 1, onServer: true, onClient: true, ...RSET_VECTOR },
];

/**
 * Whether the receiver runs `call`. Player's master is the server, Stranger's nobody; between two
 * clients (through the relay) only remote and remotesync calls run, since neither is a master.
 */
function runsOn(call: ModeCall, receiverIsServer: boolean, senderIsServer: boolean): boolean {
  if (receiverIsServer) return call.onServer;
  if (senderIsServer) return call.onClient;
  return call.mode === 1 || call.mode === 4;
}

/**
 * Whether the caller runs `call` itself (Godot 3's _should_call_local, for a call to everyone):
 * remotesync, mastersync and puppetsync always do (master / puppet functions are only called by id here).
 */
function runsLocally(call: ModeCall): boolean {
  return call.op === "rpc" && (call.mode === 4 || call.mode === 5 || call.mode === 6);
}

/** Whether the call goes out at all: a master calling its own mastersync function only runs it locally. */
function isSent(call: ModeCall, callerIsServer: boolean): boolean {
  const callerIsMaster = call.node === "Player" && callerIsServer;
  return !(call.op === "rpc" && call.mode === 5 && callerIsMaster);
}

/** The error Godot 3.2 prints for a refused call (multiplayer_api.cpp _process_rpc / _process_rset), and gdnet too. */
function refusal(call: ModeCall, from: number): string {
  const master = call.node === "Player" ? 1 : STRANGER_MASTER;
  const what = call.op.startsWith("rset") ? "RSET" : "RPC";
  return `${what} '${call.name}' is not allowed on node /root/Main/${call.node} from: ${from}. Mode is ${call.mode}, master is ${master}.`;
}

describeGodot3("MultiplayerAPI: RPC and RSET modes, the same on both sides", () => {
  describe.each(TOPOLOGIES)("%s", (topology) => {
    it("runs what master / puppet / remotesync / remote allow, and refuses the rest (master func on a puppet, puppet func from a non-master, no keyword) with the same error on both sides", async () => {
      const s = await session(topology);
      const { api, player, stranger, calls } = s.gdnet;
      const nodeOf = (name: string): NetworkNode => (name === "Player" ? player : stranger);
      const { godotIsServer, gdnetIsServer } = s;
      // What Godot runs of gdnet's calls, and what gdnet runs of Godot's; the calls that go out and are not run are refused.
      const runsOnGodot = (call: ModeCall): boolean => isSent(call, gdnetIsServer) && runsOn(call, godotIsServer, gdnetIsServer);
      const runsOnGdnet = (call: ModeCall): boolean => isSent(call, godotIsServer) && runsOn(call, gdnetIsServer, godotIsServer);
      const refusedByGodot = MATRIX.filter((call) => isSent(call, gdnetIsServer) && !runsOnGodot(call));
      const refusedByGdnet = MATRIX.filter((call) => isSent(call, godotIsServer) && !runsOnGdnet(call));

      // gdnet -> Godot: every call of the matrix, then a ping that shows Godot has read them all.
      printed.length = 0;
      for (const call of MATRIX) {
        const node = nodeOf(call.node);
        const result =
          call.op === "rpc_id"
            ? node.rpcId(s.godotId, call.name, call.value)
            : call.op === "rpc"
              ? node.rpc(call.name, call.value)
              : call.op === "rset_id"
                ? node.rsetId(s.godotId, call.name, call.value)
                : node.rset(call.name, call.value);
        expect(result, `${call.node}.${call.name}`).toBe(GodotError.OK);
      }
      expect(player.rpcId(s.godotId, "ping", "after the matrix")).toBe(GodotError.OK);
      await s.godot.waitFor("pinged", { match: (e) => e.tag === "after the matrix" });

      // Godot -> gdnet: Godot makes the same calls toward gdnet, then calls `performed`.
      const actions = MATRIX.map((call) => [call.op, call.node, call.name, call.text]);
      expect(player.rpcId(s.godotId, "perform", actions)).toBe(GodotError.OK);
      await pollUntil([], () => calls.has("performed"), { what: "Godot's performed()" });

      // What ran on Godot: the allowed calls from gdnet (plus Godot's own remotesync calls, run locally).
      const godotRan = [...s.godot.all("called"), ...s.godot.all("set")].map((e) => [e.node, e.method ?? e.property, e.from]);
      const expectedOnGodot = [
        ...MATRIX.filter(runsOnGodot).map((call) => [call.node, call.name, s.gdnetId]),
        ...MATRIX.filter(runsLocally).map((call) => [call.node, call.name, s.godotId]),
      ];
      expect(sortRows(godotRan)).toEqual(sortRows(expectedOnGodot));
      // The values arrived as sent (var2str of what Godot got).
      for (const event of s.godot.all("called").filter((e) => e.from === s.gdnetId)) {
        const call = MATRIX.find((c) => c.node === event.node && c.name === event.method);
        expect(event.text).toBe(call?.text);
      }
      for (const event of s.godot.all("set")) {
        const call = MATRIX.find((c) => c.node === event.node && c.name === event.property);
        expect(event.text, `${String(event.node)}.${String(event.property)}`).toBe(call?.text);
      }

      // What ran on gdnet: the allowed calls from Godot (plus gdnet's own remotesync calls).
      const gdnetRan = [...calls.entries()]
        .filter(([method]) => method !== "performed")
        .flatMap(([method, list]) => list.map((seen) => [seen.node, method, seen.from]));
      const gdnetSet = (["Player", "Stranger"] as const).flatMap((name) =>
        Object.keys(nodeOf(name).properties).map((property) => [name, property, s.godotId]),
      );
      const expectedOnGdnet = [
        ...MATRIX.filter(runsOnGdnet).map((call) => [call.node, call.name, s.godotId]),
        ...MATRIX.filter(runsLocally).map((call) => [call.node, call.name, s.gdnetId]),
      ];
      expect(sortRows([...gdnetRan, ...gdnetSet])).toEqual(sortRows(expectedOnGdnet));
      for (const call of MATRIX.filter((c) => c.op.startsWith("rset") && runsOnGdnet(c))) {
        expect(nodeOf(call.node).properties[call.name], `${call.node}.${call.name}`).toStrictEqual(call.value);
      }
      for (const method of ["sync_all", "master_sync", "puppet_sync"]) {
        for (const seen of calls.get(method) ?? []) expect(seen.args).toEqual([`${seen.node}.${method}`]);
      }

      // Refused the same way: each side printed the same error for each call it refused.
      expect(refusedByGdnet.length).toBeGreaterThanOrEqual(7);
      expect(printed.filter((line) => line.startsWith("ERR_UNAUTHORIZED"))).toEqual(
        refusedByGdnet.map((call) => `ERR_UNAUTHORIZED: ${refusal(call, s.godotId)}`),
      );
      expect(api.getLastError()?.code).toBe("ERR_UNAUTHORIZED");
      const { stderr } = await finish(s);
      const godotErrors = stderr.split("\n").filter((line) => line.includes("is not allowed on node"));
      expect(godotErrors.map((line) => line.replace(/^ERROR: \w+: /, "").trim())).toEqual(
        refusedByGodot.map((call) => refusal(call, s.gdnetId)),
      );
    });
  });
});

function sortRows(rows: unknown[][]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}

describeGodot3("MultiplayerAPI: raw packets and the connection signals", () => {
  describe.each(TOPOLOGIES)("%s", (topology) => {
    it("sendBytes reaches Godot's network_peer_packet with the sender's id, send_bytes reaches gdnet's, and each side sees the other join and leave", async () => {
      const s = await session(topology);
      const { api, raw } = s.gdnet;
      const one = new Uint8Array([0, 1, 2, 127, 128, 255]);
      const two = new TextEncoder().encode("to everyone ✓");
      expect(api.sendBytes(one, s.godotId)).toBe(GodotError.OK);
      expect(api.sendBytes(two)).toBe(GodotError.OK); // to 0: everyone (through the relay too)
      // rpcUnreliableId only changes the transfer mode; over WebSocket it arrives all the same, in order.
      expect(s.gdnet.player.rpcUnreliableId(s.godotId, "ping", "unreliable")).toBe(GodotError.OK);
      expect(api.sendBytes(new Uint8Array())).toBe(GodotError.ERR_INVALID_DATA);
      // Godot may take the RPC in a later frame than the raw packets, and its stdout is a separate
      // pipe from the socket: wait for every line asserted below, not just the replies.
      await pollUntil([], () => raw.length === 2 && s.godot.all("raw").length === 2 && s.godot.find("pinged") !== undefined, {
        what: "Godot's two raw packets back, and its raw and pinged lines",
      });
      expect(s.godot.all("raw")).toEqual([
        { event: "raw", from: s.gdnetId, b64: b64(one) },
        { event: "raw", from: s.gdnetId, b64: b64(two) },
      ]);
      expect(s.godot.find("pinged")).toMatchObject({ tag: "unreliable", from: s.gdnetId });
      expect(raw).toEqual([
        [s.godotId, new Uint8Array([0xee, ...one])],
        [s.godotId, new Uint8Array([0xee, ...two])],
      ]);
      expect(s.godot.all("peer_connected").map((e) => e.id)).toEqual(
        s.godotIsServer ? [s.gdnetId] : s.gdnetIsServer ? [1] : [1, s.gdnetId],
      );
      await finish(s);
    });
  });
});
