import type { ExecutionTree, SpanView } from '../model/types.js';

/** One attempt on the critical path. */
export interface PathStep {
  /** The attempt's span id, `<node_id>#<n>` (n counts this node's attempts from 1). */
  readonly spanId: string;
  readonly nodeId: string;
  readonly attempt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
}

interface Timed {
  readonly span: SpanView;
  readonly start: number;
  readonly end: number;
}

/**
 * The chain of node attempts that bounded the execution's duration, earliest first. Defined simply:
 * start from the attempt that ended last; then repeatedly take the attempt that ended most recently at
 * or before the current one started (what it most plausibly waited for). An attempt's start is its
 * `startedAt`, else its `scheduledAt` (HTTP-worker nodes have no node_started). Own nodes only: a child
 * execution is represented by the parent node that waited for it. With `now` (a live execution), attempts
 * still running or waiting count as ending now, so the path leads to what is holding the execution up.
 */
export function criticalPath(tree: ExecutionTree, now?: number): PathStep[] {
  const timed: Timed[] = [];
  for (const node of tree.nodes) {
    for (const span of node.attempts) {
      const start = span.startedAt ?? span.scheduledAt;
      const open = now !== undefined && span.startedAt !== undefined && (span.status === 'running' || span.status === 'waiting');
      const end = span.endedAt ?? (open ? Math.max(now, span.startedAt) : undefined);
      if (start === undefined || end === undefined) continue;
      timed.push({ span, start, end });
    }
  }
  if (timed.length === 0) return [];
  // Latest end first; ties broken by latest start so the shorter, later attempt is the one chained.
  timed.sort((a, b) => b.end - a.end || b.start - a.start);
  const path: Timed[] = [timed[0]!];
  let current = timed[0]!;
  for (let i = 1; i < timed.length; i++) {
    const t = timed[i]!;
    if (t.end <= current.start && t !== current) {
      path.push(t);
      current = t;
    }
  }
  return path.reverse().map(({ span, start, end }) => ({
    spanId: span.id,
    nodeId: span.nodeId,
    attempt: span.attempt,
    startedAt: start,
    endedAt: end,
    durationMs: span.durationMs ?? end - start,
  }));
}
