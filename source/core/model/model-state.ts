import type { TypedEvent } from '../decode/event.js';
import type { KindRank } from './infer-node-kind.js';
import type { StatePool } from './state-pool.js';
import type { CostSource, EvalScore, ExecutionStatus, ExecutionSummary, ExecutionTree, NodeKind, SpanStatus, SpanView, SpanWait, ToolCall, Totals } from './types.js';

// The model's own mutable state. Only the model's files touch it; the view gets frozen copies
// (model-views.ts). Mutating in place is what lets apply() keep up with a busy runtime.

/** Token and cost sums, updated in place. */
export interface MutableTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedTokens: number;
}

/** A fresh all-zero totals record. */
export function zeroTotals(): MutableTotals {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
}

/** Adds `from` into `into`. */
export function addTotals(into: MutableTotals, from: Totals): void {
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.costUsd += from.costUsd;
  into.unpricedTokens += from.unpricedTokens;
}

/**
 * An unset time (or cost) in the model's own state. A field that holds `number | undefined` keeps each time in a
 * fresh heap number, allocated on every write and kept by the execution for its whole life (which is long enough
 * to be copied by young collections and promoted); a field that only ever holds numbers is a plain double,
 * updated in place. So unset is NaN inside the model, and `undefined` again in the views (see `orUndefined`).
 */
export const UNSET = NaN;

/** `n`, or `fallback` when `n` is UNSET. */
export function orElse(n: number, fallback: number): number {
  return n === n ? n : fallback;
}

/** `n`, or undefined when it is UNSET (what the views show). */
export function orUndefined(n: number): number | undefined {
  return n === n ? n : undefined;
}

/** Whether a time (or cost) of the model's state is set. */
export function isSet(n: number): boolean {
  return n === n;
}

/** All-zero totals, shared by everything that has no usage yet. */
export const ZERO_TOTALS: Totals = Object.freeze(zeroTotals());

/**
 * An execution's own totals to add to. Its summary shares the current object, frozen (see shareTotals), rather
 * than a copy that every finished execution would keep beside it; the first usage after that takes a copy.
 */
export function ownTotals(exec: ExecState): MutableTotals {
  const t = exec.totals;
  if (t === undefined) return (exec.totals = zeroTotals());
  if (!Object.isFrozen(t)) return t;
  return (exec.totals = { inputTokens: t.inputTokens, outputTokens: t.outputTokens, costUsd: t.costUsd, unpricedTokens: t.unpricedTokens });
}

/** An execution's own totals, frozen in place for a summary to share (ownTotals copies before the next change). */
export function shareTotals(exec: ExecState): Totals {
  return exec.totals === undefined ? ZERO_TOTALS : Object.freeze(exec.totals);
}

/** An execution's models, frozen in place for a summary to share (noteModel copies before the next change). */
export function shareModels(exec: ExecState): readonly string[] | undefined {
  return exec.models === undefined ? undefined : Object.freeze(exec.models);
}

/** A frozen copy of totals. */
export function freezeTotals(t: Totals): Totals {
  return Object.freeze({ inputTokens: t.inputTokens, outputTokens: t.outputTokens, costUsd: t.costUsd, unpricedTokens: t.unpricedTokens });
}

/**
 * A wait inside an attempt. `until` may be planned before the wait ends (retry back-off, retry_after),
 * so whether it is still running is kept apart, in `open`.
 */
export type MutableWait = { -readonly [K in keyof SpanWait]: SpanWait[K] } & { open: boolean };

/** One node attempt. */
export interface AttemptState {
  /** Set again when a pooled object is reused (state-pool.ts); otherwise fixed. */
  index: number;
  nodeId: string;
  attempt: number;
  status: SpanStatus;
  /** The queue this attempt is counted under in queue depth, while it is queued. */
  queueKey: string | undefined;
  queueType: string | undefined;
  workerId: string | undefined;
  /** Times are UNSET (NaN) until known, never undefined (see UNSET); so is costUsd. */
  scheduledAt: number;
  startedAt: number;
  endedAt: number;
  durationMs: number | undefined;
  model: string | undefined;
  system: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  costUsd: number;
  costSource: CostSource;
  error: string | undefined;
  retryable: boolean | undefined;
  finishReason: string | undefined;
  scorers: readonly EvalScore[] | undefined;
  score: number | undefined;
  passed: boolean | undefined;
  /** Created on the first wait / note (most attempts have none). */
  waits: MutableWait[] | undefined;
  notes: string[] | undefined;
  /** Created on the first tool_called (most attempts have none). */
  toolCalls: ToolCall[] | undefined;
  childExecutionId: string | undefined;
  childWorkflowId: string | undefined;
  /** True while held for a human (counted in the execution's held count). */
  held: boolean;
  approvedBy: string | undefined;
  /** Closed by the workflow's terminal event rather than by its own end event. */
  endedByWorkflow: boolean;
  /** Cached frozen view; cleared on every change. */
  view: SpanView | undefined;
}

