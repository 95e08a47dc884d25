const scratch = new Uint32Array(1);

/**
 * Godot's `generate_unique_id`: a random 31-bit positive id that is never 0 (broadcast) nor
 * 1 (the server). `taken` lets a server avoid ids already in use.
 */
export function generateUniqueId(taken?: { has(id: number): boolean }): number {
  for (;;) {
    crypto.getRandomValues(scratch);
    const id = (scratch[0] as number) & 0x7fffffff;
    if (id > 1 && !taken?.has(id)) return id;
  }
}
