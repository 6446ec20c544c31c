import type { AttemptState, ExecState, NodeState } from './model-state.js';
import type { ExecutionSummary, ExecutionTree, NodeView, SpanView, SpanWait, Totals } from './types.js';
import { addTotals, freezeTotals, isSet, orElse, orUndefined, shareModels, shareTotals, zeroTotals, ZERO_TOTALS } from './model-state.js';

/** How deep child executions nest in a tree and in subtree rollups (also the guard against link cycles). */
export const MAX_TREE_DEPTH = 8;

const NO_WAITS: readonly SpanWait[] = Object.freeze([]);
const NO_NOTES: readonly string[] = Object.freeze([]);

/** Finds an execution held by the model. */
export type ExecLookup = (id: string) => ExecState | undefined;

/**
 * The frozen view of one attempt, cached on it until it next changes; with `keep` false a new view is not
 * cached (an ended attempt nobody shows: a view kept on every attempt would be promoted and held for nothing).
 */
export function spanView(node: NodeState, att: AttemptState, keep = true): SpanView {
  const cached = att.view;
  if (cached !== undefined && cached.kind === node.kind) return cached;
  const view: SpanView = Object.freeze({
    id: `${att.nodeId}#${att.index}`,
    nodeId: att.nodeId,
    attempt: att.attempt,
    kind: node.kind,
    status: att.status,
    queueType: att.queueType,
    workerId: att.workerId,
    scheduledAt: orUndefined(att.scheduledAt),
    startedAt: orUndefined(att.startedAt),
    endedAt: orUndefined(att.endedAt),
    durationMs: att.durationMs,
    model: att.model,
    system: att.system,
    inputTokens: att.inputTokens,
    outputTokens: att.outputTokens,
    costUsd: orUndefined(att.costUsd),
    costSource: att.costSource,
    error: att.error,
    retryable: att.retryable,
    finishReason: att.finishReason,
    scorers: att.scorers,
    score: att.score,
    passed: att.passed,
    waits: att.waits === undefined || att.waits.length === 0 ? NO_WAITS : Object.freeze(att.waits.map(({ open: _open, ...wait }) => Object.freeze(wait))),
    notes: att.notes === undefined || att.notes.length === 0 ? NO_NOTES : Object.freeze([...att.notes]),
    toolCalls: att.toolCalls === undefined || att.toolCalls.length === 0 ? undefined : Object.freeze(att.toolCalls.map((c) => Object.freeze({ ...c }))),
    childExecutionId: att.childExecutionId,
    childWorkflowId: att.childWorkflowId,
  });
  if (keep) att.view = view;
  return view;
}

/**
 * Own totals plus every descendant execution: those in memory reached over child links within
 * MAX_TREE_DEPTH levels, each counted once however it is reached (breadth first, so the set is the one
 * the store's recursive query sums), plus what evicted children left behind.
 */
export function subtreeTotals(exec: ExecState, lookup: ExecLookup): Totals {
  const own = exec.totals ?? ZERO_TOTALS;
  if ((exec.childIds === undefined || exec.childIds.size === 0) && exec.evictedChildTotals === undefined) return own;
  const out = zeroTotals();
  addTotals(out, own);
  if (exec.evictedChildTotals !== undefined) addTotals(out, exec.evictedChildTotals);
  const seen = new Set<string>([exec.id]);
  let level: ExecState[] = [exec];
  for (let depth = 0; depth < MAX_TREE_DEPTH && level.length > 0; depth++) {
    const next: ExecState[] = [];
    for (const parent of level) {
      if (parent.childIds === undefined) continue;
      for (const childId of parent.childIds) {
        if (seen.has(childId)) continue;
        const child = lookup(childId);
        if (child === undefined) continue;
        seen.add(childId);
        if (child.totals !== undefined) addTotals(out, child.totals);
        if (child.evictedChildTotals !== undefined) addTotals(out, child.evictedChildTotals);
        next.push(child);
      }
    }
    level = next;
  }
  return out;
}

/** The shared empty list for an execution with no current nodes, or no model calls. */
const NO_NODES: readonly string[] = Object.freeze([]);

/** The shared result for an execution with nothing running or waiting. */
const NOTHING_CURRENT = { ids: NO_NODES, since: undefined };

function currentNodes(exec: ExecState): { ids: readonly string[]; since: number | undefined } {
  let current: Array<{ id: string; at: number }> | undefined;
  for (const node of exec.nodes.values()) {
    const latest = node.attempts[node.attempts.length - 1];
    if (latest !== undefined && (latest.status === 'running' || latest.status === 'waiting')) {
      (current ??= []).push({ id: node.nodeId, at: orElse(latest.startedAt, orElse(latest.scheduledAt, 0)) });
    }
  }
  // Most summaries are of ended executions, with nothing running: one shared empty list.
  if (current === undefined) return NOTHING_CURRENT;
  current.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids: Object.freeze(current.map((c) => c.id)), since: current[0]!.at || undefined };
}

