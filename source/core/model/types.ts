import type { RejectionReason } from '../decode/event.js';

/**
 * Execution status as JamJet names it, plus `paused` while a node is held for a human. Which status an
 * execution has after which event, and which are terminal, is model/lifecycle.ts's.
 */
export type ExecutionStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'limit_exceeded';

/**
 * The kind of a node: JamJet's node kind tags (`model`, `tool`, `eval`, `condition`, …) when known,
 * else `unknown`. Kept as a string because the stream may name kinds this build does not list.
 */
export type NodeKind = string;

/** Where an attempt is in its life. */
export type SpanStatus =
  | 'queued' // scheduled, re-scheduled or parked, not yet started
  | 'running' // started (or claimed over HTTP with no node_started)
  | 'waiting' // held for a human (approval / interrupt)
  | 'completed'
  | 'failed'
  | 'skipped'
  | 'cancelled';

/** How a cost figure was arrived at. */
export type CostSource = 'event' | 'estimated' | 'unpriced' | 'none';

/** Token and cost totals. `unpricedTokens` counts tokens of models with no known price (cost excludes them). */
export interface Totals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly unpricedTokens: number;
}

/** The usage of one model or one workflow (`other`: every one past the cap; `unknown`: none named). */
export interface UsageRow extends Totals {
  readonly name: string;
}

/** Tokens and cost by model and by workflow over everything seen, most spent first, `other` last. */
export interface UsageBreakdown {
  readonly byModel: readonly UsageRow[];
  readonly byWorkflow: readonly UsageRow[];
}

/** A wait inside an attempt (approval, interrupt, 429 park, retry back-off). */
export interface SpanWait {
  readonly kind: 'approval' | 'interrupt' | 'parked' | 'retry';
  readonly since: number;
  readonly until?: number | undefined;
  /** What is awaited or why (tool name, reason), sanitised by the view before display. */
  readonly detail?: string | undefined;
  /** `approved` / `rejected` once decided. */
  readonly decision?: string | undefined;
  readonly by?: string | undefined;
}

/** One scorer of an eval node (`llm_judge`, `assertion`…) and how it scored. */
export interface EvalScore {
  readonly scorer: string;
  readonly score?: number | undefined;
  readonly passed?: boolean | undefined;
}

/** A tool call inside an attempt: the tool's name and the event's time. */
export interface ToolCall {
  readonly tool: string;
  readonly at: number;
}

/** One node attempt: scheduled → started → completed / failed / parked / skipped. */
export interface SpanView {
  /** `<node_id>#<n>`: n counts attempts of this node in arrival order, from 1. */
  readonly id: string;
  readonly nodeId: string;
  /** The runtime's attempt number (0-based) when it sent one, else the arrival index - 1. */
  readonly attempt: number;
  readonly kind: NodeKind;
  readonly status: SpanStatus;
  readonly queueType?: string | undefined;
  readonly workerId?: string | undefined;
  readonly scheduledAt?: number | undefined;
  readonly startedAt?: number | undefined;
  readonly endedAt?: number | undefined;
  /** `duration_ms` from node_completed when present, else end - start. */
  readonly durationMs?: number | undefined;
  readonly model?: string | undefined;
  readonly system?: string | undefined;
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly costUsd?: number | undefined;
  readonly costSource: CostSource;
  readonly error?: string | undefined;
  readonly retryable?: boolean | undefined;
  /** The model's finish reason, from node_completed. */
  readonly finishReason?: string | undefined;
  /** An eval node's scorers as its node_completed output lists them (`scorers[]`), at most MAX_EVAL_SCORERS. */
  readonly scorers?: readonly EvalScore[] | undefined;
  /** Eval / critic outcome. */
  readonly score?: number | undefined;
  readonly passed?: boolean | undefined;
  readonly waits: readonly SpanWait[];
  /** Notable events inside the attempt (policy violation, budget exceeded…), one line each. */
  readonly notes: readonly string[];
  /** Tools the attempt called (`tool_called`), in order, at most MAX_TOOL_CALLS_PER_ATTEMPT. */
  readonly toolCalls?: readonly ToolCall[] | undefined;
  /** Child workflow started from this attempt (normalised `exec_` id). */
  readonly childExecutionId?: string | undefined;
  readonly childWorkflowId?: string | undefined;
}

