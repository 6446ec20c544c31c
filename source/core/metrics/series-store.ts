import type { ExecutionStates, ModelEffect } from '../model/types.js';
import { TERMINAL_STATUSES } from '../model/lifecycle.js';
import type { SourceBatch, SourceStatus } from '../sources/event-source.js';
import { LabelCapper } from './label-capper.js';
import { closedLabelSets, EXECUTION_STATES, LABEL_CAPS, METRICS, type CappedLabel, type MetricKey } from './metric-catalogue.js';
import { Series } from './series.js';
import { rangeOf, readSeries, stepIncreases, type LabelMatch, type SeriesField, type SeriesRange, type SeriesReading } from './series-reads.js';

export type { LabelMatch, SeriesField, SeriesRange, SeriesReading } from './series-reads.js';

/** Width of one history step: what a series keeps per step is what happened in it (5 s, the sparklines' sample). */
export const SERIES_STEP_MS = 5_000;
/** How far back each series' history reaches by default (the dashboard's longest window, and a rule's usual range). */
export const SERIES_RETENTION_MS = 15 * 60_000;
/** Longest history a series may keep, in steps (retention / step): 1 h at 5 s. */
export const MAX_SAMPLES_PER_SERIES = 720;
/**
 * Series that keep a history. The default label caps allow about 2,150 series in all, so this only bites
 * when the caps are raised; a series past it keeps its value (a scrape and the store still agree) but no past.
 */
export const MAX_SERIES = 4_096;
/**
 * Values held in all histories together (a counter's step is 1 value, a histogram's one per bucket plus its
 * sum): 4 Mi values, 32 MiB, above the ~3.3 Mi the default label caps can ever fill at the default retention.
 */
export const MAX_SAMPLE_VALUES = 4 * 1024 * 1024;

/** The metrics the store keeps: every catalogue metric but ALERTS, which is the alert engine's own state. */
export type StoredMetric = Exclude<MetricKey, 'alerts'>;

/** Options for {@link SeriesStore}; every time is the caller's `now` (the store never reads a clock). */
export interface SeriesStoreOptions {
  /** Where rates start counting: the monitor's start. */
  readonly startedAt: number;
  readonly stepMs?: number;
  readonly retentionMs?: number;
  /** Caps other than the catalogue's LABEL_CAPS (tests, benchmarks); the registry must be given the same. */
  readonly labelCaps?: Partial<Record<CappedLabel, number>>;
  readonly maxSeries?: number;
  readonly maxSampleValues?: number;
}

/** What the caps have refused so far, and what the histories hold. */
export interface SeriesStoreStats {
  readonly series: number;
  readonly seriesWithHistory: number;
  /** Series refused a history by {@link MAX_SERIES} or {@link MAX_SAMPLE_VALUES}: they keep their value only. */
  readonly seriesWithoutHistory: number;
  readonly sampleValues: number;
}

interface Family {
  readonly key: StoredMetric;
  readonly bounds: readonly number[];
  /** Series written to at least once. */
  readonly series: Map<string, Series>;
  /** Handles the hot path holds that were never written to (a model with no cost yet, a duration never observed). */
  readonly unlisted: Map<string, Series>;
}

const TERMINAL = new Set<string>(TERMINAL_STATUSES);
const SEP = '\u0000';

/**
 * The catalogue's counters, histograms and gauges as labelled series in plain JS, fed by the model's
 * effects (through the metrics sink) exactly as the Prometheus registry is: the same label caps applied
 * in the same order, so a scrape and the store agree. Each series keeps a bounded history of fixed steps
 * in which every effect lands at its own event time (clamped to `now`), so a backlog delivered at once
 * lands where it happened; gauges keep the last value sampled in each step. Rates, the dashboard's and
 * (next) the alert rules', are read from here.
 */
