// Every metric jamjet-top exposes, as plain data: the one source of truth for names, types, help, labels,
// bucket bounds and label caps. The Prometheus registry (prom-registry.ts) and the series store
// (series-store.ts) are both built from it, and the README's metrics table is written from it; a test
// checks that a scrape exposes exactly these names. No vendor import here, on purpose.
import { REJECTION_REASONS } from '../decode/event.js';
import { TERMINAL_STATUSES } from '../model/lifecycle.js';

/** The Prometheus metric types the catalogue uses. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One metric: what a scrape declares for it (`# HELP`, `# TYPE`, label names) and, for a histogram, its buckets. */
export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Label names, in exposition order (a histogram's `le` is implied). */
  readonly labels: readonly string[];
  /** Histogram bucket upper bounds, ascending; `+Inf` is implied. */
  readonly buckets?: readonly number[];
  /**
   * The values a label can take, when they are a closed set. A counter whose labels are all closed sets (or
   * that has none) starts every series at 0, so rate() and alerts see it before its first increment.
   */
  readonly values?: Readonly<Record<string, readonly string[]>>;
  /** True when each series brings label names of its own besides `labels` (ALERTS: the alert's labels). */
  readonly openLabels?: boolean;
}

/**
 * Bucket upper bounds (ms) for execution and node durations: agent work spans a 5 ms tool call to a
 * half-hour workflow, so the bounds run roughly 1-2.5-5 per decade from 5 ms to 30 min.
 */
export const DURATION_BUCKETS_MS: readonly number[] = Object.freeze([
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000,
]);

/** Bucket upper bounds (seconds) for one batched store write. */
export const STORE_WRITE_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
]);

/** Distinct `workflow_id` values with their own series (shared by the executions counter and histogram). */
export const MAX_WORKFLOW_IDS = 200;
/** Distinct `model` values with their own series (tokens and cost). */
export const MAX_MODELS = 100;
/** Distinct `node_kind` values with their own series. */
export const MAX_NODE_KINDS = 50;
/** Distinct `source` values in the jamjet_top_* health metrics. */
export const MAX_SOURCES = 50;
/** Distinct `queue_type` values with their own series (queue depth by type). */
export const MAX_QUEUE_TYPES = 50;
/** ALERTS series exposed at once; alerts past it are left out and counted in jamjet_top_label_overflow_total. */
export const MAX_ALERT_SERIES = 1_000;

/**
 * The caps of the labels whose values grow without bound: past its cap a value is reported as `other`
 * (label-capper.ts) and counted in jamjet_top_label_overflow_total{label}. One cap per label, shared by
 * every metric that carries it, so a workflow's counter and histogram series always agree.
 */
export const LABEL_CAPS: Readonly<Record<CappedLabel, number>> = Object.freeze({
  workflow_id: MAX_WORKFLOW_IDS,
  model: MAX_MODELS,
  node_kind: MAX_NODE_KINDS,
  source: MAX_SOURCES,
  queue_type: MAX_QUEUE_TYPES,
});

/** The labels with a cap. */
export type CappedLabel = 'workflow_id' | 'model' | 'node_kind' | 'source' | 'queue_type';

/** The `state` values of jamjet_top_executions: unfinished executions, live or stale. */
export const EXECUTION_STATES = ['running', 'paused', 'stale'] as const;

/** The `direction` values of jamjet_model_tokens_total. */
export const TOKEN_DIRECTIONS = ['input', 'output'] as const;

/** The `status` values of jamjet_model_calls_total: how a model node's attempt ended. */
export const MODEL_CALL_STATUSES = ['completed', 'failed'] as const;

/** The `alertstate` values of ALERTS. */
export const ALERT_STATES = ['pending', 'firing'] as const;

/**
 * Every metric, by a short key the code uses. The first seven are the contract's (names, types and labels
 * fixed); the jamjet_top_* ones are the tool's own health. prom-client's process_* / nodejs_* defaults
 * are not listed: they are the library's, not ours.
 */
