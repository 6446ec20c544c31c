import type { MetricType } from './metric-catalogue.js';

/**
 * One labelled series of the series store: its current value (a counter's or gauge's value, a histogram's
 * bucket counts, sum and count) and, once it has one, its history: a ring of fixed time steps, each holding
 * what was added in that step (counters, histograms) or the last value seen in it (gauges).
 */
export class Series {
  /** Counter or gauge value. */
  value = 0;
  /** Histogram only: observations per bucket (not cumulative), one per bound and `+Inf` last. */
  readonly buckets: Float64Array | undefined;
  /** Histogram only. */
  sum = 0;
  count = 0;
  /** `steps` rows of `width` values, addressed by step index modulo `steps`; undefined until the first write it keeps. */
  history: Float64Array | undefined;
  /** The newest step index the history holds (rows older than `newest - steps` have been reused). */
  newest = -Infinity;
  /** True once the store's caps refused this series a history: it keeps its value, not its past. */
  historyRefused = false;
  /** True once written to: like a scrape, the store lists a series from its first increment, observation or set. */
  listed = false;
  /** Values per history row: 1, or a histogram's buckets then its sum. */
  readonly width: number;
  /** What a row holds when nothing happened in its step: nothing added (0), or no gauge sample (NaN). */
  readonly empty: number;

  constructor(
    /** The catalogue key of the metric it belongs to. */
    readonly metric: string,
    /** Its key within the metric: the label values joined. */
    readonly id: string,
    readonly labels: Readonly<Record<string, string>>,
    readonly type: MetricType,
    readonly bounds: readonly number[] = [],
  ) {
    this.buckets = type === 'histogram' ? new Float64Array(bounds.length + 1) : undefined;
    this.width = type === 'histogram' ? bounds.length + 2 : 1;
    this.empty = type === 'gauge' ? NaN : 0;
  }

  /** The bucket an observation falls in (the first bound it does not exceed, else `+Inf`). */
  bucketOf(value: number): number {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    return i;
  }

  /**
   * The history row for step `idx`, moving the ring forward when `idx` is newer than anything held (the
   * rows skipped over are emptied); -1 when `idx` is older than the ring holds.
   */
  row(idx: number, steps: number): number {
    const h = this.history!;
    if (idx > this.newest) {
      const w = this.width;
      if (idx - this.newest >= steps) h.fill(this.empty);
      else for (let k = this.newest + 1; k <= idx; k++) h.fill(this.empty, (k % steps) * w, (k % steps) * w + w);
      this.newest = idx;
    } else if (idx <= this.newest - steps) {
      return -1;
    }
    return (idx % steps) * this.width;
  }

  /** Column `col` of the row for step `idx`, or what an empty row holds when the ring has nothing for it. */
  at(idx: number, steps: number, col: number): number {
    if (!this.history || idx > this.newest || idx <= this.newest - steps) return this.empty;
    return this.history[(idx % steps) * this.width + col]!;
  }
}
