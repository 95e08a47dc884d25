// Frozen: a push onto it by mistake throws instead of leaking items between queues.
const NO_ITEMS: unknown[] = Object.freeze<unknown[]>([]) as unknown[];

/** A first-in first-out list with O(1) amortized shift (an array and a moving head). */
export class Fifo<T> {
  // Shared until the first push: an idle connection keeps no array of its own.
  #items: T[] = NO_ITEMS as T[];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    if ((this.#items as unknown[]) === NO_ITEMS) this.#items = [item];
    else this.#items.push(item);
  }

  /** The oldest item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head] as T;
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = NO_ITEMS as T[];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      // Compact now and then instead of shifting the array on every call.
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  clear(): void {
    this.#items = NO_ITEMS as T[];
    this.#head = 0;
  }
}
