import type { Json } from '../decode/event-kinds.js';
import type { RawEnvelope } from '../decode/event.js';
import type { ExecutionTree, NodeView, SpanView, Totals } from '../model/types.js';
import { criticalPath } from './critical-path.js';
import { hideBudget, type FoldedState } from './fold-state.js';
import { timeline } from './timeline.js';

/** Bumped only when a field is removed or changes meaning (adding fields does not bump it). */
export const INSPECT_FORMAT = 'jamjet-top/inspect@1';

/** Where inspect found the execution. */
export type FoundIn = 'store' | 'runtime';

/** What `inspect --json` prints. Field names are stable and documented in the README. */
export interface InspectDocument {
  readonly format: string;
  readonly found_in: FoundIn;
  readonly execution: ExecutionJson;
  readonly tree: NodeJson[];
  /** Tokens and cost including every child workflow's. */
  readonly totals: TotalsJson;
  /** The execution's own share of `totals` (its own nodes); `totals` minus `own` is its children's. */
  readonly own: TotalsJson;
  readonly by_model: ModelUsageJson[];
  readonly critical_path: PathStepJson[];
  readonly events?: EventJson[];
  readonly state?: StateJson;
}

/** The execution's own fields. */
export interface ExecutionJson {
  execution_id: string; workflow_id: string | null; workflow_version: string | null; status: string;
  started_at: string | null; ended_at: string | null; duration_ms: number | null; source: string;
  error: string | null; parent_execution_id: string | null; parent_node_id: string | null; next_execution_id: string | null;
  event_count: number;
  /** Not finished, and no monitor follows its source any more: `status` is the last the runtime said. */
  stale: boolean;
  /** Time of the last event seen from it. */
  last_seen_at: string | null;
}
/** Tokens and cost; cost excludes unpriced tokens. */
export interface TotalsJson { input_tokens: number; output_tokens: number; cost_usd: number; unpriced_tokens: number }
/** One node with its attempts and, for a child-workflow node, the child execution nested. */
export interface NodeJson { node_id: string; kind: string; status: string; totals: TotalsJson; attempts: AttemptJson[]; child: ChildJson | null }
/** A nested child execution: `totals` include its own children's, `own` is its own share. */
export interface ChildJson { execution: ExecutionJson; tree: NodeJson[]; totals: TotalsJson; own: TotalsJson }
/** One node attempt. */
export interface AttemptJson {
  span_id: string; attempt: number; status: string; queue_type: string | null; worker_id: string | null;
  scheduled_at: string | null; started_at: string | null; ended_at: string | null; duration_ms: number | null;
  model: string | null; system: string | null; input_tokens: number | null; output_tokens: number | null;
  cost_usd: number | null; cost_source: string; error: string | null; retryable: boolean | null;
  score: number | null; passed: boolean | null; waits: WaitJson[]; notes: string[];
  child_execution_id: string | null; child_workflow_id: string | null;
}
/** A wait inside an attempt. */
export interface WaitJson { kind: string; since: string; until: string | null; detail: string | null; decision: string | null; by: string | null }
/** Usage of one model across the execution and its children. */
export interface ModelUsageJson { model: string; calls: number; input_tokens: number; output_tokens: number; cost_usd: number | null }
/** One step of the critical path. */
export interface PathStepJson { span_id: string; node_id: string; attempt: number; started_at: string; ended_at: string; duration_ms: number }
/** One event of `--events`. */
export interface EventJson { sequence: number; offset_ms: number; type: string; node_id: string | null; summary: string; envelope: RawEnvelope }
/** `--state`. */
export interface StateJson { origin: string; patches: number; value: Json }

const iso = (t: number | undefined): string | null => (t === undefined || !Number.isFinite(t) ? null : new Date(t).toISOString());
const n = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function totalsJson(t: Totals): TotalsJson {
  return { input_tokens: t.inputTokens, output_tokens: t.outputTokens, cost_usd: t.costUsd, unpriced_tokens: t.unpricedTokens };
}

function executionJson(tree: ExecutionTree): ExecutionJson {
  const s = tree.summary;
  return {
    execution_id: s.id, workflow_id: n(s.workflowId), workflow_version: n(s.workflowVersion), status: s.status,
    started_at: iso(s.startedAt), ended_at: iso(s.endedAt), duration_ms: n(s.durationMs), source: s.source,
    error: n(s.error), parent_execution_id: n(s.parentExecutionId), parent_node_id: n(s.parentNodeId),
    next_execution_id: n(s.nextExecutionId), event_count: s.eventCount,
    stale: s.stale, last_seen_at: iso(s.lastSeenAt ?? (s.eventCount > 0 ? s.lastEventAt : undefined)),
  };
}

