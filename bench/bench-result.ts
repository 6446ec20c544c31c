/** One row of bench/results.json (contract: name, value, unit, better, baseline, ratio). */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** The same work done by the reference the name says, measured in the same run. */
  readonly baseline: number;
  /** value / baseline. */
  readonly ratio: number;
  /** The target the issue sets, in words, and whether this run met it. */
  readonly target?: string;
  readonly met?: boolean;
  /**
   * For a figure measured as paired runs (see {@link pairedResult}): how many pairs, and the lowest and highest
   * per-pair ratio. `ratio` is then the median of the per-pair ratios, `value` and `baseline` the medians.
   */
  readonly runs?: number;
  readonly ratioMin?: number;
  readonly ratioMax?: number;
}

/** Builds a result row, computing the ratio. */
export function result(
  name: string, value: number, unit: string, better: 'higher' | 'lower', baseline: number,
  target?: { text: string; met: boolean },
): BenchResult {
  return {
    name, value: round(value), unit, better, baseline: round(baseline),
    ratio: baseline === 0 ? 0 : round(value / baseline),
    ...(target ? { target: target.text, met: target.met } : {}),
  };
}

/** One run of the measured work and one of its baseline, taken back to back. */
export interface Pair {
  readonly value: number;
  readonly baseline: number;
}

/**
 * Builds a result row from paired runs: each pair is the work and its baseline measured back to back, so a
 * slowdown from other work on the machine hits both alike; the row reports the medians, and the median
 * per-pair ratio with the lowest and highest. `target` is given the median ratio.
 */
export function pairedResult(
  name: string, unit: string, better: 'higher' | 'lower', pairs: readonly Pair[],
  target?: { text: string; met: (ratio: number, value: number) => boolean },
): BenchResult {
  const ratios = pairs.map((p) => (p.baseline === 0 ? 0 : p.value / p.baseline));
  const ratio = median(ratios);
  const value = median(pairs.map((p) => p.value));
  return {
    name, value: round(value), unit, better, baseline: round(median(pairs.map((p) => p.baseline))),
    ratio: round(ratio),
    ...(target ? { target: target.text, met: target.met(ratio, value) } : {}),
    runs: pairs.length, ratioMin: round(Math.min(...ratios)), ratioMax: round(Math.max(...ratios)),
  };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

/** Milliseconds elapsed while running `fn` (high-resolution). */
export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
