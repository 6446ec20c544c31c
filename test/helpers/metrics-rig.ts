import { PromMetrics, type ExposedFamily } from '../../source/core/metrics/prom-registry.js';
import type { CappedLabel } from '../../source/core/metrics/metric-catalogue.js';
import { SeriesStore } from '../../source/core/metrics/series-store.js';

/** A series store and the registry that serialises it, as the metrics sink pairs them, for tests that feed effects by hand. */
export function metricsRig(options: { processMetrics?: boolean; labelCaps?: Partial<Record<CappedLabel, number>>; families?: () => readonly ExposedFamily[] } = {}) {
  const series = new SeriesStore({ startedAt: 0, labelCaps: options.labelCaps });
  const prom = new PromMetrics({ read: (key) => series.read(key), families: options.families, processMetrics: options.processMetrics ?? false });
  return { series, prom };
}