function attemptJson(a: SpanView): AttemptJson {
  return {
    span_id: a.id, attempt: a.attempt, status: a.status, queue_type: n(a.queueType), worker_id: n(a.workerId),
    scheduled_at: iso(a.scheduledAt), started_at: iso(a.startedAt), ended_at: iso(a.endedAt), duration_ms: n(a.durationMs),
    model: n(a.model), system: n(a.system), input_tokens: n(a.inputTokens), output_tokens: n(a.outputTokens),
    cost_usd: n(a.costUsd), cost_source: a.costSource, error: n(a.error), retryable: n(a.retryable),
    score: n(a.score), passed: n(a.passed),
    waits: a.waits.map((w) => ({ kind: w.kind, since: iso(w.since)!, until: iso(w.until), detail: n(w.detail), decision: n(w.decision), by: n(w.by) })),
    notes: [...a.notes], child_execution_id: n(a.childExecutionId), child_workflow_id: n(a.childWorkflowId),
  };
}

function nodeJson(node: NodeView): NodeJson {
  return {
    node_id: node.nodeId, kind: node.kind, status: node.status, totals: totalsJson(node.totals),
    attempts: node.attempts.map(attemptJson),
    child: node.child
      ? { execution: executionJson(node.child), tree: node.child.nodes.map(nodeJson), totals: totalsJson(node.child.summary.subtreeTotals), own: totalsJson(node.child.summary.totals) }
      : null,
  };
}

/** Every attempt in the tree and its nested children. */
function* allAttempts(tree: ExecutionTree): Generator<SpanView> {
  for (const node of tree.nodes) {
    yield* node.attempts;
    if (node.child) yield* allAttempts(node.child);
  }
}

/** Tokens and cost by model over the execution and its children, most expensive first. */
export function usageByModel(tree: ExecutionTree): ModelUsageJson[] {
  const by = new Map<string, ModelUsageJson>();
  for (const a of allAttempts(tree)) {
    if (a.model === undefined) continue;
    const u = by.get(a.model) ?? { model: a.model, calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: null };
    u.calls++;
    u.input_tokens += a.inputTokens ?? 0;
    u.output_tokens += a.outputTokens ?? 0;
    if (a.costUsd !== undefined) u.cost_usd = (u.cost_usd ?? 0) + a.costUsd;
    by.set(a.model, u);
  }
  return [...by.values()].sort((x, y) => (y.cost_usd ?? -1) - (x.cost_usd ?? -1) || (x.model < y.model ? -1 : 1));
}

/** What to include beyond the tree and totals. */
export interface ReportOptions {
  readonly foundIn: FoundIn;
  /** The execution's own envelopes, for `events`. */
  readonly events?: readonly RawEnvelope[] | undefined;
  readonly state?: FoldedState | undefined;
  /** The parent named by the store when the loaded events do not name one (a child inspected on its own). */
  readonly parent?: { readonly executionId: string; readonly nodeId?: string | undefined } | undefined;
}

/** Builds the `inspect --json` document. Pure: same tree and options, same document. */
export function inspectReport(tree: ExecutionTree, opts: ReportOptions): InspectDocument {
  const doc: InspectDocument = {
    format: INSPECT_FORMAT,
    found_in: opts.foundIn,
    execution: executionJson(tree),
    tree: tree.nodes.map(nodeJson),
    totals: totalsJson(tree.summary.subtreeTotals),
    own: totalsJson(tree.summary.totals),
    by_model: usageByModel(tree),
    critical_path: criticalPath(tree).map((s) => ({
      span_id: s.spanId, node_id: s.nodeId, attempt: s.attempt, started_at: iso(s.startedAt)!, ended_at: iso(s.endedAt)!, duration_ms: s.durationMs,
    })),
  };
  const out: { -readonly [K in keyof InspectDocument]: InspectDocument[K] } = doc;
  if (opts.parent && doc.execution.parent_execution_id === null) {
    doc.execution.parent_execution_id = opts.parent.executionId;
    doc.execution.parent_node_id = opts.parent.nodeId ?? null;
  }
  if (opts.events) {
    const byKey = new Map(opts.events.map((e) => [e.sequence, e]));
    out.events = timeline(opts.events).map((t) => ({
      sequence: t.sequence, offset_ms: t.offsetMs, type: t.type, node_id: n(t.nodeId), summary: t.summary, envelope: byKey.get(t.sequence)!,
    }));
  }
  if (opts.state) out.state = { origin: opts.state.origin, patches: opts.state.patches, value: hideBudget(opts.state.state) };
  return out;
}
