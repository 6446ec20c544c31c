import { criticalPath } from '../inspect/critical-path.js';
import type { ExecutionTree } from '../model/types.js';

/** The key of an attempt in criticalSpans' set: its execution's id and its span id. */
export const criticalSpanKey = (executionId: string, spanId: string): string => `${executionId}/${spanId}`;

/**
 * The attempts on an execution's critical path, live (running attempts end at `now`), and, under each
 * one that started a child workflow shown in the tree, the child's own critical path, as far as the
 * tree nests (its depth is capped where it is built).
 */
export function criticalSpans(tree: ExecutionTree, now: number): ReadonlySet<string> {
  const out = new Set<string>();
  mark(tree, now, out);
  return out;
}

function mark(tree: ExecutionTree, now: number, out: Set<string>): void {
  const steps = criticalPath(tree, now);
  if (steps.length === 0) return;
  const onPath = new Set(steps.map((s) => s.spanId));
  for (const node of tree.nodes) {
    let hit = false;
    for (const span of node.attempts) {
      if (!onPath.has(span.id)) continue;
      out.add(criticalSpanKey(tree.summary.id, span.id));
      hit = true;
    }
    if (hit && node.child) mark(node.child, now, out);
  }
}
