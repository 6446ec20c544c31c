import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { MAX_NOTES_PER_ATTEMPT, MAX_TOOL_CALLS_PER_ATTEMPT, MAX_WAITS_PER_ATTEMPT } from '../../../source/core/model/attempt-ops.js';
import { applyAll, completed, effectsOf, ev, execId, nodeStarted, run, scheduled, started, T0, uuid } from '../../helpers/model-events.js';

const E = execId(1);

describe('node events', () => {
  test('policy, budget, autonomy and strategy events become notes on the attempt and never crash', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [
      [started(), 0], [scheduled('a', 'general'), 1], [nodeStarted('a'), 2],
      [{ type: 'policy_violation', node_id: 'a', rule: 'block_tool:payments.*', decision: 'blocked', policy_scope: 'global' }, 3],
      [{ type: 'token_budget_exceeded', node_id: 'a', kind: 'total_tokens', limit: 100, current: 120 }, 4],
      [{ type: 'autonomy_limit_reached', node_id: 'a', agent_ref: 'ag', limit_type: 'max_iterations', limit_value: 5, actual_value: 6 }, 5],
      [{ type: 'escalation_required', node_id: 'a', agent_ref: 'ag', reason: 'autonomy_limit', escalation_target: 'human_approval' }, 6],
      [{ type: 'coordinator_decision', node_id: 'a', selected: null, method: 'no_candidates', reasoning: null, confidence: 0, rejected: [], tiebreaker_tokens: null, tiebreaker_cost: null }, 7],
      [{ type: 'strategy_started', strategy: 'react', config: {} }, 8],
      [{ type: 'iteration_completed', iteration: 1, cost_delta_usd: null, input_tokens: 5, output_tokens: 5 }, 9],
      [{ type: 'external_event_received', correlation_key: 'k', payload: null }, 10],
      [{ type: 'tool_called', node_id: 'never-scheduled', tool: 'x' }, 11],
    ]));
    const tree = model.tree(E);
    assert.deepEqual(tree?.nodes[0]?.attempts[0]?.notes, [
      'policy blocked: block_tool:payments.* (global)',
      'token budget exceeded: total_tokens 120/100',
      'autonomy limit reached: max_iterations (ag)',
      'escalation required: autonomy_limit → human_approval',
      'coordinator selected none (no_candidates)',
    ]);
    assert.equal(tree?.summary.eventCount, 12);
    assert.equal(tree?.nodes[0]?.kind, 'agent');
    // iteration_completed tokens are the strategy's own bookkeeping: not counted again.
    assert.equal(model.totals().inputTokens, 0);
  });

  test('notes on one attempt are capped, keeping the latest', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [nodeStarted('a'), 1]]));
    for (let i = 0; i < MAX_NOTES_PER_ATTEMPT + 5; i++) model.apply(ev(1, 3 + i, { type: 'tool_called', node_id: 'a', tool: `t${i}` }, 2 + i), 's', 0);
    const notes = model.tree(E)?.nodes[0]?.attempts[0]?.notes ?? [];
    assert.equal(notes.length, MAX_NOTES_PER_ATTEMPT);
    assert.equal(notes[notes.length - 1], `tool called: t${MAX_NOTES_PER_ATTEMPT + 4}`);
    const calls = model.tree(E)?.nodes[0]?.attempts[0]?.toolCalls ?? [];
    assert.equal(calls.length, MAX_TOOL_CALLS_PER_ATTEMPT, 'tool calls are kept too, capped');
    assert.deepEqual(calls.at(-1), { tool: `t${MAX_NOTES_PER_ATTEMPT + 4}`, at: T0 + 2 + MAX_NOTES_PER_ATTEMPT + 4 });
  });

  test('waits on one attempt are capped, keeping the latest', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('a', 'model'), 1]]));
    const parks = MAX_WAITS_PER_ATTEMPT + 3;
    for (let i = 0; i < parks; i++) {
      model.apply(ev(1, 3 + i, { type: 'node_parked', node_id: 'a', attempt: 1, retry_after: new Date(Date.UTC(2026, 2, 14, 10, 0, i)).toISOString() }, 2 + i), 's', 0);
    }
    const attempts = model.tree(E)?.nodes[0]?.attempts ?? [];
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]?.waits.length, MAX_WAITS_PER_ATTEMPT);
    assert.equal(attempts[0]?.waits[MAX_WAITS_PER_ATTEMPT - 1]?.until, Date.UTC(2026, 2, 14, 10, 0, parks - 1));
    assert.equal(model.queueDepth().total, 1);
  });

  test('segment_boundary ends the old segment as limit_exceeded and names the next one', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [{ type: 'segment_boundary', segment_number: 1, next_execution_id: uuid(2) }, 5]]));
    const summary = model.tree(E)?.summary;
    assert.equal(summary?.status, 'limit_exceeded');
    assert.equal(summary?.nextExecutionId, execId(2));
    assert.equal(effectsOf(model.drainEffects(), 'execution_ended')[0]?.status, 'limit_exceeded');
  });

  test('an unknown event type is counted and kept out of the tree', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [{ type: 'quantum_leap', node_id: 'a' }, 1]]));
    assert.equal(model.ingest().unknownTypes, 1);
    assert.equal(model.tree(E)?.nodes.length, 0);
    assert.equal(model.tree(E)?.summary.eventCount, 2);
  });

  test('skipped nodes and a second start without an end each get their own span', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [
      [started(), 0], [{ type: 'node_skipped', node_id: 'b', reason: 'branch not taken' }, 1],
      [nodeStarted('a', 0, 'w1'), 2], [nodeStarted('a', 1, 'w2'), 3], [completed('a', 4), 7],
    ]));
    const nodes = model.tree(E)?.nodes;
    assert.deepEqual(nodes?.[0]?.attempts.map((a) => [a.status, a.notes[0]]), [['skipped', 'skipped: branch not taken']]);
    assert.deepEqual(nodes?.[1]?.attempts.map((a) => [a.status, a.workerId]), [['cancelled', 'w1'], ['completed', 'w2']]);
    const effects = model.drainEffects();
    assert.deepEqual(effectsOf(effects, 'attempt_started').map((e) => e.attempt), [0, 1]);
    assert.deepEqual(effectsOf(effects, 'attempt_ended').map((e) => [e.nodeId, e.status, e.durationMs]), [
      ['b', 'skipped', 0], ['a', 'cancelled', 1], ['a', 'completed', 4],
    ]);
  });

  test('paused counts while any node waits and clears when the last wait is decided', () => {
    const model = new ExecutionModel();
    const ask = (node: string) => ({ type: 'interrupt_raised', node_id: node, reason: 'check', state_for_review: {} });
    const yes = (node: string) => ({ type: 'approval_received', node_id: node, user_id: 'ann', decision: 'approved', comment: null, state_patch: null });
    applyAll(model, run(1, [[started(), 0], [nodeStarted('a'), 1], [nodeStarted('b'), 1], [ask('a'), 2], [ask('b'), 3], [yes('a'), 4]]));
    assert.equal(model.tree(E)?.summary.status, 'paused');
    assert.deepEqual(model.tree(E)?.summary.currentNodes, ['a', 'b']);
    model.apply(ev(1, 7, yes('b'), 5), 's', 0);
    assert.equal(model.tree(E)?.summary.status, 'running');
    assert.deepEqual(model.statusCounts(), { running: 1, paused: 0, completed: 0, failed: 0, cancelled: 0, limit_exceeded: 0 });
  });
});
