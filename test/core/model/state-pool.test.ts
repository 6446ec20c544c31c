import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { newAttempt, newExecState, newNodeState } from '../../../source/core/model/model-state.js';
import { MAX_POOLED_ATTEMPTS, MAX_POOLED_EXECUTIONS, MAX_POOLED_NODES, StatePool } from '../../../source/core/model/state-pool.js';
import { applyAll, completed, execId, failed, nodeStarted, run, scheduled, started, wfCompleted } from '../../helpers/model-events.js';

describe('StatePool', () => {
  test('nodes and attempts reused from an evicted execution start clean', () => {
    const model = new ExecutionModel({ caps: { maxFinishedExecutions: 0 } });
    applyAll(model, run(1, [
      [started(), 0], [scheduled('a', 'model'), 1], [nodeStarted('a', 0, 'model-worker-1'), 2],
      [failed('a', 'boom', 0, true), 3], [scheduled('a', 'model'), 4], [nodeStarted('a', 1, 'model-worker-1'), 5],
      [completed('a', 5, { gen_ai_model: 'gpt-4o', input_tokens: 100, output_tokens: 10 }), 10], [wfCompleted(), 11],
    ]));
    assert.equal(model.ingest().evicted, 1);
    applyAll(model, run(2, [[started(), 20], [scheduled('b'), 21]]));
    const tree = model.tree(execId(2));
    assert.equal(tree?.nodes.length, 1);
    const node = tree?.nodes[0];
    assert.deepEqual([node?.nodeId, node?.kind, node?.status, node?.totals.inputTokens], ['b', 'unknown', 'queued', 0]);
    const span = node?.attempts[0];
    assert.deepEqual(span, {
      id: 'b#1', nodeId: 'b', attempt: 0, kind: 'unknown', status: 'queued', queueType: 'general', workerId: undefined,
      scheduledAt: span?.scheduledAt, startedAt: undefined, endedAt: undefined, durationMs: undefined, model: undefined,
      system: undefined, inputTokens: undefined, outputTokens: undefined, costUsd: undefined, costSource: 'none', error: undefined,
      retryable: undefined, finishReason: undefined, scorers: undefined, score: undefined, passed: undefined, waits: [], notes: [], toolCalls: undefined, childExecutionId: undefined, childWorkflowId: undefined,
    });
    assert.equal(model.totals().inputTokens, 100);
  });

  test('keeps at most MAX_POOLED_ATTEMPTS attempts and MAX_POOLED_NODES nodes', () => {
    const pool = new StatePool();
    const exec = newExecState(execId(1), 's');
    for (let n = 0; n < MAX_POOLED_NODES + 10; n++) {
      const node = newNodeState(`n${n}`);
      node.attempts.push(newAttempt(node, 'completed', 0), newAttempt(node, 'completed', 1));
      exec.nodes.set(node.nodeId, node);
    }
    pool.release(exec);
    assert.equal(pool.attempts.length, MAX_POOLED_ATTEMPTS);
    assert.equal(pool.nodes.length, MAX_POOLED_NODES);
    const reused = newAttempt(newNodeState('z', pool), 'queued', undefined, pool);
    assert.deepEqual([reused.nodeId, reused.index, reused.attempt, reused.status, reused.view], ['z', 1, 0, 'queued', undefined]);
    assert.equal(pool.attempts.length, MAX_POOLED_ATTEMPTS - 1);
    for (let i = 0; i < MAX_POOLED_EXECUTIONS + 5; i++) pool.release(newExecState(execId(i + 2), 's'));
    assert.equal(pool.execs.length, MAX_POOLED_EXECUTIONS);
    const again = newExecState(execId(99), 'src2', pool);
    assert.deepEqual([again.id, again.source, again.nodes.size, again.visible, again.rev], [execId(99), 'src2', 0, false, 0]);
  });

  test('a reused execution or attempt equals a freshly made one, whatever it held before', () => {
    const pool = new StatePool();
    const junk = (o: object, skip: string): void => {
      for (const key of Object.keys(o)) if (key !== skip) (o as Record<string, unknown>)[key] = 'junk';
    };
    const old = newExecState(execId(1), 's');
    junk(old, 'nodes');
    pool.execs.push(old);
    assert.deepEqual(newExecState(execId(2), 'src', pool), newExecState(execId(2), 'src'));
    const node = newNodeState('n');
    const att = newAttempt(node, 'running', 3);
    junk(att, '');
    pool.attempts.push(att);
    const [a, b] = [newNodeState('m'), newNodeState('m')];
    assert.deepEqual(newAttempt(a, 'queued', undefined, pool), newAttempt(b, 'queued', undefined));
  });
});