/** One node of an execution. */
export interface NodeState {
  /** Set again when a pooled object is reused (state-pool.ts); otherwise fixed. */
  nodeId: string;
  kind: NodeKind;
  kindRank: KindRank;
  queueType: string | undefined;
  attempts: AttemptState[];
  /** Next arrival index for a span id (`node#n`); never reused, even after attempts are dropped. */
  nextIndex: number;
  /** Sum over every attempt ever seen (dropped ones included); created on the first usage (most nodes have none). */
  totals: MutableTotals | undefined;
}

/** An event waiting for a missing earlier sequence. */
export interface BufferedEvent {
  readonly event: TypedEvent;
  readonly source: string;
  readonly at: number;
}

/** One execution. */
export interface ExecState {
  /** Set again when a pooled object is reused (state-pool.ts); otherwise fixed. */
  id: string;
  /** The source of its first event. */
  source: string;
  /** The source that last delivered an event for it (repeats included): the one whose silence makes it stale. */
  lastSource: string;
  /** Not terminal, and `lastSource` stopped sending (model/source-liveness.ts). */
  stale: boolean;
  workflowId: string | undefined;
  workflowVersion: string | undefined;
  status: ExecutionStatus;
  terminal: boolean;
  startSeen: boolean;
  /** UNSET (NaN) until known, never undefined (see UNSET). */
  startedAt: number;
  firstEventAt: number;
  endedAt: number;
  lastEventAt: number;
  eventCount: number;
  error: string | undefined;
  parentExecutionId: string | undefined;
  parentNodeId: string | undefined;
  nextExecutionId: string | undefined;
  nodes: Map<string, NodeState>;
  attemptCount: number;
  droppedAttempts: number;
  queuedCount: number;
  heldCount: number;
  /** Own nodes only; created on the first usage. */
  totals: MutableTotals | undefined;
  /** Distinct models its attempts called, first used first, at most MAX_MODELS_PER_EXECUTION; created on the first. */
  models: string[] | undefined;
  /** Child executions started from this one's nodes; created on the first (most executions have none). */
  childIds: Set<string> | undefined;
  /**
   * Subtree totals of child executions evicted from memory, so a parent's totals keep them (children
   * usually end, and are evicted, before their parent); created on the first such eviction.
   */
  evictedChildTotals: MutableTotals | undefined;
  /** Bumped on every change here or in a descendant; the view caches key on it. */
  rev: number;
  summary: ExecutionSummary | undefined;
  summaryRev: number;
  tree: ExecutionTree | undefined;
  treeRev: number;
  /** Included in status counts and summaries (at least one event applied). */
  visible: boolean;
  /** Links of the model's ActiveList (running executions by recency); only active-list.ts touches them. */
  activePrev: ExecState | undefined;
  activeNext: ExecState | undefined;
  // Sequence gate: contiguous watermark, applied sequences above it, highest applied, buffered events.
  watermark: number;
  maxApplied: number;
  above: Set<number> | undefined;
  buffer: Map<number, BufferedEvent> | undefined;
  bufferedSince: number;
}

/** A new, empty execution, reusing a pooled object when there is one. */
export function newExecState(id: string, source: string, pool?: StatePool): ExecState {
  const reused = pool?.execs.pop();
  if (reused === undefined) return execFields(id, source, new Map());
  resetExec(reused, id, source, reused.nodes);
  return reused;
}

/** Sets every field of a reused execution as execFields' literal does (the pool test compares the two). */
function resetExec(e: ExecState, id: string, source: string, nodes: Map<string, NodeState>): void {
  nodes.clear();
  e.id = id; e.source = source; e.lastSource = source; e.stale = false; e.workflowId = undefined; e.workflowVersion = undefined; e.status = 'running';
  e.terminal = false; e.startSeen = false; e.startedAt = UNSET; e.firstEventAt = UNSET;
  e.endedAt = UNSET; e.lastEventAt = 0; e.eventCount = 0; e.error = undefined; e.parentExecutionId = undefined;
  e.parentNodeId = undefined; e.nextExecutionId = undefined; e.nodes = nodes; e.attemptCount = 0;
  e.droppedAttempts = 0; e.queuedCount = 0; e.heldCount = 0; e.totals = undefined; e.models = undefined; e.childIds = undefined;
  e.evictedChildTotals = undefined; e.rev = 0;
  e.summary = undefined; e.summaryRev = -1; e.tree = undefined; e.treeRev = -1; e.visible = false;
  e.activePrev = undefined; e.activeNext = undefined; e.watermark = 0; e.maxApplied = 0; e.above = undefined;
  e.buffer = undefined; e.bufferedSince = 0;
}

