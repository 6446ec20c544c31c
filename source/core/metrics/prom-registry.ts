// The one file that imports prom-client (eslint enforces it): a swap of the metrics library is a
// one-file change. It maps the metric catalogue onto prom-client's collectors; every name, help text,
// label and bucket bound comes from metric-catalogue.ts. Everything else talks to PromMetrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RegistryContentType } from 'prom-client';
import type { ExecutionStates, ModelEffect } from '../model/types.js';
import { isTerminal } from '../model/lifecycle.js';
import type { SourceBatch, SourceStatus } from '../sources/event-source.js';
import { LabelCapper } from './label-capper.js';
import { EXECUTION_STATES, LABEL_CAPS, MAX_ALERT_SERIES, METRICS, closedLabelSets, type CappedLabel, type MetricSpec } from './metric-catalogue.js';

/** Content types of the two exposition formats. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_CONTENT_TYPE = Registry.OPENMETRICS_CONTENT_TYPE;

/** One active alert as the ALERTS gauge exposes it (value 1). */
export interface AlertSeries {
  readonly alertname: string;
  readonly alertstate: 'pending' | 'firing';
  /** The alert's own labels (rule labels plus the sample's labels). */
  readonly labels: Readonly<Record<string, string>>;
}

/** A rendered scrape body. */
export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

/** Options for {@link PromMetrics}. */
export interface PromMetricsOptions {
  /** Read at scrape time for jamjet_queue_depth: work items of executions that are not stale. */
  readonly queueDepth?: () => number;
  /** Read at scrape time for jamjet_top_executions. */
  readonly executionStates?: () => ExecutionStates;
  /** prom-client's process_* / nodejs_* metrics (default true). */
  readonly processMetrics?: boolean;
  /** Caps other than the catalogue's LABEL_CAPS (benchmarks and tests). */
  readonly labelCaps?: Partial<Record<CappedLabel, number>>;
}

interface ExecutionChildren {
  readonly count: Counter.Internal;
  readonly duration: Histogram.Internal<string>;
}

/** prom-client default metrics left out because their names break Prometheus's naming rules. */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type Registers = Registry<RegistryContentType>[];

function counterOf(spec: MetricSpec, registers: Registers): Counter<string> {
  const counter = new Counter({ name: spec.name, help: spec.help, labelNames: [...spec.labels], registers });
  // Known label values start at 0, so rate() and alerts see a series before its first increment.
  for (const labels of closedLabelSets(spec)) counter.inc(labels, 0);
  return counter;
}

function histogramOf(spec: MetricSpec, registers: Registers): Histogram<string> {
  return new Histogram({ name: spec.name, help: spec.help, labelNames: [...spec.labels], buckets: [...(spec.buckets ?? [])], registers });
}

function gaugeOf(spec: MetricSpec, registers: Registers, collect?: (this: Gauge<string>) => void): Gauge<string> {
  return new Gauge({ name: spec.name, help: spec.help, labelNames: [...spec.labels], registers, ...(collect ? { collect } : {}) });
}

/**
 * The Prometheus registry of the contract's jamjet_* metrics and the tool's jamjet_top_* health,
 * fed by the model's effects (once per applied event, so replays and reconnects never count twice).
 */
export class PromMetrics {
  private readonly registry = new Registry<RegistryContentType>();
  private readonly executions: Counter<string>;
  private readonly executionDuration: Histogram<string>;
  private readonly nodeDuration: Histogram<string>;
  private readonly tokens: Counter<string>;
  private readonly cost: Counter<string>;
  private readonly ingested: Counter<string>;
  private readonly applied: Counter<string>;
  private readonly rejected: Counter<string>;
  private readonly duplicates: Counter<string>;
  private readonly sourceUp: Gauge<string>;
  private readonly reconnects: Counter<string>;
  private readonly storeWrite: Histogram<string>;
  private readonly overflow: Counter<string>;

  private readonly workflowCap: LabelCapper;
  private readonly modelCap: LabelCapper;
  private readonly nodeKindCap: LabelCapper;
  private readonly sourceCap: LabelCapper;
  private readonly cappers: LabelCapper[];
  private readonly overflowSeen = new Map<LabelCapper, number>();

  // prom-client's labels() re-validates on every call: handles are cached once per distinct value.
  private readonly executionChildren = new Map<string, ExecutionChildren>();
  private readonly nodeChildren = new Map<string, Histogram.Internal<string>>();
  private readonly tokenChildren = new Map<string, { input: Counter.Internal; output: Counter.Internal; cost: Counter.Internal }>();
  private readonly sourceReconnectsSeen = new Map<string, number>();
  private duplicateTotalSeen = 0;
  private appliedTotalSeen = 0;
  private alerts: AlertSeries[] = [];
  private alertsLeftOut = 0;
  private renderChain: Promise<unknown> = Promise.resolve();

