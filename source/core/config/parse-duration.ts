// Durations as operators write them in Prometheus and systemd: a number and a unit, optionally chained
// from the largest unit down ("1h30m"). A bare number is rejected: "250" could mean ms or s, and a
// config that guesses wrong is worse than one that refuses.

const UNIT_MS: Readonly<Record<string, number>> = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
};
const UNIT_ORDER = ['w', 'd', 'h', 'm', 's', 'ms'];
const PART = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/y;

/** Parses a duration such as "250ms", "15s", "5m", "12h", "7d", "2w" or "1h30m" into milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let lastUnit = -1;
  while (PART.lastIndex < s.length) {
    const start = PART.lastIndex;
    const m = PART.exec(s);
    if (m === null || m.index !== start) return undefined;
    const unit = m[2] as string;
    const order = UNIT_ORDER.indexOf(unit);
    // Units must go strictly from larger to smaller, so "5m1h" and "1s1s" are typos, not sums.
    if (order <= lastUnit) return undefined;
    lastUnit = order;
    total += Number(m[1]) * (UNIT_MS[unit] as number);
  }
  const ms = Math.round(total);
  return Number.isSafeInteger(ms) ? ms : undefined;
}
