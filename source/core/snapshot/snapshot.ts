/**
 * Everything the view may read: the snapshot and the types inside it. The view imports nothing else from
 * the core (the lint rule holds it to this folder), so a pane's data is named here, once.
 */
import type {
  ExecutionStates, ExecutionStatus, ExecutionSummary, ExecutionTree, IngestCounters, QueueActivity, QueueDepth, Totals, UsageBreakdown,
} from '../model/types.js';
import type { RateStats } from '../metrics/rate-stats.js';
import type { WindowStats } from '../metrics/window-stats.js';
import type { SourceStatus } from '../sources/event-source.js';
import type { JournalView } from '../detail/event-journal.js';
import type { NodeStatsData } from '../detail/node-duration-stats.js';
import type { ActionsData } from './action-availability.js';
import type { RejectedFrames } from '../monitor/rejected-frames-sink.js';

export type {
  CostSource, ExecutionStates, ExecutionStatus, ExecutionSummary, ExecutionTree, IngestCounters, NodeKind, NodeView,
  QueueActivity, QueueDepth, SpanStatus, SpanView, SpanWait, Totals, UsageBreakdown, UsageRow,
} from '../model/types.js';
export type { RateHistory, RateStats } from '../metrics/rate-stats.js';
export type { LatencyPercentiles, WindowName, WindowStats } from '../metrics/window-stats.js';
export { WINDOW_NAMES } from '../metrics/window-stats.js';
/** Whether a status is unfinished (running or paused): the lifecycle's rule, for the view. */
export { isActive } from '../model/lifecycle.js';
export type { SourceState, SourceStatus } from '../sources/event-source.js';
export type { RejectedFrame, RejectedFrames } from '../monitor/rejected-frames-sink.js';
export type { Json } from '../decode/event-kinds.js';
export type { JournalView } from '../detail/event-journal.js';
export type { NodeDurationStats, NodeStatsData } from '../detail/node-duration-stats.js';
export type { TimelineEntry } from '../inspect/timeline.js';
export type { TextFormat } from '../inspect/inspect-text.js';
/** The detail view's critical path, live: the lifecycle-free rule inspect uses, for the view. */
export { criticalSpanKey, criticalSpans } from '../detail/critical-spans.js';
/** `inspect --events`'s columns, so the detail's event tab reads the same. */
export { timelineLines } from '../inspect/inspect-text.js';
export type {
  ActionAvailability, ActionFailure, ActionFailureKind, ActionOutcome, ActionRequest, ActionsData, Availability,
} from './action-availability.js';
export { ACTION_COMMENT_MAX_CHARS, actionAvailability } from './action-availability.js';

/** The executions pane and the tree: what the model holds, in display order. */
export interface ExecutionsData {
  /** Running first (newest first), then finished (most recently ended first). */
  readonly executions: readonly ExecutionSummary[];
  /** The tree of the focused execution, when the view asked for one. */
  readonly focus?: ExecutionTree | undefined;
  readonly statusCounts: Readonly<Record<ExecutionStatus, number>>;
  /** Unfinished executions split into live (running, paused) and stale. */
  readonly executionStates: ExecutionStates;
}

/** The header's spend and queue figures. */
export interface UsageData {
  readonly queue: QueueDepth;
  /** Tokens and cost over everything seen since start (evicted executions included). */
  readonly totals: Totals;
}

/** Where events come from (how fast they arrive is in the contributed `rates`). */
export interface IngestData {
  readonly ingest: IngestCounters;
  readonly sources: readonly SourceStatus[];
  /** True when reading the embedded demo runtime. */
  readonly demo: boolean;
}

/** One pending or firing alert, as the alerts pane shows it. */
export interface AlertView {
  /** The rule's `alert:` name (the alertname label). */
  readonly name: string;
  readonly state: 'pending' | 'firing';
  /** The alert's labels without alertname: the series' labels plus the rule's own. */
  readonly labels: Readonly<Record<string, string>>;
  /** When it became pending (epoch ms). */
  readonly activeAt: number;
  /** When it started firing (epoch ms), once it fires. */
  readonly firedAt?: number | undefined;
  /** The expression's value for its series at the last evaluation. */
  readonly value: number;
  /** Its `summary` annotation, else `description`, else nothing (already templated). */
  readonly summary?: string | undefined;
}