/** The frozen summary of an execution; the same object until the execution (or a descendant) changes. */
export function summaryOf(exec: ExecState, lookup: ExecLookup): ExecutionSummary {
  if (exec.summary !== undefined && exec.summaryRev === exec.rev) return exec.summary;
  const startedAt = orUndefined(orElse(exec.startedAt, exec.firstEventAt));
  // Shared with the execution, not copied: it copies before its next change (ownTotals, noteModel).
  const ownFrozen = shareTotals(exec);
  const models = shareModels(exec);
  const subtree = subtreeTotals(exec, lookup);
  const current = currentNodes(exec);
  const summary: ExecutionSummary = Object.freeze({
    id: exec.id,
    source: exec.source,
    workflowId: exec.workflowId,
    workflowVersion: exec.workflowVersion,
    status: exec.status,
    stale: exec.stale,
    lastSeenAt: exec.stale ? exec.lastEventAt : undefined,
    startedAt,
    endedAt: orUndefined(exec.endedAt),
    durationMs: exec.startSeen && isSet(exec.startedAt) && isSet(exec.endedAt) ? exec.endedAt - exec.startedAt : undefined,
    startSeen: exec.startSeen,
    lastEventAt: exec.lastEventAt,
    eventCount: exec.eventCount,
    currentNodes: current.ids,
    currentSince: current.since,
    models: models ?? NO_NODES,
    queuedNodes: exec.queuedCount,
    waitingApproval: exec.heldCount > 0,
    totals: ownFrozen,
    // With no child workflows the subtree is the execution's own totals: one frozen object for both.
    subtreeTotals: subtree === ownFrozen ? ownFrozen : freezeTotals(subtree),
    error: exec.error,
    parentExecutionId: exec.parentExecutionId,
    parentNodeId: exec.parentNodeId,
    nextExecutionId: exec.nextExecutionId,
    droppedAttempts: exec.droppedAttempts > 0 ? exec.droppedAttempts : undefined,
  });
  exec.summary = summary;
  exec.summaryRev = exec.rev;
  return summary;
}

function nodeView(exec: ExecState, node: NodeState, lookup: ExecLookup, depth: number, seen: Set<string>): NodeView {
  const attempts = node.attempts.map((a) => spanView(node, a));
  const latest = node.attempts[node.attempts.length - 1];
  const own = node.totals ?? ZERO_TOTALS;
  let totals: Totals = own;
  let child: ExecutionTree | undefined;
  let counted: Set<string> | undefined;
  for (let i = node.attempts.length - 1; i >= 0; i--) {
    const childId = node.attempts[i]?.childExecutionId;
    if (childId === undefined || childId === exec.id || counted?.has(childId)) continue;
    const childExec = lookup(childId);
    if (childExec === undefined) continue;
    (counted ??= new Set()).add(childId);
    if (totals === own) totals = { ...own };
    addTotals(totals as { -readonly [K in keyof Totals]: number }, summaryOf(childExec, lookup).subtreeTotals);
    // Nest the latest attempt's child; an execution appears once per tree and never past MAX_TREE_DEPTH.
    if (child === undefined && depth + 1 < MAX_TREE_DEPTH && !seen.has(childId)) {
      seen.add(childId);
      child = treeOf(childExec, lookup, depth + 1, seen);
    }
  }
  return Object.freeze({
    nodeId: node.nodeId,
    kind: node.kind,
    status: latest?.status ?? 'completed',
    attempts: Object.freeze(attempts),
    totals: freezeTotals(totals),
    child,
  });
}

/** The frozen tree of an execution, child executions nested under the node that started them. */
export function treeOf(exec: ExecState, lookup: ExecLookup, depth = 0, seen: Set<string> = new Set([exec.id])): ExecutionTree {
  if (depth === 0 && exec.tree !== undefined && exec.treeRev === exec.rev) return exec.tree;
  const nodes: NodeView[] = [];
  for (const node of exec.nodes.values()) nodes.push(nodeView(exec, node, lookup, depth, seen));
  const tree: ExecutionTree = Object.freeze({ summary: summaryOf(exec, lookup), nodes: Object.freeze(nodes) });
  if (depth === 0) {
    exec.tree = tree;
    exec.treeRev = exec.rev;
  }
  return tree;
}