/** A node of an execution tree: its attempts, and the child execution it started, nested. */
export interface NodeView {
  readonly nodeId: string;
  readonly kind: NodeKind;
  /** Status of the latest attempt. */
  readonly status: SpanStatus;
  readonly attempts: readonly SpanView[];
  /** This node's attempts plus any child execution under it. */
  readonly totals: Totals;
  readonly child?: ExecutionTree | undefined;
}

/** One execution, summarised for lists. */
export interface ExecutionSummary {
  /** `exec_` + 32 hex. */
  readonly id: string;
  readonly source: string;
  readonly workflowId?: string | undefined;
  readonly workflowVersion?: string | undefined;
  /** The runtime's status as last seen (a stale execution keeps `running` or `paused` here). */
  readonly status: ExecutionStatus;
  /**
   * Not finished, and its source stopped sending (away past the grace, or ended): what it is doing now is
   * unknown. Its age stops at `lastSeenAt`.
   */
  readonly stale: boolean;
  /** Set when stale: the time of the last event seen from it (epoch ms, the event's own time). */
  readonly lastSeenAt?: number | undefined;
  readonly startedAt?: number | undefined;
  readonly endedAt?: number | undefined;
  readonly durationMs?: number | undefined;
  /** False when events arrived for an execution whose `workflow_started` was never seen. */
  readonly startSeen: boolean;
  readonly lastEventAt: number;
  readonly eventCount: number;
  /** Node ids currently running or waiting, most recent first. */
  readonly currentNodes: readonly string[];
  /** When the first of `currentNodes` started (or was scheduled): its elapsed time in the list. */
  readonly currentSince?: number | undefined;
  readonly queuedNodes: number;
  readonly waitingApproval: boolean;
  /** Distinct models its attempts called, first used first, at most MAX_MODELS_PER_EXECUTION (model-state.ts). */
  readonly models: readonly string[];
  /** Own nodes only (children are their own executions). */
  readonly totals: Totals;
  /** Own nodes plus every descendant execution. */
  readonly subtreeTotals: Totals;
  readonly error?: string | undefined;
  readonly parentExecutionId?: string | undefined;
  readonly parentNodeId?: string | undefined;
  readonly nextExecutionId?: string | undefined;
  /** Oldest attempts dropped from memory past the per-execution attempt cap (totals keep them). */
  readonly droppedAttempts?: number | undefined;
}

/** An execution with its tree of nodes, in first-scheduled order. */
export interface ExecutionTree {
  readonly summary: ExecutionSummary;
  readonly nodes: readonly NodeView[];
}

/** Ingest health counters. */
export interface IngestCounters {
  /** Events applied to the model. */
  readonly applied: number;
  /** Events dropped as already seen (same execution id + sequence). */
  readonly duplicates: number;
  /** Gaps given up on after waiting (events after a missing sequence applied anyway). */
  readonly gaps: number;
  /** Events held waiting for a missing earlier sequence right now. */
  readonly buffered: number;
  /** Events whose kind.type this build does not know (kept, counted). */
  readonly unknownTypes: number;
  /** Rejections by reason. */
  readonly rejected: Readonly<Partial<Record<RejectionReason, number>>>;
  /** Executions evicted from memory (finished, past the cap). */
  readonly evicted: number;
  /** Of those, executions evicted while still running (every slot was taken by running ones). */
  readonly evictedActive?: number | undefined;
  /** Events with a new sequence for a finished execution already evicted (dropped, not resurrected). */
  readonly lateAfterEviction?: number | undefined;
  /** Events held behind a gap when their execution was evicted for room (dropped with it, counted here). */
  readonly droppedHeld?: number | undefined;
}