  constructor(options: PromMetricsOptions = {}) {
    const registers = [this.registry];
    const caps = { ...LABEL_CAPS, ...options.labelCaps };
    this.workflowCap = new LabelCapper('workflow_id', caps.workflow_id);
    this.modelCap = new LabelCapper('model', caps.model);
    this.nodeKindCap = new LabelCapper('node_kind', caps.node_kind);
    this.sourceCap = new LabelCapper('source', caps.source);
    this.cappers = [this.workflowCap, this.modelCap, this.nodeKindCap, this.sourceCap];

    // In the catalogue's order, which is the exposition's.
    this.executions = counterOf(METRICS.executions, registers);
    this.executionDuration = histogramOf(METRICS.executionDuration, registers);
    this.nodeDuration = histogramOf(METRICS.nodeDuration, registers);
    const queueDepth = options.queueDepth;
    gaugeOf(METRICS.queueDepth, registers, function collect() {
      this.set(queueDepth ? queueDepth() : 0);
    });
    this.tokens = counterOf(METRICS.tokens, registers);
    this.cost = counterOf(METRICS.cost, registers);
    this.registry.registerMetric(this.alertsMetric());

    this.ingested = counterOf(METRICS.eventsIngested, registers);
    this.applied = counterOf(METRICS.eventsApplied, registers);
    this.rejected = counterOf(METRICS.eventsRejected, registers);
    this.duplicates = counterOf(METRICS.eventsDuplicate, registers);
    this.sourceUp = gaugeOf(METRICS.sourceUp, registers);
    this.reconnects = counterOf(METRICS.sourceReconnects, registers);
    const executionStates = options.executionStates;
    gaugeOf(METRICS.executionStates, registers, function collect() {
      const states = executionStates?.();
      for (const state of EXECUTION_STATES) this.set({ state }, states?.[state] ?? 0);
    });
    this.storeWrite = histogramOf(METRICS.storeWrite, registers);
    this.overflow = counterOf(METRICS.labelOverflow, registers);

    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // prom-client names these gauges `_total`, which promtool rejects (only counters end in _total).
      for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(name);
    }
  }

  /** Applies the model's effects to the counters and histograms. */
  effects(effects: readonly ModelEffect[]): void {
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      switch (e.type) {
        case 'execution_ended': {
          if (!isTerminal(e.status)) break;
          const children = this.executionChild(this.workflowCap.map(e.workflowId), e.status);
          children.count.inc();
          // No start seen, no duration: the counter still counts it, the histogram cannot.
          if (e.durationMs !== undefined && Number.isFinite(e.durationMs)) children.duration.observe(Math.max(0, e.durationMs));
          break;
        }
        case 'attempt_ended': {
          // A skipped node never ran, so it has no attempt duration.
          if (e.status === 'skipped' || !Number.isFinite(e.durationMs)) break;
          this.nodeChild(this.nodeKindCap.map(e.nodeKind)).observe(Math.max(0, e.durationMs));
          break;
        }
        case 'tokens_used': {
          const child = this.tokenChild(this.modelCap.map(e.model));
          if (e.inputTokens > 0) child.input.inc(e.inputTokens);
          if (e.outputTokens > 0) child.output.inc(e.outputTokens);
          // Unpriced models have no cost: never guessed, never counted as zero.
          if (e.costUsd !== undefined && Number.isFinite(e.costUsd) && e.costUsd >= 0) child.cost.inc(e.costUsd);
          break;
        }
        default:
          break;
      }
    }
    this.syncOverflow();
  }

  /** Counts `count` events received from a source. */
  observeIngest(sourceId: string, count: number): void {
    if (count > 0) this.ingested.inc({ source: this.sourceCap.map(sourceId) }, count);
    this.syncOverflow();
  }

  /** Counts a source batch's events and its rejections by reason (wire it to the pipeline's onBatch). */
  observeBatch(batch: SourceBatch): void {
    this.observeIngest(batch.sourceId, batch.events.length);
    for (const r of batch.rejections) this.rejected.inc({ reason: r.reason });
  }

  /** Counts rejections by reason (reasons are a closed set, so no cap is needed). */
  observeRejected(reason: string, count = 1): void {
    if (count > 0) this.rejected.inc({ reason }, count);
  }

  /** Brings the duplicate counter up to the model's running total (a lower total is ignored: counters never go down). */
  observeDuplicateTotal(total: number): void {
    if (total > this.duplicateTotalSeen) {
      this.duplicates.inc(total - this.duplicateTotalSeen);
      this.duplicateTotalSeen = total;
    }
  }

  /** Brings jamjet_top_events_applied_total up to the model's running total (a lower total is ignored). */
  observeAppliedTotal(total: number): void {
    if (total > this.appliedTotalSeen) {
      this.applied.inc(total - this.appliedTotalSeen);
      this.appliedTotalSeen = total;
    }
  }

  /** Updates source_up and the reconnect counter from a source's status. */
  observeSourceStatus(status: SourceStatus): void {
    const source = this.sourceCap.map(status.id);
    this.sourceUp.set({ source }, status.state === 'connected' ? 1 : 0);
    const seen = this.sourceReconnectsSeen.get(status.id) ?? 0;
    if (status.reconnects > seen) this.reconnects.inc({ source }, status.reconnects - seen);
    else this.reconnects.inc({ source }, 0);
    this.sourceReconnectsSeen.set(status.id, Math.max(seen, status.reconnects));
    this.syncOverflow();
  }

  /** Records one batched store write. */
  observeStoreWrite(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.storeWrite.observe(seconds);
  }

  /** Replaces the ALERTS series with the currently pending and firing alerts. */
  setAlerts(alerts: readonly AlertSeries[]): void {
    const kept = alerts.slice(0, MAX_ALERT_SERIES);
    const leftOut = alerts.length - kept.length;
    if (leftOut > 0) {
      this.alertsLeftOut += leftOut;
      this.overflow.inc({ label: 'ALERTS' }, leftOut);
    }
    this.alerts = kept;
  }

  /** Observations reported as `other`, per capped label. */
  labelOverflow(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.cappers) out[c.label] = c.overflowed;
    out.ALERTS = this.alertsLeftOut;
    return out;
  }

  /** The scrape body: Prometheus text format 0.0.4, or OpenMetrics 1.0 when asked. */
  render(openMetrics: boolean): Promise<RenderedMetrics> {
    // Renders are serialised: the OpenMetrics path switches the registry's format for its duration.
    const run = () => this.renderNow(openMetrics);
    const result = this.renderChain.then(run, run);
    this.renderChain = result.catch(() => undefined);
    return result;
  }

  /** Same as {@link render}; the name the issue text uses. */
  metrics(openMetrics: boolean): Promise<RenderedMetrics> {
    return this.render(openMetrics);
  }

  /** prom-client's own serialisation of this registry, untouched: the baseline the scrape benchmark compares against. */
  vendorSerialise(): Promise<string> {
    return this.registry.metrics();
  }

  private async renderNow(openMetrics: boolean): Promise<RenderedMetrics> {
    if (!openMetrics) return { contentType: Registry.PROMETHEUS_CONTENT_TYPE, body: await this.registry.metrics() };
    // prom-client strips `_total` from counter names in place for OpenMetrics and never puts it back
    // (the next text scrape would say `jamjet_executions`): remember the names and restore them.
    const names = this.registry.getMetricsAsArray().map((m) => [m, m.name] as const);
    this.registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    try {
      return { contentType: Registry.OPENMETRICS_CONTENT_TYPE, body: await this.registry.metrics() };
    } finally {
      this.registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
      for (const [m, name] of names) (m as { name: string }).name = name;
    }
  }

  private executionChild(workflowId: string, status: string): ExecutionChildren {
    const key = `${workflowId}\u0000${status}`;
    let children = this.executionChildren.get(key);
    if (!children) {
      children = { count: this.executions.labels(workflowId, status), duration: this.executionDuration.labels(workflowId, status) };
      this.executionChildren.set(key, children);
    }
    return children;
  }

  private nodeChild(nodeKind: string): Histogram.Internal<string> {
    let child = this.nodeChildren.get(nodeKind);
    if (!child) {
      child = this.nodeDuration.labels(nodeKind);
      this.nodeChildren.set(nodeKind, child);
    }
    return child;
  }

  private tokenChild(model: string) {
    let child = this.tokenChildren.get(model);
    if (!child) {
      child = { input: this.tokens.labels(model, 'input'), output: this.tokens.labels(model, 'output'), cost: this.cost.labels(model) };
      this.tokenChildren.set(model, child);
    }
    return child;
  }

  private syncOverflow(): void {
    for (const c of this.cappers) {
      const seen = this.overflowSeen.get(c) ?? 0;
      if (c.overflowed > seen) {
        this.overflow.inc({ label: c.label }, c.overflowed - seen);
        this.overflowSeen.set(c, c.overflowed);
      }
    }
  }

  /** ALERTS has open-ended label names (each rule brings its own), which prom-client's Gauge cannot declare up front. */
  private alertsMetric(): Gauge<string> {
    const { name, help } = METRICS.alerts;
    const get = async () => ({
      name,
      help,
      type: 'gauge',
      aggregator: 'sum',
      values: this.alerts.map((a) => {
        const labels: Record<string, string> = {};
        for (const [k, v] of Object.entries(a.labels)) if (LABEL_NAME.test(k) && !k.startsWith('__')) labels[k] = v;
        labels.alertname = a.alertname;
        labels.alertstate = a.alertstate;
        return { labels, value: 1 };
      }),
    });
    return { name, help, type: 'gauge', aggregator: 'sum', get, reset: () => undefined } as unknown as Gauge<string>;
  }
}
