import type { ExecutionSummary, Totals } from '../../core/snapshot/snapshot.js';
import { executionAge } from '../format/execution-row.js';

/** The orders `s` cycles through, first the default. */
export const SORT_MODES = ['newest', 'duration', 'cost', 'tokens', 'status'] as const;

/** One of SORT_MODES. */
export type SortMode = (typeof SORT_MODES)[number];

/** The mode after `mode` in SORT_MODES, wrapping. */
export function nextSortMode(mode: SortMode): SortMode {
  return SORT_MODES[(SORT_MODES.indexOf(mode) + 1) % SORT_MODES.length]!;
}

/** Status order for `status`: what needs a look first (failed, limit, stale, paused, running), the rest after. */
const STATUS_RANK: Readonly<Record<string, number>> = {
  failed: 0, limit_exceeded: 1, stale: 2, paused: 3, running: 4, cancelled: 5, completed: 6,
};

const tokensOf = (t: Totals): number => t.inputTokens + t.outputTokens;

/**
 * The rows in `mode`'s order: `newest` keeps the snapshot's (running newest first, then finished, most
 * recently ended first); the others sort descending by duration (running ones by elapsed time), cost and
 * tokens (child workflows' included), or by status rank, each ties broken by the snapshot's order, so
 * equal rows never swap between frames.
 */
export function sortExecutions(rows: readonly ExecutionSummary[], mode: SortMode, now: number): readonly ExecutionSummary[] {
  if (mode === 'newest') return rows;
  const key = (e: ExecutionSummary): number => {
    switch (mode) {
      case 'duration': return -(executionAge(e, now) ?? -1);
      case 'cost': return -e.subtreeTotals.costUsd;
      case 'tokens': return -tokensOf(e.subtreeTotals);
      case 'status': return STATUS_RANK[e.stale ? 'stale' : e.status] ?? 9;
    }
  };
  const keyed = rows.map((e, i) => ({ e, i, k: key(e) }));
  keyed.sort((a, b) => a.k - b.k || a.i - b.i);
  return keyed.map((x) => x.e);
}

/** A row of the executions list: an execution, or (grouped by workflow) a group's header. */
export type ListRow =
  | { readonly kind: 'execution'; readonly execution: ExecutionSummary }
  | { readonly kind: 'group'; readonly workflow: string; readonly count: number; readonly running: number; readonly failed: number; readonly costUsd: number };

/** Name of the group for executions whose workflow is not known. */
export const UNKNOWN_WORKFLOW = '?';

/**
 * The list's rows: one per execution, or grouped by workflow (groups in order of their first row, each
 * headed by its counts and cost, its executions in the given order after it).
 */
export function listRows(rows: readonly ExecutionSummary[], group: boolean): readonly ListRow[] {
  if (!group) return rows.map((execution) => ({ kind: 'execution', execution }));
  const groups = new Map<string, ExecutionSummary[]>();
  for (const e of rows) {
    const name = e.workflowId ?? UNKNOWN_WORKFLOW;
    let list = groups.get(name);
    if (list === undefined) groups.set(name, (list = []));
    list.push(e);
  }
  const out: ListRow[] = [];
  for (const [workflow, list] of groups) {
    let running = 0;
    let failed = 0;
    let costUsd = 0;
    for (const e of list) {
      if (!e.stale && (e.status === 'running' || e.status === 'paused')) running++;
      if (e.status === 'failed' || e.status === 'limit_exceeded') failed++;
      costUsd += e.subtreeTotals.costUsd;
    }
    out.push({ kind: 'group', workflow, count: list.length, running, failed, costUsd });
    for (const execution of list) out.push({ kind: 'execution', execution });
  }
  return out;
}