/** The alerts pane and the header's alert count: what the rule engine holds. */
export interface AlertsData {
  /** Firing first, then pending; within a state, longest active first. */
  readonly alerts: readonly AlertView[];
  readonly firing: number;
  readonly pending: number;
  /** Rules loaded, and how many of them failed their last evaluation. */
  readonly rules: number;
  readonly rulesFailing: number;
}

/** The queue pane: depth over the last minutes, overall and per queue type, and who waits and works. */
export interface QueueData {
  /** Time between two history values. */
  readonly sampleMs: number;
  /** What the histories span, oldest value to now. */
  readonly historyMs: number;
  /** Depth per step, oldest first, the last value being now; NaN where no sample was taken. */
  readonly total: readonly number[];
  /** The same per queue type, for the types with work now or within the history. */
  readonly byQueue: Readonly<Record<string, readonly number[]>>;
  readonly activity: QueueActivity;
}

/** The tokens and cost pane. */
export interface SpendData {
  /** By model and by workflow over everything seen (evicted executions included). */
  readonly usage: UsageBreakdown;
  readonly totals: Totals;
  readonly sampleMs: number;
  readonly historyMs: number;
  /** USD per minute in each completed step, oldest first. */
  readonly costPerMin: readonly number[];
  /** USD per hour at the last minute's pace: the hour's projection. */
  readonly costPerHour: number;
  /** A day at the last minute's pace. */
  readonly projectedDayUsd: number;
  /** `[top] budget_usd_per_hour`, when set. */
  readonly budgetUsdPerHour?: number | undefined;
}

/**
 * What parts of the core other than the model add to a snapshot, one typed field each. A contributor
 * may only fill its own field, never overwrite the model's.
 */
export interface ContributedData {
  /** Latency percentiles from the rolling windows, when metrics run. */
  readonly windows?: WindowStats | undefined;
  /**
   * Events/s, executions/s, error rate, tokens/s, $/h and their sparklines, from the series store (the one
   * place rates are computed), when metrics run.
   */
  readonly rates?: RateStats | undefined;
  /** Pending and firing alerts, when rules are evaluated. */
  readonly alerts?: AlertsData | undefined;
  /** The queue pane's histories and activity, when metrics run. */
  readonly queueHistory?: QueueData | undefined;
  /** The tokens and cost pane's breakdown, graph and projections, when metrics run. */
  readonly spend?: SpendData | undefined;
  /** One-line notices for the status bar (`metrics: cannot listen on 127.0.0.1:9090: address in use`). */
  readonly notices?: readonly string[] | undefined;
  /** The focused execution's recent events and state (core/detail/event-journal.ts), when journaled. */
  readonly focusJournal?: JournalView | undefined;
  /** Usual node durations (p50, p95) for the focused execution's workflows and its children's. */
  readonly nodeStats?: NodeStatsData | undefined;
  /** Whether the dashboard may act on the runtime, and through which sources (absent: no actions here). */
  readonly actions?: ActionsData | undefined;
  /** Each source's last rejected inputs with reason, time and a raw excerpt, newest first, by source id. */
  readonly rejectedFrames?: RejectedFrames | undefined;
}

/** The immutable picture the view renders, published on a fixed cadence. */
export interface Snapshot extends ExecutionsData, UsageData, IngestData, ContributedData {
  /** Increases by one per published snapshot. */
  readonly version: number;
  readonly now: number;
  /** True when the display is paused (ingest continues). */
  readonly paused: boolean;
}

/**
 * The contributed fields about the focused execution: a paused screen rebuilds them, with the tree, when the
 * selection moves (the rest of the picture stays as it was).
 */
export const FOCUS_FIELDS = ['focusJournal', 'nodeStats'] as const satisfies readonly (keyof ContributedData)[];

/**
 * One function per contributed field, called at publish time with the clock's now and the focused
 * execution's tree (what the detail's fields are about).
 */
export type SnapshotContributors = { readonly [K in keyof ContributedData]?: (now: number, focus?: ExecutionTree) => ContributedData[K] };
