import { GdnetError } from "./gdnet-error.js";

/** Godot 3's `MultiplayerAPI.RPCMode` (also the rset modes), with the deprecated aliases. */
export const RpcMode3 = {
  RPC_MODE_DISABLED: 0,
  RPC_MODE_REMOTE: 1,
  RPC_MODE_MASTER: 2,
  RPC_MODE_PUPPET: 3,
  RPC_MODE_SLAVE: 3,
  RPC_MODE_REMOTESYNC: 4,
  RPC_MODE_SYNC: 4,
  RPC_MODE_MASTERSYNC: 5,
  RPC_MODE_PUPPETSYNC: 6,
} as const;
export type RpcMode3 = (typeof RpcMode3)[keyof typeof RpcMode3];

/** A Godot 3 rpc/rset mode: the GDScript keyword (`"remote"`, `"puppetsync"`...) or the number. */
export type RpcMode3Input =
  | RpcMode3
  | "disabled"
  | "remote"
  | "master"
  | "puppet"
  | "slave"
  | "remotesync"
  | "sync"
  | "mastersync"
  | "puppetsync";

const KEYWORDS: Record<string, RpcMode3> = {
  disabled: 0,
  remote: 1,
  master: 2,
  puppet: 3,
  slave: 3,
  remotesync: 4,
  sync: 4,
  mastersync: 5,
  puppetsync: 6,
};

export function parseRpcMode3(name: string, mode: RpcMode3Input): RpcMode3 {
  const value = typeof mode === "string" ? KEYWORDS[mode] : mode;
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > 6) {
    throw new GdnetError(
      "ERR_TYPE",
      `Mode of "${name}": ${String(mode)} is not a Godot 3 rpc mode (remote, master, puppet, remotesync, mastersync, puppetsync, disabled).`,
    );
  }
  return value as RpcMode3;
}

/**
 * Godot 3's `_can_call_mode` (core/io/multiplayer_api.cpp): may `from` run this on a node whose
 * master is `master`, here, where `isMaster` says if we are that master?
 */
export function canCallMode3(mode: RpcMode3, isMaster: boolean, from: number, master: number): boolean {
  switch (mode) {
    case RpcMode3.RPC_MODE_REMOTE:
    case RpcMode3.RPC_MODE_REMOTESYNC:
      return true;
    case RpcMode3.RPC_MODE_MASTER:
    case RpcMode3.RPC_MODE_MASTERSYNC:
      return isMaster;
    case RpcMode3.RPC_MODE_PUPPET:
    case RpcMode3.RPC_MODE_PUPPETSYNC:
      return !isMaster && from === master;
    default:
      return false;
  }
}

/**
 * Godot 3's `_should_call_local`: whether a call that targets us also runs here, and whether the
 * network send is skipped (a master calling its own master/mastersync function).
 */
export function callLocal3(mode: RpcMode3, isMaster: boolean): { local: boolean; skipSend: boolean } {
  switch (mode) {
    case RpcMode3.RPC_MODE_MASTERSYNC:
      return { local: true, skipSend: isMaster };
    case RpcMode3.RPC_MODE_REMOTESYNC:
    case RpcMode3.RPC_MODE_PUPPETSYNC:
      return { local: true, skipSend: false };
    case RpcMode3.RPC_MODE_MASTER:
      return { local: isMaster, skipSend: isMaster };
    case RpcMode3.RPC_MODE_PUPPET:
      return { local: !isMaster, skipSend: false };
    default:
      return { local: false, skipSend: false };
  }
}
