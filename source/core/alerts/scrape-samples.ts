import type { VectorSample } from './promql/types.js';
import { METRICS, type MetricKey } from '../metrics/metric-catalogue.js';
import type { SeriesReading } from '../metrics/series-reads.js';

/** A catalogue metric the series store keeps (all but ALERTS). */
type ReadMetric = Exclude<MetricKey, 'alerts'>;

/**
 * Every catalogue series as a scrape of /metrics at this moment shows it, one sample per exposed line:
 * counters and gauges by name, histograms as `_bucket{le}` (cumulative, `+Inf` last), `_sum` and `_count`.
 * The alert engine appends these to its sample store each evaluation, so rules see what Prometheus would
 * scrape (the `le` values are written as the exposition writes them).
 */
export function scrapeSamples(read: (key: ReadMetric) => readonly SeriesReading[]): VectorSample[] {
  const out: VectorSample[] = [];
  for (const key of Object.keys(METRICS) as MetricKey[]) {
    if (key === 'alerts') continue;
    const { name, type } = METRICS[key];
    for (const r of read(key)) {
      if (type !== 'histogram' || !r.buckets) {
        out.push({ labels: { __name__: name, ...r.labels }, v: r.value });
        continue;
      }
      for (const b of r.buckets) out.push({ labels: { __name__: `${name}_bucket`, ...r.labels, le: b.le === Infinity ? '+Inf' : String(b.le) }, v: b.count });
      out.push({ labels: { __name__: `${name}_sum`, ...r.labels }, v: r.sum ?? 0 });
      out.push({ labels: { __name__: `${name}_count`, ...r.labels }, v: r.value });
    }
  }
  return out;
}
