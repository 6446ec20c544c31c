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
 * Char codes of the id being built: `exec_` and 32 hex digits, filled in place. One String.fromCharCode makes
 * the id as one flat string: no slices, no cons strings (`+` builds a tree, ~220 bytes per id that every
 * execution, tombstone and Map key would keep), no arrays to join; only the 56-byte string itself.
 */
const idCodes: number[] = [101, 120, 101, 99, 95, ...new Array<number>(32).fill(48)];

/** Lowercases an ASCII hex digit's char code (0-9 and a-f pass through). */
function lowerHex(c: number): number {
  return c >= 65 && c <= 70 ? c + 32 : c;
}

/** Normalises 32 hex digits found at `start` (bare) to `exec_` + lowercase hex, or undefined. */
function fromBare(raw: string, start: number, canReuse: boolean): string | undefined {
  let upper = false;
  for (let i = 0; i < 32; i++) {
    const c = raw.charCodeAt(start + i);
    if (!isHex(c)) return undefined;
    if (isUpperHex(c)) upper = true;
    idCodes[5 + i] = lowerHex(c);
  }
  // Already canonical: return the very same string (no allocation).
  if (canReuse && !upper) return raw;
  return String.fromCharCode(...idCodes);
}

/** Normalises a hyphenated UUID found at `start` to `exec_` + 32 lowercase hex, or undefined. */
function fromHyphenated(raw: string, start: number): string | undefined {
  let h = 0;
  let at = 5;
  for (let i = 0; i < 36; i++) {
    const c = raw.charCodeAt(start + i);
    if (i === HYPHENS[h]) {
      if (c !== 45) return undefined;
      h++;
    } else if (!isHex(c)) {
      return undefined;
    } else {
      idCodes[at++] = lowerHex(c);
    }
  }
  return String.fromCharCode(...idCodes);
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
