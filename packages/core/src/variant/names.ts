// Godot's name types: StringName (4.x Variant type) and NodePath.

import { GdnetError } from "../gdnet-error.js";

/**
 * Godot 4 `StringName`. Sent like a String but with its own type id, so a receiving script sees
 * a StringName (`&"name"`). Godot 3 has no StringName Variant type.
 */
export class StringName {
  readonly value: string;

  constructor(value: string = "") {
    this.value = value;
  }

  equals(other: unknown): boolean {
    return other instanceof StringName && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }
}

/**
 * Godot `NodePath`: node names separated by `/`, then property subnames each after a `:`;
 * absolute paths start with `/`. `NodePath.parse("Game/Player:position:x")` has names
 * `["Game", "Player"]` and subnames `["position", "x"]`.
 */
export class NodePath {
  readonly names: readonly string[];
  readonly subnames: readonly string[];
  readonly absolute: boolean;

  constructor(names: readonly string[] = [], subnames: readonly string[] = [], absolute: boolean = false) {
    this.names = Object.freeze([...names]);
    this.subnames = Object.freeze([...subnames]);
    this.absolute = absolute;
  }

  /**
   * Parses a path the way Godot's `NodePath(String)` constructor does (core/string/node_path.cpp):
   * a leading `/` makes it absolute; empty names between slashes are dropped (`"a//b"` is `a/b`);
   * everything after the first `:` is `:`-separated subnames, where one trailing `:` is allowed
   * but an empty subname elsewhere is invalid (ERR_INVALID_PARAMETER).
   */
  static parse(path: string): NodePath {
    const absolute = path.startsWith("/");
    let namePart = path;
    const subnames: string[] = [];
    const colon = path.indexOf(":");
    if (colon !== -1) {
      namePart = path.slice(0, colon);
      const pieces = path.slice(colon + 1).split(":");
      pieces.forEach((piece, i) => {
        if (piece !== "") subnames.push(piece);
        else if (i !== pieces.length - 1) throw new GdnetError("ERR_INVALID_PARAMETER", `Invalid NodePath '${path}'.`);
      });
    }
    const names = namePart.split("/").filter((name) => name !== "");
    return new NodePath(names, subnames, absolute);
  }

  /** True for the empty path (no names, no subnames, not absolute), like `NodePath.is_empty()`. */
  isEmpty(): boolean {
    return !this.absolute && this.names.length === 0 && this.subnames.length === 0;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof NodePath &&
      other.absolute === this.absolute &&
      sameStrings(other.names, this.names) &&
      sameStrings(other.subnames, this.subnames)
    );
  }

  /** The path as Godot prints it: `/` before an absolute path, names joined by `/`, `:` before each subname. */
  toString(): string {
    let text = this.absolute ? `/${this.names.join("/")}` : this.names.join("/");
    for (const subname of this.subnames) text += `:${subname}`;
    return text;
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
