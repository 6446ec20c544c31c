// Prometheus's duration syntax (`model.ParseDuration`): used by rule files for `interval`, `for` and
// `keep_firing_for`. Units largest first, each at most once, integers only; `0` alone is zero.

const UNIT_MS = { y: 365 * 24 * 3_600_000, w: 7 * 24 * 3_600_000, d: 24 * 3_600_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS = Object.values(UNIT_MS);
/** Go keeps durations in int64 nanoseconds: (2^63 - 1) ns, in whole ms. Prometheus refuses longer ones. */
const MAX_DURATION_MS = 9_223_372_036_854;

/** Parses a Prometheus duration (`1y2w3d4h5m6s7ms`, `0`) into ms; throws an Error saying what is wrong. */
export function parsePromDuration(text: string): number {
  if (text === '') throw new Error('empty duration string');
  if (text === '0') return 0;
  const m = DURATION.exec(text);
  if (!m) throw new Error(`not a valid duration string: ${JSON.stringify(text)}`);
  let ms = 0;
  UNITS.forEach((unit, i) => {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * unit;
  });
  if (ms > MAX_DURATION_MS) throw new Error(`duration out of range: ${JSON.stringify(text)}`);
  return ms;
}

/** Writes ms back as Prometheus prints a duration (`1h30m`, `2m`, `0s`): largest units first. */
export function formatPromDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
