/** What the list needs from an item: its two links (owned by the list, never touched elsewhere). */
export interface ActiveLinks<T> {
  activePrev: T | undefined;
  activeNext: T | undefined;
}

/**
 * Running executions, least recently active first, as an intrusive doubly linked list. Re-inserting into a
 * Map on every event cost two hash operations per event; moving a node to the tail is a few pointer writes.
 */
export class ActiveList<T extends ActiveLinks<T>> {
  private head: T | undefined;
  private tail: T | undefined;
  private count = 0;

  /** Items in the list. */
  get size(): number {
    return this.count;
  }

  /** The least recently touched item. */
  first(): T | undefined {
    return this.head;
  }

  /** Whether `item` is in the list. */
  has(item: T): boolean {
    return item === this.head || item.activePrev !== undefined;
  }

  /** Adds `item` as the most recent, or moves it there. */
  touch(item: T): void {
    if (item === this.tail) return;
    if (this.has(item)) this.unlink(item);
    item.activePrev = this.tail;
    item.activeNext = undefined;
    if (this.tail === undefined) this.head = item;
    else this.tail.activeNext = item;
    this.tail = item;
    this.count++;
  }

  /** Takes `item` out of the list (no-op when it is not in it). */
  remove(item: T): void {
    if (this.has(item)) this.unlink(item);
  }

  /** Calls `fn` for each item, least recently touched first (`fn` must not add or remove items). */
  forEach(fn: (item: T) => void): void {
    for (let at = this.head; at !== undefined; at = at.activeNext) fn(at);
  }

  /** Items from least to most recently touched. */
  toArray(): T[] {
    const out: T[] = [];
    for (let at = this.head; at !== undefined; at = at.activeNext) out.push(at);
    return out;
  }

  private unlink(item: T): void {
    const { activePrev: prev, activeNext: next } = item;
    if (prev === undefined) this.head = next;
    else prev.activeNext = next;
    if (next === undefined) this.tail = prev;
    else next.activePrev = prev;
    item.activePrev = undefined;
    item.activeNext = undefined;
    this.count--;
  }
}
