import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { completed, effectsOf, ev, execId, nodeStarted, scheduled, started, wfCompleted } from '../../helpers/model-events.js';

const E = execId(1);

describe('dedupe and ordering by execution id + sequence', () => {
  test('the same event three times is applied once and counted twice as a duplicate', () => {
    const model = new ExecutionModel();
    model.apply(ev(1, 1, started(), 0), 's', 0);
    const e2 = ev(1, 2, scheduled('a', 'model'), 1);
    for (let i = 0; i < 3; i++) model.apply(e2, 's', 0);
    assert.equal(model.ingest().applied, 2);
    assert.equal(model.ingest().duplicates, 2);
    assert.equal(model.tree(E)?.nodes[0]?.attempts.length, 1);
    assert.equal(model.queueDepth().total, 1);
    assert.equal(model.tree(E)?.summary.eventCount, 2);
  });

  test('events arriving 1, 3, 2 are applied in order with no gap counted', () => {
    const model = new ExecutionModel();
    model.apply(ev(1, 1, started(), 0), 's', 0);
    model.apply(ev(1, 3, nodeStarted('a'), 2), 's', 0);
    assert.equal(model.ingest().buffered, 1);
    assert.equal(model.tree(E)?.nodes.length, 0);
    model.apply(ev(1, 2, scheduled('a', 'tool'), 1), 's', 10);
    const span = model.tree(E)?.nodes[0]?.attempts;
    // In order, node_started finds the scheduled attempt: one attempt, not two.
    assert.equal(span?.length, 1);
    assert.equal(span?.[0]?.status, 'running');
    assert.equal(span?.[0]?.queueType, 'tool');
    assert.deepEqual([model.ingest().buffered, model.ingest().gaps, model.ingest().applied], [0, 0, 3]);
  });

  test('a duplicate of a held event is recognised while it waits', () => {
    const model = new ExecutionModel();
    model.apply(ev(1, 1, started(), 0), 's', 0);
    model.apply(ev(1, 3, nodeStarted('a'), 2), 's', 0);
    model.apply(ev(1, 3, nodeStarted('a'), 2), 's', 0);
    assert.equal(model.ingest().duplicates, 1);
    assert.equal(model.ingest().buffered, 1);
  });

  test('a real gap is given up on after the timeout, and the missing event applies once when it turns up', () => {
    const model = new ExecutionModel({ caps: { gapTimeoutMs: 2000 } });
    model.apply(ev(1, 1, started(), 0), 's', 1000);
    model.apply(ev(1, 2, scheduled('a', 'model'), 1), 's', 1000);
    model.apply(ev(1, 4, completed('a', 5, { gen_ai_model: 'gpt-4o', input_tokens: 100, output_tokens: 10 }), 4), 's', 1000);
    model.apply(ev(1, 5, scheduled('b', 'tool'), 5), 's', 1500);
    model.tick(2999);
    assert.deepEqual([model.ingest().gaps, model.ingest().buffered], [0, 2]);
    model.tick(3000);
    assert.deepEqual([model.ingest().gaps, model.ingest().buffered, model.ingest().applied], [1, 0, 4]);
    assert.equal(model.tree(E)?.nodes[0]?.status, 'completed');
    assert.equal(model.totals().inputTokens, 100);
    // Events after the given-up gap flow straight through.
    model.apply(ev(1, 6, nodeStarted('b'), 6), 's', 3100);
    assert.equal(model.ingest().buffered, 0);
    // The missing event arrives late: applied once, then a duplicate.
    const late = ev(1, 3, nodeStarted('a'), 2);
    model.apply(late, 's', 4000);
    model.apply(late, 's', 4000);
    assert.equal(model.ingest().applied, 6);
    assert.equal(model.ingest().duplicates, 1);
    assert.equal(model.totals().inputTokens, 100);
    model.apply(ev(1, 7, wfCompleted(), 7), 's', 4000);
    assert.equal(model.tree(E)?.summary.status, 'completed');
  });

  test('an execution first seen mid-stream is held like a gap, then shown with startSeen false', () => {
    const model = new ExecutionModel({ caps: { gapTimeoutMs: 500 } });
    model.apply(ev(1, 7, scheduled('a', 'tool'), 70), 's', 0);
    model.apply(ev(1, 8, nodeStarted('a'), 80), 's', 0);
    assert.equal(model.summaries().length, 0);
    assert.equal(model.tree(E), undefined);
    model.tick(500);
    const summary = model.tree(E)?.summary;
    assert.equal(summary?.startSeen, false);
    assert.equal(summary?.status, 'running');
    assert.equal(summary?.workflowId, undefined);
    assert.equal(model.ingest().gaps, 0);
    model.apply(ev(1, 9, completed('a'), 90), 's', 600);
    model.apply(ev(1, 10, wfCompleted(), 100), 's', 600);
    const ended = effectsOf(model.drainEffects(), 'execution_ended')[0];
    assert.equal(ended?.durationMs, undefined);
    assert.equal(ended?.workflowId, 'unknown');
  });

  test('overflowing the per-execution buffer gives up on the gap at once', () => {
    const model = new ExecutionModel({ caps: { maxBufferedPerExecution: 4 } });
    model.apply(ev(1, 1, started(), 0), 's', 0);
    for (let seq = 3; seq <= 6; seq++) model.apply(ev(1, seq, scheduled(`n${seq}`), seq), 's', 0);
    assert.equal(model.ingest().buffered, 4);
    model.apply(ev(1, 7, scheduled('n7'), 7), 's', 0);
    assert.deepEqual([model.ingest().buffered, model.ingest().gaps, model.ingest().applied], [0, 1, 6]);
    assert.deepEqual(model.tree(E)?.nodes.map((n) => n.nodeId), ['n3', 'n4', 'n5', 'n6', 'n7']);
  });

  test('overflowing the total buffer gives up on the gap of the execution that overflowed it', () => {
    const model = new ExecutionModel({ caps: { maxBufferedTotal: 3 } });
    for (let n = 1; n <= 3; n++) model.apply(ev(n, 5, scheduled('a'), 5), 's', 0);
    assert.equal(model.ingest().buffered, 3);
    model.apply(ev(4, 5, scheduled('a'), 5), 's', 0);
    assert.equal(model.ingest().buffered, 3);
    assert.equal(model.tree(execId(4))?.nodes.length, 1);
    assert.equal(model.tree(execId(1)), undefined);
  });

  test('a hole that never fills is forgotten past the cap, so memory stays bounded', () => {
    const model = new ExecutionModel({ caps: { maxBufferedPerExecution: 2, gapTimeoutMs: 1 } });
    model.apply(ev(1, 1, started(), 0), 's', 0);
    model.apply(ev(1, 3, scheduled('a'), 3), 's', 0);
    model.tick(10);
    for (let seq = 4; seq <= 6; seq++) model.apply(ev(1, seq, scheduled(`n${seq}`), seq), 's', 10);
    // Sequence 2 was forgotten: when it finally arrives it is a duplicate, not applied out of the blue.
    model.apply(ev(1, 2, scheduled('late'), 2), 's', 20);
    assert.equal(model.ingest().duplicates, 1);
    assert.equal(model.tree(E)?.nodes.some((n) => n.nodeId === 'late'), false);
  });
});
