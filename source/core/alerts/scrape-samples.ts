import type { Labels, VectorSample } from './promql/types.js';
import { METRICS, type MetricKey } from '../metrics/metric-catalogue.js';
import type { SeriesReading } from '../metrics/series-reads.js';

/** A catalogue metric the series store keeps (all but ALERTS). */
type ReadMetric = Exclude<MetricKey, 'alerts'>;

/** The exposed label sets of one series reading, built once and handed over again every tick. */
interface ExposedLabels {
  readonly name: string;
  readonly histogram: boolean;
  /** A counter's or gauge's labels, or a histogram's `_count`. */
  readonly plain: Labels;
  readonly sum: Labels;
  /** A histogram's `_bucket` labels, by bucket index. */
  readonly buckets: Labels[];
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
    };
    exposedCache.set(labels, e);
  }
  return e;
}

function bucketLabels(e: ExposedLabels, labels: Labels, i: number, le: number): Labels {
  const text = le === Infinity ? '+Inf' : String(le);
  let out = e.buckets[i];
  if (out === undefined || out.le !== text) e.buckets[i] = out = { __name__: `${e.name}_bucket`, ...labels, le: text };
  return out;
}

/**
 * Every catalogue series as a scrape of /metrics at this moment shows it, one sample per exposed line:
 * counters and gauges by name, histograms as `_bucket{le}` (cumulative, `+Inf` last), `_sum` and `_count`.
 * The alert engine appends these to its sample store each evaluation, so rules see what Prometheus would
 * scrape (the `le` values are written as the exposition writes them). A series gets the same label objects
 * every call.
 */
export function scrapeSamples(read: (key: ReadMetric) => readonly SeriesReading[]): VectorSample[] {
  const out: VectorSample[] = [];
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    if (key === 'alerts') continue;
    const { name, type } = METRICS[key];
    for (const r of read(key)) {
      const histogram = type === 'histogram' && r.buckets !== undefined;
      const e = exposedLabels(name, histogram, r.labels);
      if (!histogram || !r.buckets) {
        out.push({ labels: e.plain, v: r.value });
        continue;
      }
      r.buckets.forEach((b, i) => out.push({ labels: bucketLabels(e, r.labels, i, b.le), v: b.count }));
      out.push({ labels: e.sum, v: r.sum ?? 0 });
      out.push({ labels: e.plain, v: r.value });
    }
  }
  return out;
}
