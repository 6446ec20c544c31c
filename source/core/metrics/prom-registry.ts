// The one file that imports prom-client (eslint enforces it): a swap of the metrics library is a
// one-file change. prom-client is the exposition here, not the bookkeeping: every catalogue metric is
// read at scrape time from the series store (the one place effects are counted), and the families other
// parts own (ALERTS, ALERTS_FOR_STATE, recording rules, the notifier's counters) from their providers.
// Names, help texts, labels and bucket bounds all come from metric-catalogue.ts.
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { RegistryContentType } from 'prom-client';
import { METRICS, type MetricKey, type MetricType } from './metric-catalogue.js';
import type { SeriesReading } from './series-reads.js';

/** Content types of the two exposition formats. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_CONTENT_TYPE = Registry.OPENMETRICS_CONTENT_TYPE;

/** A rendered scrape body. */
export interface RenderedMetrics {
  readonly contentType: string;
  /**
   * The body as prom-client serialised it, one part per metric family with the separators between them: a server
   * writes them out in order, never joining them into one string (that copy is most of a scrape's cost beyond the
   * serialisation itself).
   */
  readonly parts: readonly string[];
  /** The parts joined (readers that want the whole text). */
  readonly body: string;
}

/**
 * prom-client's serialisation of one metric family, the method its `registry.metrics()` joins the results of. It
 * is not in prom-client's typings; where an upgrade drops it, the scrape falls back to `registry.metrics()`.
 */
type FamilySerialiser = (metric: unknown) => Promise<string>;

function rendered(contentType: string, parts: readonly string[]): RenderedMetrics {
  let body: string | undefined;
  return { contentType, parts, get body() { return (body ??= parts.join('')); } };
}

/** One series of a family owned outside the catalogue's bookkeeping. */
export interface ExposedSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family another part of the core owns and hands over at scrape time (ALERTS, a recording rule…). */
export interface ExposedFamily {
  readonly name: string;
  readonly help: string;
  readonly type: Exclude<MetricType, 'histogram'>;
  readonly series: readonly ExposedSeries[];
}

/** The catalogue's metrics the series store keeps: all but ALERTS, which is the alert engine's. */
export type ReadMetric = Exclude<MetricKey, 'alerts'>;

/** Options for {@link PromMetrics}. */
export interface PromMetricsOptions {
  /** A catalogue metric's series as they stand, read at scrape time (the series store's `read`). */
  readonly read: (key: ReadMetric) => readonly SeriesReading[];
  /** Families owned elsewhere, read at scrape time; ALERTS among them takes the catalogue's place. */
  readonly families?: () => readonly ExposedFamily[];
  /** prom-client's process_* / nodejs_* metrics (default true). */
  readonly processMetrics?: boolean;
}

/** prom-client default metrics left out because their names break Prometheus's naming rules. */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** One sample as prom-client's serialiser takes it. */
interface VendorValue {
  labels: Readonly<Record<string, string | number>>;
  value: number;
  metricName?: string;
}

/** What prom-client's registry calls on a metric: its name (which it renames in place for OpenMetrics) and get(). */
interface VendorMetric {
  name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly aggregator: 'sum';
  get(): Promise<{ name: string; help: string; type: MetricType; aggregator: 'sum'; values: VendorValue[] }>;
  reset(): void;
}

/** A prom-client metric whose samples are computed at scrape time. */
function vendorMetric(name: string, help: string, type: MetricType, values: () => VendorValue[]): VendorMetric {
  const metric: VendorMetric = {
    name, help, type, aggregator: 'sum',
    get: () => Promise.resolve({ name: metric.name, help, type, aggregator: 'sum', values: values() }),
    reset: () => undefined,
  };
  return metric;
}

/** A series store reading as prom-client samples: the value, or a histogram's cumulative buckets, sum and count. */
function readingValues(name: string, type: MetricType, readings: readonly SeriesReading[]): VendorValue[] {
  // The store's frozen label objects go to prom-client as they are (it only reads them): no copy per series per scrape.
  const out: VendorValue[] = [];
  for (const r of readings) {
    if (type !== 'histogram' || !r.buckets) {
      out.push({ labels: r.labels, value: r.value });
      continue;
    }
    for (const b of r.buckets) out.push({ labels: { ...r.labels, le: b.le === Infinity ? '+Inf' : b.le }, value: b.count, metricName: `${name}_bucket` });
    out.push({ labels: r.labels, value: r.sum ?? 0, metricName: `${name}_sum` });
    out.push({ labels: r.labels, value: r.value, metricName: `${name}_count` });
  }
  return out;
}

/** A family's series with only valid label names (a rule may template anything; the exposition must parse). */
function familyValues(family: ExposedFamily | undefined): VendorValue[] {
  if (!family) return [];
  return family.series.map((s) => {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) if (LABEL_NAME.test(k) && !k.startsWith('__')) labels[k] = v;
    return { labels, value: s.value };
  });
}