/** Unfinished executions by what the monitor knows: running and paused (their source is live), and stale. */
export interface ExecutionStates {
  readonly running: number;
  readonly paused: number;
  readonly stale: number;
}

/** Queue depth: node work items scheduled / re-scheduled / parked and not yet started or ended (stale executions' left out). */
export interface QueueDepth {
  readonly total: number;
  readonly byQueue: Readonly<Record<string, number>>;
}

/** Who waits and who works, as of `now`: what the queue pane shows beside the depth. */
export interface QueueActivity {
  /** When the longest-waiting queued item was scheduled (epoch ms, event time), over all queue types. */
  readonly oldestQueuedAt?: number | undefined;
  /** The same per queue type (`unknown` when the event named none). */
  readonly oldestByQueue: Readonly<Record<string, number>>;
  /** Distinct workers running an attempt now. */
  readonly busyWorkers: number;
  /** Distinct workers busy now or seen starting work within WORKER_SEEN_WINDOW_MS (0: events name no workers). */
  readonly workers: number;
}

/**
 * What the model tells its observers (metrics, logs, telemetry) as it applies events. Emitted once
 * per applied event that causes it, so a duplicate or replayed event never emits twice. Each carries what
 * an OTLP span or a JSON log line needs, so those are pure functions of effects: the frozen views it
 * shares (`span`, `summary`) are the very objects trees and lists show, never copies.
 */
export type ModelEffect =
  | {
      readonly type: 'execution_started'; readonly executionId: string; readonly workflowId: string; readonly workflowVersion: string; readonly source: string; readonly time: number;
      /** Set when this is a child workflow whose parent's `child_workflow_*` event came first. */
      readonly parentExecutionId?: string | undefined; readonly parentNodeId?: string | undefined;
    }
  | {
      readonly type: 'execution_ended'; readonly executionId: string; readonly workflowId: string; readonly workflowVersion?: string | undefined;
      readonly status: ExecutionStatus; readonly source: string; readonly time: number;
      /** workflow_started → terminal event; undefined when the start was never seen. */
      readonly durationMs?: number | undefined; readonly startedAt?: number | undefined; readonly error?: string | undefined;
      /**
       * The execution as it ended (frozen; the list's own object until it next changes): times, error, totals
       * with and without its child workflows', parent execution and node when it is a child, next segment.
       */
      readonly summary: ExecutionSummary;
    }
  | {
      readonly type: 'attempt_started'; readonly executionId: string; readonly workflowId?: string | undefined; readonly nodeId: string; readonly nodeKind: NodeKind;
      readonly attempt: number; readonly time: number; readonly source: string;
    }
  | {
      readonly type: 'attempt_ended'; readonly executionId: string; readonly workflowId?: string | undefined; readonly workflowVersion?: string | undefined;
      readonly nodeId: string; readonly nodeKind: NodeKind;
      readonly attempt: number; readonly status: SpanStatus; readonly durationMs: number; readonly time: number; readonly source: string;
      /**
       * The attempt as it ended (frozen; the tree's own object until the attempt next changes): scheduled,
       * started and ended times, worker, queue type, model, system, tokens, cost and its source, error,
       * retryable, score and passed, waits, notes, the child workflow it started.
       */
      readonly span: SpanView;
      /** The execution's parent and the node that started it, when the execution is a child workflow. */
      readonly parentExecutionId?: string | undefined; readonly parentNodeId?: string | undefined;
    }
  | {
      readonly type: 'tokens_used'; readonly executionId: string; readonly nodeId: string; readonly model: string; readonly system?: string | undefined;
      readonly inputTokens: number; readonly outputTokens: number;
      /** USD, or undefined when the model has no price (unpriced, never guessed). */
      readonly costUsd?: number | undefined; readonly costSource: CostSource; readonly time: number; readonly source: string;
    };