export class SeriesStore {
  readonly stepMs: number;
  /** History length in steps. */
  readonly steps: number;
  private readonly families = new Map<StoredMetric, Family>();
  private readonly caps: Record<CappedLabel, LabelCapper>;
  private readonly overflowSeen = new Map<LabelCapper, number>();
  private readonly maxSeries: number;
  private readonly maxSampleValues: number;
  private readonly startedAt: number;
  private earliest = Infinity;
  private latestNow = -Infinity;
  private nowIdx = -Infinity;
  private withHistory = 0;
  private withoutHistory = 0;
  private sampleValues = 0;
  // The hot path's handles, one map lookup per label (no key strings built per effect).
  private readonly executionSeries = new Map<string, Map<string, { count: Series; duration: Series }>>();
  private readonly nodeSeries = new Map<string, Series>();
  private readonly tokenSeries = new Map<string, { input: Series; output: Series; cost: Series }>();
  private readonly reconnectsSeen = new Map<string, number>();
  private readonly totalsSeen = new Map<StoredMetric, number>();

  constructor(options: SeriesStoreOptions) {
    this.stepMs = options.stepMs ?? SERIES_STEP_MS;
    const retentionMs = options.retentionMs ?? SERIES_RETENTION_MS;
    this.steps = retentionMs / this.stepMs;
    if (!(this.stepMs >= 1) || !Number.isInteger(this.steps) || this.steps < 1 || this.steps > MAX_SAMPLES_PER_SERIES) {
      throw new RangeError(`series store: retention ${retentionMs} ms must be 1 to ${MAX_SAMPLES_PER_SERIES} whole steps of ${this.stepMs} ms`);
    }
    this.maxSeries = options.maxSeries ?? MAX_SERIES;
    this.maxSampleValues = options.maxSampleValues ?? MAX_SAMPLE_VALUES;
    this.startedAt = options.startedAt;
    const caps = { ...LABEL_CAPS, ...options.labelCaps };
    this.caps = {
      workflow_id: new LabelCapper('workflow_id', caps.workflow_id),
      model: new LabelCapper('model', caps.model),
      node_kind: new LabelCapper('node_kind', caps.node_kind),
      source: new LabelCapper('source', caps.source),
      queue_type: new LabelCapper('queue_type', caps.queue_type),
    };
    for (const key of Object.keys(METRICS) as MetricKey[]) {
      if (key === 'alerts') continue;
      const spec = METRICS[key];
      this.families.set(key, { key, bounds: 'buckets' in spec ? spec.buckets : [], series: new Map(), unlisted: new Map() });
      // As a scrape shows them: a metric without labels from the start, a counter's known label sets at 0.
      if (spec.labels.length === 0) this.list(this.seriesOf(key, []));
      else if (spec.type === 'counter') for (const set of closedLabelSets(spec)) this.list(this.seriesOf(key, spec.labels.map((l) => set[l]!)));
    }
  }

