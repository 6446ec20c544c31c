import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { createWorkload } from '../../../source/core/sim/workload.js';
import type { ScriptedEvent } from '../../../source/core/sim/script-builder.js';
import type { ExecutionStatus } from '../../../source/core/model/types.js';
import { decode } from '../../helpers/model-events.js';

/** The demo runtime's seeded workload (retries, parks, approvals, cancels, children, rollovers), in emission order. */
function workloadEvents(roots: number): ScriptedEvent[] {
  const workload = createWorkload(7, Date.UTC(2026, 2, 14), 5);
  const all: Array<{ ev: ScriptedEvent; order: number }> = [];
  for (let i = 0; i < roots; i++) for (const script of workload.next().scripts) for (const ev of script.events) all.push({ ev, order: all.length });
  all.sort((a, b) => a.ev.at - b.ev.at || a.order - b.order);
  return all.map((a) => a.ev);
}

describe('ExecutionModel over the demo workload', () => {
  test('keeps its books consistent: statuses, queue depth, pauses and totals agree with the events', () => {
    const events = workloadEvents(300);
    const model = new ExecutionModel();
    const terminal: Record<string, ExecutionStatus> = {
      workflow_completed: 'completed', workflow_failed: 'failed', workflow_cancelled: 'cancelled', segment_boundary: 'limit_exceeded',
    };
    const expected = new Map<string, ExecutionStatus>();
    let input = 0;
    for (const e of events) {
      const event = decode(e.envelope, e.nodeKind);
      const end = terminal[e.envelope.kind.type];
      if (end !== undefined && !expected.has(event.executionId)) expected.set(event.executionId, end);
      if (e.envelope.kind.type === 'node_completed' && typeof e.envelope.kind['input_tokens'] === 'number') input += e.envelope.kind['input_tokens'];
      model.apply(event, 'sim', e.at);
    }
    model.tick(Number.MAX_SAFE_INTEGER);
    const summaries = model.summaries();
    assert.ok(summaries.length > 300);
    assert.equal(model.ingest().gaps, 0);
    assert.equal(model.ingest().duplicates, 0);
    for (const s of summaries) {
      assert.equal(s.status, expected.get(s.id) ?? s.status, s.id);
      if (expected.has(s.id)) assert.equal(s.queuedNodes, 0, s.id);
      assert.equal(s.status === 'paused', s.waitingApproval, s.id);
    }
    assert.equal(model.queueDepth().total, summaries.reduce((n, s) => n + s.queuedNodes, 0));
    assert.equal(model.totals().inputTokens, input);
    assert.equal(summaries.reduce((n, s) => n + s.totals.inputTokens, 0), input);
    const counts = model.statusCounts();
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), summaries.length);
    const kinds = new Set(summaries.flatMap((s) => model.tree(s.id)?.nodes.map((n) => n.kind) ?? []));
    assert.ok(!kinds.has('unknown'), [...kinds].join(','));
  });
});
