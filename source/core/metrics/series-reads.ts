import type { Series } from './series.js';

/** A label filter: each named label must have one of the values given. */
export type LabelMatch = Readonly<Record<string, string | readonly string[]>>;

/** Which number of a series to read: a counter's or gauge's value, a histogram's count, sum or cumulative bucket. */
export type SeriesField = 'value' | 'count' | 'sum' | { readonly le: number };

/** One series as it stands. */
export interface SeriesReading {
  readonly labels: Readonly<Record<string, string>>;
  /** Counter or gauge value; a histogram's count. */
  readonly value: number;
  readonly sum?: number | undefined;
  /** Histogram only: cumulative counts per upper bound, `+Inf` last (as a scrape shows them). */
  readonly buckets?: readonly { readonly le: number; readonly count: number }[] | undefined;
}

/** One series' samples over a range, oldest first: the value at the end of each whole step, then at `now`. */
export interface SeriesRange {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

/** Every series as it stands: a counter's or gauge's value, or a histogram's count, sum and cumulative buckets. */
export function readSeries(series: Iterable<Series>, bounds: readonly number[]): SeriesReading[] {
  return [...series].map((s) => {
    if (!s.buckets) return { labels: s.labels, value: s.value };
    let cumulative = 0;
    const buckets = [...s.buckets].map((n, i) => ({ le: bounds[i] ?? Infinity, count: (cumulative += n) }));
    return { labels: s.labels, value: s.count, sum: s.sum, buckets };
  });
}

/** What the matching series added in each step from `fromIdx` to `toIdx`, summed over them. */
export function stepIncreases(
  series: Iterable<Series>, bounds: readonly number[], steps: number, fromIdx: number, toIdx: number, match?: LabelMatch, field: SeriesField = 'value',
): number[] {
  const out = new Array<number>(Math.max(0, toIdx - fromIdx + 1)).fill(0);
  for (const s of series) {
    if (!s.history || (match && !matches(s.labels, match))) continue;
    const [first, last] = columns(s, bounds, field);
    for (let idx = Math.max(fromIdx, s.newest - steps + 1); idx <= Math.min(toIdx, s.newest); idx++) {
      for (let col = first; col <= last; col++) out[idx - fromIdx]! += s.at(idx, steps, col);
    }
  }
  return out;
}

/** The time range of {@link rangeOf} and the history it reads. */
export interface RangeWindow {
  readonly stepMs: number;
  readonly steps: number;
  readonly fromMs: number;
  readonly now: number;
  /** A gauge's rows hold samples, not additions. */
  readonly gauge: boolean;
}

/** The matching series' samples over a range, oldest first (see SeriesStore.range). */
export function rangeOf(series: Iterable<Series>, bounds: readonly number[], w: RangeWindow, match?: LabelMatch, field: SeriesField = 'value'): SeriesRange[] {
  const { stepMs, steps, fromMs, now } = w;
  const nowIdx = Math.floor(now / stepMs);
  const out: SeriesRange[] = [];
  for (const s of series) {
    if (match && !matches(s.labels, match)) continue;
    const [first, last] = columns(s, bounds, field);
    const current = currentValue(s, bounds, field);
    const points: { t: number; v: number }[] = [];
    if (s.history) {
      const oldest = Math.max(Math.ceil(fromMs / stepMs), s.newest - steps + 1, nowIdx - steps + 1);
      // Walk back from now, taking off what each step added, then put the points in time order.
      let v = current;
      for (let idx = Math.max(nowIdx, s.newest); idx >= oldest; idx--) {
        let row = 0;
        for (let col = first; col <= last; col++) row += s.at(idx, steps, col);
        if (w.gauge) {
          const end = (idx + 1) * stepMs;
          if (!Number.isNaN(row) && end < now) points.push({ t: end, v: row });
        } else {
          v -= row;
          if (idx * stepMs < now) points.push({ t: idx * stepMs, v });
        }
      }
      points.reverse();
    }
    if (fromMs <= now) points.push({ t: now, v: current });
    out.push({ labels: s.labels, points });
  }
  return out;
}

function matches(labels: Readonly<Record<string, string>>, match: LabelMatch): boolean {
  for (const [name, want] of Object.entries(match)) {
    const have = labels[name];
    if (have === undefined || (typeof want === 'string' ? have !== want : !want.includes(have))) return false;
  }
  return true;
}

/** The history columns a field sums: a value's one column, a histogram's buckets (all, or up to `le`), or its sum. */
function columns(s: Series, bounds: readonly number[], field: SeriesField): [number, number] {
  if (!s.buckets) return [0, 0];
  if (field === 'sum') return [s.width - 1, s.width - 1];
  if (field === 'value' || field === 'count') return [0, bounds.length];
  const upTo = bounds.findIndex((b) => b > field.le);
  return [0, upTo === -1 ? bounds.length : upTo - 1];
}

function currentValue(s: Series, bounds: readonly number[], field: SeriesField): number {
  if (!s.buckets) return s.value;
  if (field === 'sum') return s.sum;
  const [first, last] = columns(s, bounds, field);
  let n = 0;
  for (let i = first; i <= last; i++) n += s.buckets[i]!;
  return n;
}
