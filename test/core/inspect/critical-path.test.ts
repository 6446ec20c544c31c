import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { criticalPath } from '../../../source/core/inspect/critical-path.js';
import type { ExecutionTree, NodeView, SpanView } from '../../../source/core/model/types.js';

function span(nodeId: string, n: number, start: number | undefined, end: number | undefined, scheduled?: number): SpanView {
  return {
    id: `${nodeId}#${n}`, nodeId, attempt: n - 1, kind: 'tool', status: end === undefined ? 'running' : 'completed',
    scheduledAt: scheduled, startedAt: start, endedAt: end, costSource: 'none', waits: [], notes: [],
  };
}

function tree(...attempts: SpanView[]): ExecutionTree {
  const nodes = new Map<string, SpanView[]>();
  for (const a of attempts) nodes.set(a.nodeId, [...(nodes.get(a.nodeId) ?? []), a]);
  const zero = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
  const views: NodeView[] = [...nodes].map(([nodeId, a]) => ({ nodeId, kind: 'tool', status: a[a.length - 1]!.status, attempts: a, totals: zero }));
  return { summary: { id: 'exec_x', source: 's', status: 'completed', stale: false, startSeen: true, lastEventAt: 0, eventCount: 0, currentNodes: [], queuedNodes: 0, waitingApproval: false, models: [], totals: zero, subtreeTotals: zero }, nodes: views };
}

describe('criticalPath', () => {
  test('walks back from the last-ending attempt through the one that ended most recently before each started', () => {
    // a (0-10) and b (0-30) in parallel, c starts at 30 after b; d is a short side branch.
    const path = criticalPath(tree(span('a', 1, 0, 10), span('b', 1, 0, 30), span('d', 1, 12, 14), span('c', 1, 30, 50)));
    assert.deepEqual(path.map((s) => s.spanId), ['b#1', 'c#1']);
    assert.equal(path[1]!.durationMs, 20);
  });

  test('chains retries of the same node and uses scheduledAt when a node never started', () => {
    const path = criticalPath(tree(span('x', 1, 0, 5), span('x', 2, 8, 9), span('h', 1, undefined, 20, 10)));
    assert.deepEqual(path.map((s) => s.spanId), ['x#1', 'x#2', 'h#1']);
    assert.equal(path[2]!.startedAt, 10);
  });

  test('is empty when nothing has ended', () => {
    assert.deepEqual(criticalPath(tree(span('a', 1, 0, undefined))), []);
  });
});
