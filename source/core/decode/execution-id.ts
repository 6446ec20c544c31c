// Execution ids arrive in three spellings: `exec_` + 32 hex (URLs, CLI, spans), a hyphenated UUID (every JSON
// body the runtime sends) and bare 32 hex. Everything inside jamjet-top uses the `exec_` form. This is on the
// decode hot path (once per event), so it scans char codes by hand instead of allocating via regex/replace,
// and memoises: a busy stream repeats the same few execution ids on every event.

const PREFIX = 'exec_';
/** Most distinct raw ids memoised; the memo is emptied when it fills (ids churn slowly, so that is rare). */
export const EXECUTION_ID_CACHE_MAX = 4096;
const cache = new Map<string, string>();
/**
 * Slots of the direct-mapped front cache. Each raw id from JSON.parse is a fresh string, so a Map lookup
 * hashes all its 36 chars every time; a slot picked from three chars plus one string compare is ~4x cheaper.
 */
export const EXECUTION_ID_FRONT_SLOTS = 256;
const frontRaw: (string | undefined)[] = new Array<string | undefined>(EXECUTION_ID_FRONT_SLOTS).fill(undefined);
const frontNorm: string[] = new Array<string>(EXECUTION_ID_FRONT_SLOTS).fill('');

/** The front-cache slot of a raw id of 32+ chars: its last chars are random hex in every accepted spelling. */
function slotOf(raw: string): number {
  const n = raw.length;
  return (raw.charCodeAt(n - 1) * 7 + raw.charCodeAt(n - 2) * 131 + raw.charCodeAt(n - 3) * 17) & (EXECUTION_ID_FRONT_SLOTS - 1);
}

/** Positions of the four hyphens in a hyphenated UUID. */
const HYPHENS = [8, 13, 18, 23] as const;

/** Whether a char code is a hex digit (either case). */
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Whether a char code is an uppercase hex letter. */
function isUpperHex(c: number): boolean {
  return c >= 65 && c <= 70;
}

/** Whether `raw` starts with `exec_`, in any case. */
function hasPrefix(raw: string): boolean {
  if (raw.length < 5) return false;
  return raw.slice(0, 5).toLowerCase() === PREFIX;
}

/**
 * Joins parts into one flat string. `+` builds a tree of cons strings (and slices that pin the raw input),
 * ~220 bytes per id that every execution, tombstone and Map key then keeps; join() copies into 52.
 */
function flat(...parts: string[]): string {
  return parts.join('');
}

/** Normalises 32 hex digits found at `start` (bare) to `exec_` + lowercase hex, or undefined. */
function fromBare(raw: string, start: number, canReuse: boolean): string | undefined {
  let upper = false;
  for (let i = start; i < start + 32; i++) {
    const c = raw.charCodeAt(i);
    if (!isHex(c)) return undefined;
    if (isUpperHex(c)) upper = true;
  }
  // Already canonical: return the very same string (no allocation).
  if (canReuse && !upper) return raw;
  const hex = raw.slice(start, start + 32);
  return flat(PREFIX, upper ? hex.toLowerCase() : hex);
}

/** Normalises a hyphenated UUID found at `start` to `exec_` + 32 lowercase hex, or undefined. */
function fromHyphenated(raw: string, start: number): string | undefined {
  let h = 0;
  let upper = false;
  for (let i = 0; i < 36; i++) {
    const c = raw.charCodeAt(start + i);
    if (i === HYPHENS[h]) {
      if (c !== 45) return undefined;
      h++;
    } else if (!isHex(c)) {
      return undefined;
    } else if (isUpperHex(c)) {
      upper = true;
    }
  }
  const s = start;
  const hex = flat(raw.slice(s, s + 8), raw.slice(s + 9, s + 13), raw.slice(s + 14, s + 18), raw.slice(s + 19, s + 23), raw.slice(s + 24, s + 36));
  return upper ? flat(PREFIX, hex.toLowerCase()) : flat(PREFIX, hex);
}

/** Returns `exec_` + 32 lowercase hex for any accepted spelling of an execution id, else undefined. */
export function normaliseExecutionId(raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  if (raw.length < 32) return undefined;
  const slot = slotOf(raw);
  if (frontRaw[slot] === raw) return frontNorm[slot];
  let norm = cache.get(raw);
  if (norm === undefined) {
    norm = parse(raw);
    if (norm === undefined) return undefined;
    // Only valid ids are memoised, so junk input cannot evict them.
    if (cache.size >= EXECUTION_ID_CACHE_MAX) cache.clear();
    cache.set(raw, norm);
  }
  frontRaw[slot] = raw;
  frontNorm[slot] = norm;
  return norm;
}

/** Number of memoised ids (for tests of the cap). */
export function executionIdCacheSize(): number {
  return cache.size;
}

/** Parses one spelling by length; see normaliseExecutionId. */
function parse(raw: string): string | undefined {
  switch (raw.length) {
    case 32: return fromBare(raw, 0, false);
    case 36: return fromHyphenated(raw, 0);
    case 37: return hasPrefix(raw) ? fromBare(raw, 5, raw.charCodeAt(0) === 101 && raw.slice(0, 5) === PREFIX) : undefined;
    case 41: return hasPrefix(raw) ? fromHyphenated(raw, 5) : undefined;
    default: return undefined;
  }
}

/** Returns the hyphenated lowercase UUID form of an execution id (for REST bodies), or the input unchanged if it is not one. */
export function toHyphenatedUuid(execId: string): string {
  const norm = normaliseExecutionId(execId);
  if (norm === undefined) return execId;
  const h = norm.slice(5);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
