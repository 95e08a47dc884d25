import { GdnetError } from "./gdnet-error.js";
import { TransferMode } from "./transfer-mode.js";

/** `MultiplayerAPI.RPCMode` (Godot 4). */
export const RpcMode = { RPC_MODE_DISABLED: 0, RPC_MODE_ANY_PEER: 1, RPC_MODE_AUTHORITY: 2 } as const;
export type RpcMode = (typeof RpcMode)[keyof typeof RpcMode];

/**
 * One method's RPC configuration, as GDScript's `@rpc(...)` arguments (any order:
 * `"authority" | "any_peer"`, `"call_remote" | "call_local"`,
 * `"reliable" | "unreliable" | "unreliable_ordered"`, and a channel number), or as an object.
 * Defaults: authority, call_remote, reliable, channel 0 (Godot's).
 */
export type RpcConfigInput =
  | ReadonlyArray<string | number>
  | {
      /** Who may call it. Default "authority". */
      rpcMode?: RpcMode | "authority" | "any_peer" | "disabled";
      /** Also run it locally when the call targets this peer. Default false. */
      callLocal?: boolean;
      /** Default "reliable". */
      transferMode?: TransferMode | "reliable" | "unreliable" | "unreliable_ordered";
      /** Default 0. */
      channel?: number;
    };

/** A method's RPC configuration, normalized. */
export interface RpcConfig {
  readonly rpcMode: RpcMode;
  readonly callLocal: boolean;
  readonly transferMode: TransferMode;
  readonly channel: number;
}

const MODES: Record<string, RpcMode> = { disabled: 0, any_peer: 1, authority: 2 };
const TRANSFERS: Record<string, TransferMode> = { unreliable: 0, unreliable_ordered: 1, reliable: 2 };

/** Reads an `@rpc`-style configuration; throws GdnetError(ERR_TYPE) for a word Godot would not accept. */
export function parseRpcConfig(method: string, input: RpcConfigInput = []): RpcConfig {
  let rpcMode: RpcMode = RpcMode.RPC_MODE_AUTHORITY;
  let callLocal = false;
  let transferMode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE;
  let channel = 0;
  const bad = (what: string): never => {
    throw new GdnetError("ERR_TYPE", `RPC config of "${method}": ${what}.`);
  };
  if (Array.isArray(input)) {
    for (const word of input as ReadonlyArray<string | number>) {
      if (typeof word === "number") channel = word;
      else if (word in MODES) rpcMode = MODES[word] as RpcMode;
      else if (word in TRANSFERS) transferMode = TRANSFERS[word] as TransferMode;
      else if (word === "call_local" || word === "call_remote") callLocal = word === "call_local";
      else
        bad(
          `unknown word "${word}" (use authority/any_peer, call_local/call_remote, reliable/unreliable/unreliable_ordered, a channel)`,
        );
    }
  } else if (input !== null && typeof input === "object") {
    const config = input as Exclude<RpcConfigInput, ReadonlyArray<string | number>>;
    if (config.rpcMode !== undefined) {
      const mode = typeof config.rpcMode === "string" ? MODES[config.rpcMode] : config.rpcMode;
      if (mode === undefined || ![0, 1, 2].includes(mode)) bad(`rpcMode ${String(config.rpcMode)}`);
      rpcMode = mode as RpcMode;
    }
    if (config.transferMode !== undefined) {
      const mode = typeof config.transferMode === "string" ? TRANSFERS[config.transferMode] : config.transferMode;
      if (mode === undefined || ![0, 1, 2].includes(mode)) bad(`transferMode ${String(config.transferMode)}`);
      transferMode = mode as TransferMode;
    }
    callLocal = Boolean(config.callLocal);
    channel = config.channel ?? 0;
  } else {
    bad("expected @rpc-style arguments or an object");
  }
  if (!Number.isInteger(channel) || channel < 0 || channel > 255) bad(`channel ${channel}`);
  return { rpcMode, callLocal, transferMode, channel };
}
