import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { QueueCounter } from '../../../source/core/model/queue-counter.js';
import { completed, ev, execId, failed, nodeStarted, scheduled, started, wfCancelled } from '../../helpers/model-events.js';

describe('QueueCounter', () => {
  test('counts per queue and forgets emptied queues', () => {
    const q = new QueueCounter();
    q.add('tool');
    q.add('tool');
    q.add('model');
    q.remove('tool');
    assert.deepEqual(q.snapshot(), { total: 2, byQueue: { model: 1, tool: 1 } });
    q.remove('tool');
    q.remove('model');
    assert.deepEqual(q.snapshot(), { total: 0, byQueue: {} });
  });
});

describe('queue depth derived from events', () => {
  test('follows schedule, start, park, retry and cancel, overall and per queue_type', () => {
    const model = new ExecutionModel();
    let seq = 1;
    const apply = (kind: { type: string; [k: string]: unknown }, n = 1): void => model.apply(ev(n, n === 1 ? seq++ : 99, kind, seq), 's', 0);
    apply(started());
    apply(scheduled('m', 'model'));
    apply(scheduled('t', 'tool'));
    apply(scheduled('p', 'python_tool'));
    assert.deepEqual(model.queueDepth(), { total: 3, byQueue: { model: 1, python_tool: 1, tool: 1 } });
    apply(nodeStarted('m'));
    assert.deepEqual(model.queueDepth(), { total: 2, byQueue: { python_tool: 1, tool: 1 } });
    // Provider 429: the running attempt ends, the next one waits in the queue.
    apply({ type: 'node_parked', node_id: 'm', attempt: 1, retry_after: '2026-03-14T09:05:00+00:00' });
    assert.deepEqual(model.queueDepth(), { total: 3, byQueue: { model: 1, python_tool: 1, tool: 1 } });
    apply(nodeStarted('m', 1));
    apply(nodeStarted('t'));
    apply(failed('t', 'lease expired: worker presumed dead', 0, true));
    assert.equal(model.queueDepth().total, 1);
    apply({ type: 'retry_scheduled', node_id: 't', attempt: 1, delay_ms: 2000 });
    assert.deepEqual(model.queueDepth(), { total: 2, byQueue: { python_tool: 1, tool: 1 } });
    // HTTP-claimed work leaves the queue only when it completes.
    apply(completed('p'));
    assert.deepEqual(model.queueDepth(), { total: 1, byQueue: { tool: 1 } });
    apply(wfCancelled());
    assert.deepEqual(model.queueDepth(), { total: 0, byQueue: {} });
    const attempts = model.tree(execId(1))?.nodes.find((n) => n.nodeId === 'm')?.attempts;
    assert.deepEqual(attempts?.map((a) => [a.status, a.attempt]), [['failed', 0], ['cancelled', 1]]);
    assert.equal(attempts?.[1]?.waits[0]?.kind, 'parked');
    assert.equal(attempts?.[1]?.waits[0]?.until, attempts?.[1]?.startedAt);
  });

  test('a node with no node_scheduled is queued under unknown', () => {
    const model = new ExecutionModel();
    model.apply(ev(1, 1, started(), 0), 's', 0);
    model.apply(ev(1, 2, { type: 'retry_scheduled', node_id: 'x', attempt: 1, delay_ms: 1000 }, 1), 's', 0);
    assert.deepEqual(model.queueDepth(), { total: 1, byQueue: { unknown: 1 } });
    assert.equal(model.tree(execId(1))?.summary.queuedNodes, 1);
  });
});
