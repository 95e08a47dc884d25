// putVar / getVar (PacketPeer.put_var / get_var) over a real WebSocket connection, in both formats.
import {
  GdnetError,
  getVar,
  getVar3,
  NodePath,
  putVar,
  putVar3,
  StringName,
  Vector2,
  Vector3i,
  WebSocketPeer,
  WebSocketState,
} from "gdnet";
import { afterEach, describe, expect, it } from "vitest";
import { pollUntil } from "../../../test-support/poll-until.js";
import { startServer } from "../../../test-support/servers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function pair() {
  const { server, url } = await startServer();
  cleanups.push(() => server.stop());
  const ids: number[] = [];
  server.on("client_connected", (id) => ids.push(id));
  const client = new WebSocketPeer();
  cleanups.push(() => client.close(-1));
  client.connectToUrl(url);
  await pollUntil([server, client], () => ids.length === 1 && client.getReadyState() === WebSocketState.STATE_OPEN);
  const remote = server.getPeer(ids[0] as number) as WebSocketPeer;
  return { server, client, remote };
}

describe("putVar / getVar", () => {
  it("sends Godot 4 Variants and reads them back", async () => {
    const { server, client, remote } = await pair();
    const value = new Map<unknown, unknown>([
      ["pos", new Vector2(1.5, -2)],
      ["cell", new Vector3i(1, 2, 3)],
      ["name", new StringName("hero")],
      [7, [true, null, "text"]],
    ]);
    putVar(client, value);
    await pollUntil([server, client], () => remote.getAvailablePacketCount() === 1);
    expect(getVar(remote)).toEqual(value);
  });

  it("sends Godot 3 Variants with putVar3 / getVar3", async () => {
    const { server, client, remote } = await pair();
    putVar3(client, [NodePath.parse("Game/Player"), 2 ** 40, 0.1]);
    await pollUntil([server, client], () => remote.getAvailablePacketCount() === 1);
    expect(getVar3(remote)).toEqual([NodePath.parse("Game/Player"), 2 ** 40, 0.1]);
  });

  it("gives ERR_UNAVAILABLE with no packet and ERR_INVALID_DATA for bytes that are not a Variant", async () => {
    const { server, client, remote } = await pair();
    expect((getVar(remote) as GdnetError).code).toBe("ERR_UNAVAILABLE");
    client.putPacket(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    await pollUntil([server, client], () => remote.getAvailablePacketCount() === 1);
    const result = getVar(remote);
    expect(result).toBeInstanceOf(GdnetError);
    expect((result as GdnetError).code).toBe("ERR_INVALID_DATA");
  });

  it("throws for a value with no Godot equivalent", async () => {
    const { client } = await pair();
    expect(() => putVar(client, { when: new Date() })).toThrow(/Date/);
  });
});
