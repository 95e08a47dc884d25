import { describe, expect, it } from "vitest";
import {
  BYTE_ONLY_OR_NO_ARGS_FLAG,
  CMD_MASK,
  NAME_ID_COMPRESSION_SHIFT,
  NameIdCompression,
  NODE_ID_COMPRESSION_SHIFT,
  NODE_PATH_FLAG,
  NodeIdCompression,
  SceneCommand,
  SYS_CMD_SIZE,
  SysCommand,
} from "../../src/multiplayer/scene-command.js";

describe("Godot 4 SceneMultiplayer tables (godot-protocols.md §4.1, §4.2, §4.5)", () => {
  it("numbers the commands 0-7 in Godot's order", () => {
    expect(Object.entries(SceneCommand)).toEqual([
      ["NETWORK_COMMAND_REMOTE_CALL", 0],
      ["NETWORK_COMMAND_SIMPLIFY_PATH", 1],
      ["NETWORK_COMMAND_CONFIRM_PATH", 2],
      ["NETWORK_COMMAND_RAW", 3],
      ["NETWORK_COMMAND_SPAWN", 4],
      ["NETWORK_COMMAND_DESPAWN", 5],
      ["NETWORK_COMMAND_SYNC", 6],
      ["NETWORK_COMMAND_SYS", 7],
    ]);
  });

  it("numbers the SYS commands AUTH 0, ADD_PEER 1, DEL_PEER 2, RELAY 3", () => {
    expect(Object.entries(SysCommand)).toEqual([
      ["SYS_COMMAND_AUTH", 0],
      ["SYS_COMMAND_ADD_PEER", 1],
      ["SYS_COMMAND_DEL_PEER", 2],
      ["SYS_COMMAND_RELAY", 3],
    ]);
  });

  it("places the REMOTE_CALL flags in bits 4-5, 6 and 7 of the first byte, the command in bits 0-2", () => {
    expect(CMD_MASK).toBe(0x07);
    expect(NODE_ID_COMPRESSION_SHIFT).toBe(4);
    expect(NAME_ID_COMPRESSION_SHIFT).toBe(6);
    expect(BYTE_ONLY_OR_NO_ARGS_FLAG).toBe(0x80);
    expect(SYS_CMD_SIZE).toBe(6);
    expect(NODE_PATH_FLAG).toBe(2 ** 31);
  });

  it("has u8/u16/u32 node id widths and u8/u16 method id widths", () => {
    expect(Object.values(NodeIdCompression)).toEqual([0, 1, 2]);
    expect(Object.values(NameIdCompression)).toEqual([0, 1]);
  });
});