/**
 * The /metrics exposition: the contract's jamjet_* metrics and the tool's jamjet_top_* health in the
 * catalogue's order, then the families other parts own, then prom-client's process metrics.
 */
export class PromMetrics {
  private readonly registry = new Registry<RegistryContentType>();
  private readonly families: () => readonly ExposedFamily[];
  /** The families registered at the last scrape beyond the catalogue, by name. */
  private readonly dynamic = new Map<string, VendorMetric>();
  private current = new Map<string, ExposedFamily>();
  private renderChain: Promise<unknown> = Promise.resolve();

  constructor(options: PromMetricsOptions) {
    this.families = options.families ?? (() => []);
    for (const [key, spec] of Object.entries(METRICS) as [MetricKey, (typeof METRICS)[MetricKey]][]) {
      const metric = key === 'alerts'
        ? vendorMetric(spec.name, spec.help, spec.type, () => familyValues(this.current.get(spec.name)))
        : vendorMetric(spec.name, spec.help, spec.type, () => readingValues(spec.name, spec.type, options.read(key)));
      this.registry.registerMetric(metric as never);
    }
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // prom-client names these gauges `_total`, which promtool rejects (only counters end in _total).
      for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(name);
    }
  }

  /** The scrape body: Prometheus text format 0.0.4, or OpenMetrics 1.0 when asked. */
  render(openMetrics: boolean): Promise<RenderedMetrics> {
    return this.serialised(() => {
      this.syncFamilies();
      const contentType = openMetrics ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE;
      return this.inFormat(openMetrics, async () => rendered(contentType, await this.serialise(openMetrics)));
    });
  }

  /**
   * prom-client's own serialisation of this registry, `registry.metrics()` untouched: the baseline the scrape benchmark
   * compares against (text), and what tests hold {@link render} to in both formats.
   */
  vendorSerialise(openMetrics = false): Promise<string> {
    if (!openMetrics) {
      this.syncFamilies();
      return this.registry.metrics();
    }
    return this.serialised(() => {
      this.syncFamilies();
      return this.inFormat(true, () => this.registry.metrics());
    });
  }

  /** Runs `fn` after every render before it: the OpenMetrics path switches the registry's format for its duration. */
  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.renderChain.then(fn, fn);
    this.renderChain = result.catch(() => undefined);
    return result;
  }

  /** Runs `fn` with the registry set to the format, then puts the text format and the metric names back. */
  private async inFormat<T>(openMetrics: boolean, fn: () => Promise<T>): Promise<T> {
    if (!openMetrics) return fn();
    // prom-client strips `_total` from counter names in place for OpenMetrics and never puts it back
    // (the next text scrape would say `jamjet_executions`): remember the names and restore them.
    const names = this.registry.getMetricsAsArray().map((m) => [m, m.name] as const);
    this.registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    try {
      return await fn();
    } finally {
      this.registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
      for (const [m, name] of names) (m as { name: string }).name = name;
    }
  }

  /**
   * What `registry.metrics()` returns, left in parts: prom-client serialises each family as it does there, and only
   * its last step, joining the families with blank lines (text) or newlines and `# EOF` (OpenMetrics), is left to
   * whoever writes the parts out. The registry's content type must already be the format's.
   */
  private async serialise(openMetrics: boolean): Promise<string[]> {
    const family = (this.registry as unknown as { getMetricsAsString?: FamilySerialiser }).getMetricsAsString;
    if (typeof family !== 'function') return [await this.registry.metrics()];
    const strings = await Promise.all(this.registry.getMetricsAsArray().map((m) => {
      // As registry.metrics() does: an OpenMetrics counter family is named without `_total`, its samples with it.
      if (openMetrics && String(m.type) === 'counter') (m as { name: string }).name = m.name.replace(/_total$/, '');
      return family.call(this.registry, m);
    }));
    const parts: string[] = [];
    for (let i = 0; i < strings.length; i++) {
      if (i > 0) parts.push(openMetrics ? '\n' : '\n\n');
      parts.push(strings[i]!);
    }
    parts.push(openMetrics ? '\n# EOF\n' : '\n');
    return parts;
  }

  /**
   * Reads the other parts' families once per scrape and registers the new ones; a family whose name is
   * invalid or is already a catalogue or process metric is left out (the registry would refuse it).
   */
  private syncFamilies(): void {
    this.current = new Map(this.families().map((f) => [f.name, f]));
    for (const [name, metric] of this.dynamic) {
      if (this.current.has(name)) continue;
      this.registry.removeSingleMetric(metric.name);
      this.dynamic.delete(name);
    }
    for (const family of this.current.values()) {
      if (family.name === METRICS.alerts.name || this.dynamic.has(family.name)) continue;
      if (!METRIC_NAME.test(family.name) || this.registry.getSingleMetric(family.name)) continue;
      const metric = vendorMetric(family.name, family.help, family.type, () => familyValues(this.current.get(family.name)));
      this.registry.registerMetric(metric as never);
      this.dynamic.set(family.name, metric);
    }
  }
}