/** Every field of a new execution. */
function execFields(id: string, source: string, nodes: Map<string, NodeState>): ExecState {
  return {
    id, source, lastSource: source, stale: false, workflowId: undefined, workflowVersion: undefined, status: 'running', terminal: false,
    startSeen: false, startedAt: UNSET, firstEventAt: UNSET, endedAt: UNSET, lastEventAt: 0, eventCount: 0,
    error: undefined, parentExecutionId: undefined, parentNodeId: undefined, nextExecutionId: undefined,
    nodes, attemptCount: 0, droppedAttempts: 0, queuedCount: 0, heldCount: 0,
    totals: undefined, models: undefined, childIds: undefined, evictedChildTotals: undefined, rev: 0, summary: undefined, summaryRev: -1, tree: undefined, treeRev: -1,
    visible: false, activePrev: undefined, activeNext: undefined, watermark: 0, maxApplied: 0, above: undefined, buffer: undefined, bufferedSince: 0,
  };
}

/**
 * Models kept per execution for its summary (the alerts pane filters executions by an alert's `model`
 * label); an execution calling more is matched by its first ones only.
 */
export const MAX_MODELS_PER_EXECUTION = 8;

/** Records that an execution called `model`, once, up to MAX_MODELS_PER_EXECUTION. */
export function noteModel(exec: ExecState, model: string): void {
  const models = exec.models;
  // A literal of one: pushing onto an empty array reserves 17 slots, and most executions call one model.
  if (models === undefined) exec.models = [model];
  else if (models.length < MAX_MODELS_PER_EXECUTION && !models.includes(model)) {
    // Frozen: a summary shares it (shareModels); it keeps the list it was made with.
    if (Object.isFrozen(models)) exec.models = [...models, model];
    else models.push(model);
  }
}

/** A new node of unknown kind, reusing a pooled object when there is one. */
export function newNodeState(nodeId: string, pool?: StatePool): NodeState {
  const reused = pool?.nodes.pop();
  if (reused === undefined) return { nodeId, kind: 'unknown', kindRank: 0, queueType: undefined, attempts: [], nextIndex: 1, totals: undefined };
  reused.nodeId = nodeId;
  reused.kind = 'unknown';
  reused.kindRank = 0;
  reused.queueType = undefined;
  if (reused.attempts.length > 0) reused.attempts = [];
  reused.nextIndex = 1;
  reused.totals = undefined;
  return reused;
}

/** A new attempt in the given status, reusing a pooled object when there is one. */
export function newAttempt(node: NodeState, status: SpanStatus, attempt: number | undefined, pool?: StatePool): AttemptState {
  const index = node.nextIndex++;
  const reused = pool?.attempts.pop();
  if (reused !== undefined) {
    resetAttempt(reused, index, node, status, attempt);
    return reused;
  }
  return {
    index, nodeId: node.nodeId, attempt: attempt ?? index - 1, status, queueKey: undefined, queueType: node.queueType,
    workerId: undefined, scheduledAt: UNSET, startedAt: UNSET, endedAt: UNSET, durationMs: undefined,
    model: undefined, system: undefined, inputTokens: undefined, outputTokens: undefined, costUsd: UNSET, costSource: 'none',
    error: undefined, retryable: undefined, finishReason: undefined, scorers: undefined, score: undefined, passed: undefined, waits: undefined, notes: undefined, toolCalls: undefined,
    childExecutionId: undefined, childWorkflowId: undefined, held: false, approvedBy: undefined, endedByWorkflow: false, view: undefined,
  };
}

/** Sets every field of a reused attempt as newAttempt's literal does. */
function resetAttempt(a: AttemptState, index: number, node: NodeState, status: SpanStatus, attempt: number | undefined): void {
  a.index = index; a.nodeId = node.nodeId; a.attempt = attempt ?? index - 1; a.status = status; a.queueKey = undefined;
  a.queueType = node.queueType; a.workerId = undefined; a.scheduledAt = UNSET; a.startedAt = UNSET; a.endedAt = UNSET;
  a.durationMs = undefined; a.model = undefined; a.system = undefined; a.inputTokens = undefined; a.outputTokens = undefined;
  a.costUsd = UNSET; a.costSource = 'none'; a.error = undefined; a.retryable = undefined; a.finishReason = undefined; a.scorers = undefined; a.score = undefined;
  a.passed = undefined; a.waits = undefined; a.notes = undefined; a.toolCalls = undefined; a.childExecutionId = undefined; a.childWorkflowId = undefined;
  a.held = false; a.approvedBy = undefined; a.endedByWorkflow = false; a.view = undefined;
}

/** True while an attempt has not ended. */
export function isOpen(a: AttemptState): boolean {
  return a.status === 'queued' || a.status === 'running' || a.status === 'waiting';
}