  /** Applies the model's effects as the registry does; once per batch, the hot path. */
  apply(effects: readonly ModelEffect[], now: number): void {
    this.advance(now);
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      const t = e.time < now ? e.time : now;
      if (t < this.earliest) this.earliest = t;
      switch (e.type) {
        case 'execution_ended': {
          if (!TERMINAL.has(e.status)) break;
          const pair = this.executionPair(this.caps.workflow_id.map(e.workflowId), e.status);
          this.add(pair.count, 1, t);
          // No start seen, no duration: the counter still counts it, the histogram cannot.
          if (e.durationMs !== undefined && Number.isFinite(e.durationMs)) this.observe(pair.duration, Math.max(0, e.durationMs), t);
          break;
        }
        case 'attempt_ended': {
          const model = e.span.model;
          if (model !== undefined && (e.status === 'completed' || e.status === 'failed')) {
            this.add(this.seriesOf('modelCalls', [this.caps.model.map(model), e.status]), 1, t);
          }
          // A skipped node never ran, so it has no attempt duration.
          if (e.status === 'skipped' || !Number.isFinite(e.durationMs)) break;
          const kind = this.caps.node_kind.map(e.nodeKind);
          let s = this.nodeSeries.get(kind);
          if (!s) this.nodeSeries.set(kind, (s = this.seriesOf('nodeDuration', [kind])));
          this.observe(s, Math.max(0, e.durationMs), t);
          break;
        }
        case 'tokens_used': {
          const model = this.caps.model.map(e.model);
          let s = this.tokenSeries.get(model);
          if (!s) {
            s = { input: this.seriesOf('tokens', [model, 'input']), output: this.seriesOf('tokens', [model, 'output']), cost: this.seriesOf('cost', [model]) };
            this.tokenSeries.set(model, s);
          }
          if (e.inputTokens > 0) this.add(s.input, e.inputTokens, t);
          if (e.outputTokens > 0) this.add(s.output, e.outputTokens, t);
          // Unpriced models have no cost: never guessed, never counted as zero.
          if (e.costUsd !== undefined && Number.isFinite(e.costUsd) && e.costUsd >= 0) this.add(s.cost, e.costUsd, t);
          break;
        }
        default:
          break;
      }
    }
    this.syncOverflow(now);
  }

  /** A source batch: its events counted under its source, its rejections by reason. */
  observeBatch(batch: SourceBatch, now: number): void {
    this.observeIngest(batch.sourceId, batch.events.length, now);
    for (const r of batch.rejections) this.add(this.seriesOf('eventsRejected', [r.reason]), 1, now);
  }

  /** Counts `count` events received from a source. */
  observeIngest(sourceId: string, count: number, now: number): void {
    this.advance(now);
    if (count > 0) this.add(this.seriesOf('eventsIngested', [this.caps.source.map(sourceId)]), count, now);
    this.syncOverflow(now);
  }

  /** A source's status: jamjet_top_source_up and its reconnects since the last status. */
  observeSourceStatus(status: SourceStatus, now: number): void {
    this.advance(now);
    const source = this.caps.source.map(status.id);
    this.set(this.seriesOf('sourceUp', [source]), status.state === 'connected' ? 1 : 0);
    const seen = this.reconnectsSeen.get(status.id) ?? 0;
    this.add(this.seriesOf('sourceReconnects', [source]), Math.max(0, status.reconnects - seen), now);
    this.reconnectsSeen.set(status.id, Math.max(seen, status.reconnects));
    this.syncOverflow(now);
  }

  /** One batched store write. */
  observeStoreWrite(seconds: number, now: number): void {
    this.advance(now);
    if (Number.isFinite(seconds) && seconds >= 0) this.observe(this.seriesOf('storeWrite', []), seconds, now);
  }

  /** The store's backlog: events handed to it and not yet committed. */
  observeStoreQueued(events: number, now: number): void {
    this.advance(now);
    this.set(this.seriesOf('storeQueued', []), events);
  }

  /** Brings a label-less counter kept elsewhere (the model's applied and duplicate counts) up to its running total. */
  observeTotal(key: 'eventsApplied' | 'eventsDuplicate' | 'otlpSpansExported' | 'otlpSpansDropped' | 'otlpBatchesFailed', total: number, now: number): void {
    this.advance(now);
    const seen = this.totalsSeen.get(key) ?? 0;
    if (total <= seen) return;
    this.add(this.seriesOf(key, []), total - seen, now);
    this.totalsSeen.set(key, total);
  }

  /**
   * Series another part left out past its own cap (the alert engine's ALERTS past MAX_ALERT_SERIES), counted
   * in jamjet_top_label_overflow_total{label} as the catalogue's capped labels are.
   */
  observeOverflow(label: string, count: number, now: number): void {
    this.advance(now);
    if (count > 0) this.add(this.seriesOf('labelOverflow', [label]), count, now);
  }

  /**
   * The model's gauges as of `now` (queue depth, overall and by queue type, executions by state). A queue
   * type with a series and nothing queued now reads 0, so its history shows the queue drained.
   */
  observeGauges(queueDepth: number, states: ExecutionStates, now: number, byQueue: Readonly<Record<string, number>> = {}): void {
    this.advance(now);
    this.set(this.seriesOf('queueDepth', []), queueDepth);
    for (const state of EXECUTION_STATES) this.set(this.seriesOf('executionStates', [state]), states[state]);
    const depths = new Map<string, number>();
    for (const [queue, n] of Object.entries(byQueue)) {
      const id = this.caps.queue_type.map(queue);
      depths.set(id, (depths.get(id) ?? 0) + n);
    }
    for (const s of this.families.get('queueDepthByType')!.series.values()) if (!depths.has(s.labels.queue_type!)) this.set(s, 0);
    for (const [id, n] of depths) this.set(this.seriesOf('queueDepthByType', [id]), n);
    this.syncOverflow(now);
  }

  /**
   * Per workflow, how long its longest-running live execution has been running (the model gives ms, the series holds seconds, as the tool's own metrics do); a workflow with a
   * series and none running now reads 0, so the series stays as a scrape would show it.
   */
  observeLongestRunning(byWorkflow: ReadonlyMap<string, number>, now: number): void {
    this.advance(now);
    const seen = new Map<string, number>();
    for (const [workflowId, ms] of byWorkflow) {
      const id = this.caps.workflow_id.map(workflowId);
      seen.set(id, Math.max(seen.get(id) ?? 0, ms));
    }
    for (const s of this.families.get('longestRunning')!.series.values()) if (!seen.has(s.labels.workflow_id!)) this.set(s, 0);
    for (const [id, ms] of seen) this.set(this.seriesOf('longestRunning', [id]), ms / 1000);
    this.syncOverflow(now);
  }

  /**
   * Records every gauge's value in the step of `now`, as a scrape at `now` would see it (counters and
   * histograms are always current). The scheduler calls it on the metrics tick; the alert evaluator may too.
   */
  sample(now: number): void {
    this.advance(now);
    for (const family of this.families.values()) {
      if (METRICS[family.key].type !== 'gauge') continue;
      for (const s of family.series.values()) this.set(s, s.value);
    }
  }

  /** Every series of a metric as it stands now. */
  /**
   * A metric's series themselves and its bucket bounds, for a reader that walks them without the copies
   * {@link read} makes (the alert engine appends every series every second).
   */
  scan(key: StoredMetric): { readonly series: Iterable<Series>; readonly bounds: readonly number[] } {
    const family = this.families.get(key)!;
    return { series: family.series.values(), bounds: family.bounds };
  }

  read(key: StoredMetric): SeriesReading[] {
    return readSeries(this.families.get(key)!.series.values(), this.families.get(key)!.bounds);
  }

  /**
   * What the matching series of a counter or histogram added in each step from `fromIdx` to `toIdx`
   * (step indexes: time / stepMs), summed over the series; steps outside the history add nothing.
   */
  stepIncreases(key: StoredMetric, fromIdx: number, toIdx: number, match?: LabelMatch, field: SeriesField = 'value'): number[] {
    const family = this.families.get(key)!;
    return stepIncreases(family.series.values(), family.bounds, this.steps, fromIdx, toIdx, match, field);
  }

  /**
   * The matching series' samples from `fromMs` to `now`, oldest first, for range queries: a counter's or
   * histogram field's value at the start of each step (what had happened by then, by event time), a gauge's
   * last sample in each whole step (at the step's end), then the current value at `now`. Nothing older than
   * the history: a series refused one has only its current value.
   */
  range(key: StoredMetric, fromMs: number, now: number, match?: LabelMatch, field: SeriesField = 'value'): SeriesRange[] {
    const family = this.families.get(key)!;
    const window = { stepMs: this.stepMs, steps: this.steps, fromMs, now, gauge: METRICS[key].type === 'gauge' };
    return rangeOf(family.series.values(), family.bounds, window, match, field);
  }

  /** Where rates start: the monitor's start, or the oldest effect it recorded if that is older. */
  coveredFrom(): number {
    return Math.min(this.startedAt, this.earliest);
  }

  /** Series counts and what the caps refused. */
  stats(): SeriesStoreStats {
    let series = 0;
    for (const f of this.families.values()) series += f.series.size;
    return { series, seriesWithHistory: this.withHistory, seriesWithoutHistory: this.withoutHistory, sampleValues: this.sampleValues };
  }

  /**
   * The series of `key` with these label values (in the catalogue's label order). It is listed (read,
   * ranged, summed) from its first write, as a scrape lists a series from its first increment.
   */
  private seriesOf(key: StoredMetric, values: readonly string[]): Series {
    const family = this.families.get(key)!;
    const id = values.join(SEP);
    let s = family.series.get(id) ?? family.unlisted.get(id);
    if (!s) {
      const labels: Record<string, string> = {};
      METRICS[key].labels.forEach((name, i) => (labels[name] = values[i]!));
      s = new Series(key, id, Object.freeze(labels), METRICS[key].type, family.bounds);
      family.unlisted.set(id, s);
    }
    return s;
  }

  private list(s: Series): void {
    s.listed = true;
    const family = this.families.get(s.metric as StoredMetric)!;
    family.unlisted.delete(s.id);
    family.series.set(s.id, s);
  }

  private executionPair(workflowId: string, status: string): { count: Series; duration: Series } {
    let byStatus = this.executionSeries.get(workflowId);
    if (!byStatus) this.executionSeries.set(workflowId, (byStatus = new Map()));
    let pair = byStatus.get(status);
    if (!pair) {
      pair = { count: this.seriesOf('executions', [workflowId, status]), duration: this.seriesOf('executionDuration', [workflowId, status]) };
      byStatus.set(status, pair);
    }
    return pair;
  }

  private advance(now: number): void {
    if (now > this.latestNow) {
      this.latestNow = now;
      this.nowIdx = Math.floor(now / this.stepMs);
    }
  }

  /** The history row for time `t`, or -1 when `t` is older than the history reaches or the caps refuse one. */
  private rowFor(s: Series, t: number): number {
    const idx = Math.floor(t / this.stepMs);
    if (idx <= this.nowIdx - this.steps) return -1;
    if (!s.history && !this.allocate(s)) return -1;
    return s.row(idx, this.steps);
  }

  private add(s: Series, delta: number, t: number): void {
    if (!s.listed) this.list(s);
    s.value += delta;
    const r = this.rowFor(s, t);
    if (r >= 0) s.history![r]! += delta;
  }

  private observe(s: Series, value: number, t: number): void {
    if (!s.listed) this.list(s);
    const b = s.bucketOf(value);
    s.buckets![b]!++;
    s.sum += value;
    s.count++;
    const r = this.rowFor(s, t);
    if (r < 0) return;
    s.history![r + b]!++;
    s.history![r + s.width - 1]! += value;
  }

  /** A gauge's value, recorded in the step of the store's newest `now`. */
  private set(s: Series, value: number): void {
    if (!s.listed) this.list(s);
    s.value = value;
    const r = this.rowFor(s, this.latestNow);
    if (r >= 0) s.history![r] = value;
  }

  private allocate(s: Series): boolean {
    if (s.historyRefused) return false;
    const size = this.steps * s.width;
    if (this.withHistory >= this.maxSeries || this.sampleValues + size > this.maxSampleValues) {
      s.historyRefused = true;
      this.withoutHistory++;
      return false;
    }
    s.history = new Float64Array(size).fill(s.empty);
    this.withHistory++;
    this.sampleValues += size;
    return true;
  }

  private syncOverflow(now: number): void {
    for (const c of Object.values(this.caps)) {
      const seen = this.overflowSeen.get(c) ?? 0;
      if (c.overflowed > seen) {
        this.add(this.seriesOf('labelOverflow', [c.label]), c.overflowed - seen, now);
        this.overflowSeen.set(c, c.overflowed);
      }
    }
  }
}