export const METRICS = Object.freeze({
  executions: {
    name: 'jamjet_executions_total', type: 'counter', help: 'Executions that reached a terminal status.',
    labels: ['workflow_id', 'status'], values: { status: TERMINAL_STATUSES },
  },
  executionDuration: {
    name: 'jamjet_execution_duration_ms', type: 'histogram', help: 'Execution duration from workflow_started to its terminal event, in milliseconds.',
    labels: ['workflow_id', 'status'], buckets: DURATION_BUCKETS_MS, values: { status: TERMINAL_STATUSES },
  },
  nodeDuration: {
    name: 'jamjet_node_duration_ms', type: 'histogram', help: 'Node attempt duration in milliseconds.',
    labels: ['node_kind'], buckets: DURATION_BUCKETS_MS,
  },
  queueDepth: {
    name: 'jamjet_queue_depth', type: 'gauge',
    // Stale executions' items are left out: a dead source's queue is unknown, and a backlog alert must not fire on it.
    help: 'Node work items scheduled, re-scheduled or parked and not yet started or ended (of executions that are not stale).',
    labels: [],
  },
  tokens: {
    name: 'jamjet_model_tokens_total', type: 'counter', help: 'Model tokens used, by model and direction (input / output).',
    labels: ['model', 'direction'], values: { direction: TOKEN_DIRECTIONS },
  },
  cost: {
    name: 'jamjet_model_cost_usd_total', type: 'counter', help: 'Model cost in USD: the event cost_usd when present, else estimated from the price table.',
    labels: ['model'],
  },
  modelCalls: {
    name: 'jamjet_model_calls_total', type: 'counter', help: 'Model node attempts that ended, by model and status (completed / failed): the model error rate.',
    labels: ['model', 'status'], values: { status: MODEL_CALL_STATUSES },
  },
  alerts: {
    name: 'ALERTS', type: 'gauge', help: 'Pending and firing alerts, as Prometheus exposes rule state.',
    labels: ['alertname', 'alertstate'], values: { alertstate: ALERT_STATES }, openLabels: true,
  },
  eventsIngested: {
    name: 'jamjet_top_events_ingested_total', type: 'counter', help: 'Events received from each source (after decode, before dedupe).',
    labels: ['source'],
  },
  eventsApplied: {
    name: 'jamjet_top_events_applied_total', type: 'counter',
    help: 'Events applied to the model (after dedupe and sequence ordering); the dashboard\'s ev/s is its rate.',
    labels: [],
  },
  eventsRejected: {
    name: 'jamjet_top_events_rejected_total', type: 'counter', help: 'Frames or envelopes rejected by the decoder, by reason.',
    labels: ['reason'], values: { reason: REJECTION_REASONS },
  },
  eventsDuplicate: {
    name: 'jamjet_top_events_duplicate_total', type: 'counter', help: 'Events dropped as already applied (same execution id and sequence).',
    labels: [],
  },
  sourceUp: {
    name: 'jamjet_top_source_up', type: 'gauge', help: '1 when the source is connected, else 0.',
    labels: ['source'],
  },
  sourceReconnects: {
    name: 'jamjet_top_source_reconnects_total', type: 'counter', help: 'Reconnects (websocket) or retried polls (REST) per source.',
    labels: ['source'],
  },
  longestRunning: {
    name: 'jamjet_top_longest_running_execution_seconds', type: 'gauge',
    help: 'How long the longest-running live execution of each workflow has been running, in seconds (0 when none is): what the stuck-execution alert reads.',
    labels: ['workflow_id'],
  },
  executionStates: {
    name: 'jamjet_top_executions', type: 'gauge',
    help: 'Unfinished executions in memory by state: running or paused while their source is live, stale once it stopped sending.',
    labels: ['state'], values: { state: EXECUTION_STATES },
  },
  queueDepthByType: {
    name: 'jamjet_top_queue_depth_by_type', type: 'gauge',
    help: 'jamjet_queue_depth by the work items\' queue_type ("unknown" when the event named none); the queue pane\'s history.',
    labels: ['queue_type'],
  },
  storeWrite: {
    name: 'jamjet_top_store_write_seconds', type: 'histogram', help: 'Duration of one batched store write, in seconds.',
    labels: [], buckets: STORE_WRITE_BUCKETS_SECONDS,
  },
  storeQueued: {
    name: 'jamjet_top_store_queued_events', type: 'gauge',
    help: 'Events handed to the store and not yet committed: the write thread\'s backlog (past its cap, ingest waits for it).',
    labels: [],
  },
  otlpSpansExported: {
    name: 'jamjet_top_otlp_spans_exported_total', type: 'counter', help: 'Spans the OTLP collector accepted.',
    labels: [],
  },
  otlpSpansDropped: {
    name: 'jamjet_top_otlp_spans_dropped_total', type: 'counter', help: 'Spans dropped before export: the queue was full, or still held at shutdown.',
    labels: [],
  },
  otlpBatchesFailed: {
    name: 'jamjet_top_otlp_batches_failed_total', type: 'counter', help: 'OTLP export requests that failed (each is retried with back-off).',
    labels: [],
  },
  labelOverflow: {
    name: 'jamjet_top_label_overflow_total', type: 'counter', help: 'Observations whose label value was past its cap and reported as "other", by label.',
    labels: ['label'],
  },
} as const satisfies Record<string, MetricSpec>);

/** The short keys of {@link METRICS}. */
export type MetricKey = keyof typeof METRICS;

/** Every metric of the catalogue, in exposition order. */
export const METRIC_CATALOGUE: readonly MetricSpec[] = Object.freeze(Object.values(METRICS));

/** The catalogue entry named `name` (the exposed name, e.g. `jamjet_executions_total`). */
export function metricSpec(name: string): MetricSpec | undefined {
  return METRIC_CATALOGUE.find((m) => m.name === name);
}

/** Every label set of a metric whose labels are all closed sets (one empty set when it has none); none otherwise. */
export function closedLabelSets(spec: MetricSpec): Record<string, string>[] {
  let sets: Record<string, string>[] = [{}];
  for (const label of spec.labels) {
    const values = spec.values?.[label];
    if (!values) return [];
    sets = sets.flatMap((set) => values.map((v) => ({ ...set, [label]: v })));
  }
  return sets;
}
