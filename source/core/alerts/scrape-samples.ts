import type { Labels, VectorSample } from './promql/types.js';
import { METRICS, type MetricKey } from '../metrics/metric-catalogue.js';


/** A catalogue metric the series store keeps (all but ALERTS). */
type ReadMetric = Exclude<MetricKey, 'alerts'>;

/** One metric's series as the series store keeps them (SeriesStore.scan), and its bucket bounds. */
export interface ScrapeFamily {
  readonly series: Iterable<{ readonly labels: Labels; readonly value: number; readonly count: number; readonly sum: number; readonly buckets: ArrayLike<number> | undefined }>;
  readonly bounds: readonly number[];
}

/** The exposed label sets of one series reading, built once and handed over again every tick. */
interface ExposedLabels {
  readonly name: string;
  readonly histogram: boolean;
  /** A counter's or gauge's labels, or a histogram's `_count`. */
  readonly plain: Labels;
  readonly sum: Labels;
  /** A histogram's `_bucket` labels, by bucket index, and the bound each was made for. */
  readonly buckets: Labels[];
  readonly bounds: number[];
}

/**
 * By the series store's label object (one frozen object per series, for its life): reusing the exposed
 * label objects lets the sample store recognise a series by identity instead of building its key per tick.
 */
const exposedCache = new WeakMap<Labels, ExposedLabels>();

function exposedLabels(name: string, histogram: boolean, labels: Labels): ExposedLabels {
  let e = exposedCache.get(labels);
  if (e === undefined || e.name !== name || e.histogram !== histogram) {
    e = {
      name,
      histogram,
      plain: { __name__: histogram ? `${name}_count` : name, ...labels },
      sum: { __name__: `${name}_sum`, ...labels },
      buckets: [],
      bounds: [],
    };
    exposedCache.set(labels, e);
  }
  return e;
}

function bucketLabels(e: ExposedLabels, labels: Labels, i: number, le: number): Labels {
  const out = e.buckets[i];
  if (out !== undefined && e.bounds[i] === le) return out;
  e.bounds[i] = le;
  return (e.buckets[i] = { __name__: `${e.name}_bucket`, ...labels, le: le === Infinity ? '+Inf' : String(le) });
}

/**
 * Every catalogue series as a scrape of /metrics at this moment shows it, one sample per exposed line:
 * counters and gauges by name, histograms as `_bucket{le}` (cumulative, `+Inf` last), `_sum` and `_count`.
 * The alert engine appends these to its sample store each evaluation, so rules see what Prometheus would
 * scrape (the `le` values are written as the exposition writes them). A series gets the same label objects
 * every call.
 */
export function scrapeSamples(scan: (key: ReadMetric) => ScrapeFamily): VectorSample[] {
  const out: VectorSample[] = [];
  emitScrape(scan, (labels, v) => out.push({ labels, v }));
  return out;
}

/** {@link scrapeSamples} as calls, one per sample, with no sample objects (what the alert engine appends). */
export function emitScrape(scan: (key: ReadMetric) => ScrapeFamily, add: (labels: Labels, v: number) => void): void {
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    if (key === 'alerts') continue;
    const { name, type } = METRICS[key];
    const { series, bounds } = scan(key);
    for (const s of series) {
      const histogram = type === 'histogram' && s.buckets !== undefined;
      const e = exposedLabels(name, histogram, s.labels);
      if (!histogram || !s.buckets) {
        add(e.plain, s.value);
        continue;
      }
      // Cumulative, as the exposition writes buckets; one past the bounds is +Inf.
      let cumulative = 0;
      for (let i = 0; i < s.buckets.length; i++) {
        cumulative += s.buckets[i]!;
        add(bucketLabels(e, s.labels, i, bounds[i] ?? Infinity), cumulative);
      }
      add(e.sum, s.sum);
      add(e.plain, s.count);
    }
  }
}
