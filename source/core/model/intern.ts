/** Most distinct strings interned; the table is emptied when it fills (the values repeat, so that is rare). */
export const MAX_INTERNED = 4096;
const table = new Map<string, string>();

/**
 * Returns one shared copy of a short, much-repeated wire string (workflow id, worker id, queue type, model).
 * JSON.parse hands out a fresh copy per event; kept in execution state, each copy would survive young
 * collections and be promoted, thousands of times over, for a handful of distinct values.
 */
export function intern(s: string): string {
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  if (table.size >= MAX_INTERNED) table.clear();
  table.set(s, s);
  return s;
}

/** Number of interned strings (for tests of the cap). */
export function internedCount(): number {
  return table.size;
}
