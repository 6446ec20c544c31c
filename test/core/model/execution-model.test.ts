import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import {
  applyAll, completed, decode, effectsOf, ev, execId, fixtureEvents, loadEnvelopes, nodeStarted, run, scheduled, started, wfCancelled, wfCompleted,
} from '../../helpers/model-events.js';

const SUCCESS = 'exec_39201bc020354816b34546bc0da7d0fb';
const RETRY = 'exec_3110084bdce044b9bd8c0a4862b0c1dd';
const PARENT = 'exec_10c16f5ddac84fb6af102c604002573a';
const CHILD = 'exec_03de218a0b5f443e8b254bc879fbc2f6';
const GATE = 'exec_2082f363273940928c357778775308a1';

describe('ExecutionModel on the reference sequences', () => {
  test('a successful 3-node run becomes a completed tree of tool, model and eval spans', () => {
    const model = new ExecutionModel();
    applyAll(model, fixtureEvents('model-success-run'));
    const tree = model.tree(SUCCESS);
    assert.ok(tree);
    assert.equal(tree.summary.status, 'completed');
    assert.equal(tree.summary.workflowId, 'research_brief');
    assert.equal(tree.summary.workflowVersion, '1.0.0');
    assert.equal(tree.summary.startSeen, true);
    assert.equal(tree.summary.startedAt, Date.parse('2026-03-14T09:21:07.104Z'));
    assert.equal(tree.summary.endedAt, Date.parse('2026-03-14T09:21:17.975Z'));
    assert.equal(tree.summary.durationMs, tree.summary.endedAt - tree.summary.startedAt);
    assert.deepEqual(tree.nodes.map((n) => [n.nodeId, n.kind, n.status, n.attempts.length]), [
      ['search', 'tool', 'completed', 1],
      ['draft', 'model', 'completed', 1],
      ['evaluate', 'eval', 'completed', 1],
    ]);
    const draft = tree.nodes[1]?.attempts[0];
    assert.equal(draft?.id, 'draft#1');
    assert.equal(draft?.model, 'claude-sonnet-4-6');
    assert.equal(draft?.system, 'anthropic');
    assert.equal(draft?.inputTokens, 1843);
    assert.equal(draft?.outputTokens, 612);
    assert.equal(draft?.costSource, 'event');
    assert.equal(draft?.costUsd, 0.014709);
    assert.equal(draft?.durationMs, 6429);
    assert.equal(draft?.workerId, 'model-worker-1');
    assert.equal(tree.nodes[2]?.attempts[0]?.score, 0.8);
    assert.equal(tree.nodes[2]?.attempts[0]?.passed, true);
    assert.deepEqual(tree.summary.totals, { inputTokens: 1843, outputTokens: 612, costUsd: 0.014709, unpricedTokens: 0 });
    assert.deepEqual(model.queueDepth(), { total: 0, byQueue: {} });
    assert.equal(model.statusCounts().completed, 1);
  });

  test('without cost_usd (what the runtime really sends) the cost is estimated from the price table', () => {
    const model = new ExecutionModel();
    for (const env of loadEnvelopes('model-success-run')) {
      delete env.kind['cost_usd'];
      model.apply(decode(env), 'test', 0);
    }
    const draft = model.tree(SUCCESS)?.nodes[1]?.attempts[0];
    assert.equal(draft?.costSource, 'estimated');
    assert.ok(Math.abs((draft?.costUsd ?? 0) - (1843 * 3 / 1e6 + 612 * 15 / 1e6)) < 1e-12);
    assert.ok(Math.abs(model.totals().costUsd - 0.014709) < 1e-12);
  });

  // Found by the fuzz tests (model-fuzz.test.ts): totals went negative, and the cost metric (which skips it) disagreed.
  test('a negative cost_usd is no cost: the price table prices the call and every total stays non-negative', () => {
    const model = new ExecutionModel();
    for (const env of loadEnvelopes('model-success-run')) {
      if (env.kind['cost_usd'] != null) env.kind['cost_usd'] = -2.5;
      model.apply(decode(env), 'test', 0);
    }
    const draft = model.tree(SUCCESS)?.nodes[1]?.attempts[0];
    assert.equal(draft?.costSource, 'estimated');
    assert.ok(Math.abs(model.totals().costUsd - 0.014709) < 1e-12);
    const tokens = effectsOf(model.drainEffects(), 'tokens_used');
    assert.ok(tokens.length > 0 && tokens.every((e) => (e.costUsd ?? 0) >= 0));
  });

  // Found by the fuzz tests (model-fuzz.test.ts): the cost reached the totals but no effect, so never the metrics.
  test('a cost with no model or tokens (a paid tool) still goes out as a tokens_used effect, as the totals count it', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('search', 'tool'), 1], [completed('search', 5, { cost_usd: 0.25 }), 6]]));
    const [effect] = effectsOf(model.drainEffects(), 'tokens_used');
    assert.deepEqual([effect?.model, effect?.inputTokens, effect?.outputTokens, effect?.costUsd, effect?.costSource], ['unknown', 0, 0, 0.25, 'event']);
    assert.equal(model.totals().costUsd, 0.25);
  });

  test('a failure with a retry shows two attempts and a failed workflow', () => {
    const model = new ExecutionModel();
    applyAll(model, fixtureEvents('model-retry-failure'));
    const tree = model.tree(RETRY);
    assert.ok(tree);
    assert.equal(tree.summary.status, 'failed');
    assert.equal(tree.summary.error, 'node(s) failed terminally: draft');
    const draft = tree.nodes.find((n) => n.nodeId === 'draft');
    assert.deepEqual(draft?.attempts.map((a) => [a.id, a.attempt, a.status, a.retryable]), [
      ['draft#1', 0, 'failed', true],
      ['draft#2', 1, 'failed', false],
    ]);
    assert.equal(draft?.attempts[0]?.error, 'lease expired: worker presumed dead');
    assert.deepEqual(draft?.attempts[1]?.waits.map((w) => [w.kind, w.since, w.until]), [
      ['retry', Date.parse('2026-03-14T10:03:16.943Z'), Date.parse('2026-03-14T10:03:19.450Z')],
    ]);
    assert.equal(draft?.status, 'failed');
  });

  test('the stock approval gate pauses, then re-dispatches the node as a new attempt', () => {
    const model = new ExecutionModel();
    const events = fixtureEvents('model-approval-gate');
    applyAll(model, events.slice(0, 4));
    let tree = model.tree(GATE);
    assert.equal(tree?.summary.status, 'paused');
    assert.equal(tree?.summary.waitingApproval, true);
    assert.equal(tree?.nodes[0]?.attempts[0]?.status, 'waiting');
    assert.equal(tree?.nodes[0]?.attempts[0]?.waits[0]?.kind, 'approval');
    assert.equal(model.statusCounts().paused, 1);
    applyAll(model, events.slice(4, 5));
    assert.equal(model.tree(GATE)?.summary.status, 'running');
    applyAll(model, events.slice(5));
    tree = model.tree(GATE);
    assert.equal(tree?.summary.status, 'completed');
    const attempts = tree?.nodes[0]?.attempts ?? [];
    assert.deepEqual(attempts.map((a) => [a.id, a.attempt, a.status]), [['publish#1', 0, 'completed'], ['publish#2', 0, 'completed']]);
    assert.deepEqual(attempts[0]?.waits[0], {
      kind: 'approval', since: Date.parse('2026-03-15T15:30:00.519Z'), until: Date.parse('2026-03-15T15:31:35.321Z'),
      detail: 'cms.publish (approver: human)', decision: 'approved', by: 'alice',
    });
    assert.ok(attempts[0]?.notes.includes('approved by alice'));
    assert.equal(model.statusCounts().paused, 0);
  });

  test('a rejected approval ends the held attempt as failed', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [
      [started(), 0], [scheduled('pub', 'tool'), 1], [nodeStarted('pub'), 2],
      [{ type: 'tool_approval_required', node_id: 'pub', tool_name: 't', approver: 'human', context: {} }, 3],
      [{ type: 'approval_received', node_id: 'pub', user_id: 'bob', decision: 'rejected', comment: 'no', state_patch: null }, 4],
      [{ type: 'node_failed', node_id: 'pub', error: 'approval rejected by bob: no', attempt: 0, retryable: false }, 5],
      [{ type: 'workflow_failed', error: 'node(s) failed terminally: pub' }, 6],
    ]));
    const attempts = model.tree(execId(1))?.nodes[0]?.attempts ?? [];
    assert.deepEqual(attempts.map((a) => a.status), ['failed']);
    assert.equal(attempts[0]?.waits[0]?.decision, 'rejected');
    assert.ok(attempts[0]?.notes.includes('rejected by bob: no'));
  });

  test('interrupt_raised pauses the execution and the child workflow nests under its node', () => {
    const model = new ExecutionModel();
    const parent = fixtureEvents('model-interrupt-parent');
    const child = fixtureEvents('model-interrupt-child');
    // Interleave as a live stream would: parent up to the child start, the child, then the rest.
    applyAll(model, parent.slice(0, 4));
    applyAll(model, child);
    applyAll(model, parent.slice(4, 9));
    assert.equal(model.tree(PARENT)?.summary.status, 'paused');
    const review = model.tree(PARENT)?.nodes.find((n) => n.nodeId === 'review');
    assert.equal(review?.attempts[0]?.waits[0]?.kind, 'interrupt');
    assert.equal(review?.attempts[0]?.waits[0]?.detail, 'Please review the generated report before publishing');
    applyAll(model, parent.slice(9));

    const tree = model.tree('10c16f5d-dac8-4fb6-af10-2c604002573a');
    assert.ok(tree);
    assert.equal(tree.summary.id, PARENT);
    assert.equal(tree.summary.status, 'completed');
    const research = tree.nodes.find((n) => n.nodeId === 'research');
    assert.equal(research?.kind, 'subgraph');
    assert.equal(research?.attempts[0]?.childExecutionId, CHILD);
    assert.equal(research?.attempts[0]?.childWorkflowId, 'deep_research');
    assert.equal(research?.child?.summary.id, CHILD);
    assert.equal(research?.child?.summary.parentExecutionId, PARENT);
    assert.equal(research?.child?.summary.parentNodeId, 'research');
    assert.equal(research?.child?.nodes[0]?.kind, 'model');
    assert.deepEqual(research?.totals, { inputTokens: 5120, outputTokens: 880, costUsd: 0.0216, unpricedTokens: 0 });
    const reviewDone = tree.nodes.find((n) => n.nodeId === 'review');
    assert.deepEqual(reviewDone?.attempts.map((a) => a.status), ['completed']);
    assert.equal(reviewDone?.attempts[0]?.durationMs, 251306);
    // Own totals exclude the child; subtree and global totals count each token once.
    assert.deepEqual(tree.summary.totals, { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 });
    assert.deepEqual(tree.summary.subtreeTotals, { inputTokens: 5120, outputTokens: 880, costUsd: 0.0216, unpricedTokens: 0 });
    assert.deepEqual(model.totals(), { inputTokens: 5120, outputTokens: 880, costUsd: 0.0216, unpricedTokens: 0 });
  });

  test('a child seen before its parent links up once the parent names it', () => {
    const model = new ExecutionModel();
    applyAll(model, fixtureEvents('model-interrupt-child'));
    assert.equal(model.tree(CHILD)?.summary.parentExecutionId, undefined);
    applyAll(model, fixtureEvents('model-interrupt-parent'));
    assert.equal(model.tree(CHILD)?.summary.parentExecutionId, PARENT);
    assert.equal(model.tree(PARENT)?.nodes[0]?.child?.summary.id, CHILD);
  });
});

describe('ExecutionModel quirks of the real runtime', () => {
  test('an HTTP-claimed node with no node_started completes from its schedule', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('py', 'python_tool'), 1000], [completed('py', 2500), 4000], [wfCompleted(), 4100]]));
    const span = model.tree(execId(1))?.nodes[0]?.attempts[0];
    assert.equal(span?.kind, 'python_fn');
    assert.equal(span?.status, 'completed');
    assert.equal(span?.startedAt, span?.scheduledAt);
    assert.equal(span?.durationMs, 2500);
    assert.equal(model.queueDepth().total, 0);
  });

  test('cancellation closes open attempts; a late node_completed updates the span but not the status', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('a', 'model'), 1], [nodeStarted('a'), 2], [scheduled('b', 'tool'), 3], [wfCancelled(), 10]]));
    let tree = model.tree(execId(1));
    assert.equal(tree?.summary.status, 'cancelled');
    assert.deepEqual(tree?.nodes.map((n) => n.status), ['cancelled', 'cancelled']);
    assert.equal(model.queueDepth().total, 0);
    model.apply(ev(1, 6, completed('a', 50, { gen_ai_model: 'gpt-4o', input_tokens: 10, output_tokens: 5 }), 20), 'test', 0);
    tree = model.tree(execId(1));
    assert.equal(tree?.summary.status, 'cancelled');
    assert.equal(tree?.nodes[0]?.attempts.length, 1);
    assert.equal(tree?.nodes[0]?.attempts[0]?.status, 'completed');
    assert.equal(tree?.nodes[0]?.attempts[0]?.inputTokens, 10);
    assert.equal(model.totals().inputTokens, 10);
    assert.equal(model.statusCounts().cancelled, 1);
  });
});

describe('ExecutionModel snapshots and effects', () => {
  test('summaries keep the same frozen object for an unchanged execution and sort live before finished', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('a'), 1], [wfCompleted(), 100]]));
    applyAll(model, run(2, [[started(), 10], [scheduled('a'), 11], [wfCompleted(), 200]]));
    applyAll(model, run(3, [[started(), 20], [scheduled('a'), 21]]));
    applyAll(model, run(4, [[started(), 30], [scheduled('a'), 31]]));
    const first = model.summaries();
    assert.deepEqual(first.map((s) => s.id), [execId(4), execId(3), execId(2), execId(1)]);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]) && Object.isFrozen(first[0]?.totals));
    assert.equal(model.summaries(), first);
    model.apply(ev(3, 3, nodeStarted('a'), 40), 'test', 0);
    const second = model.summaries();
    assert.notEqual(second, first);
    assert.equal(second[0], first[0]);
    assert.notEqual(second[1], first[1]);
    assert.equal(second[2], first[2]);
    assert.equal(second[3], first[3]);
    assert.deepEqual(second[1]?.currentNodes, ['a']);
  });

  test('every effect is emitted exactly once, and a duplicate emits nothing', () => {
    const model = new ExecutionModel();
    const events = fixtureEvents('model-success-run');
    applyAll(model, events);
    const effects = model.drainEffects();
    assert.deepEqual(effects.map((e) => e.type), [
      'execution_started', 'attempt_started', 'attempt_ended', 'attempt_started', 'tokens_used', 'attempt_ended',
      'attempt_started', 'attempt_ended', 'execution_ended',
    ]);
    const ended = effectsOf(effects, 'execution_ended')[0];
    assert.equal(ended?.durationMs, Date.parse('2026-03-14T09:21:17.975Z') - Date.parse('2026-03-14T09:21:07.104Z'));
    assert.equal(ended?.workflowId, 'research_brief');
    const tokens = effectsOf(effects, 'tokens_used')[0];
    assert.deepEqual([tokens?.model, tokens?.inputTokens, tokens?.outputTokens, tokens?.costSource], ['claude-sonnet-4-6', 1843, 612, 'event']);
    assert.equal(effectsOf(effects, 'attempt_ended')[1]?.nodeKind, 'model');
    assert.deepEqual(model.drainEffects(), []);
    applyAll(model, events);
    assert.deepEqual(model.drainEffects(), []);
    assert.equal(model.ingest().duplicates, events.length);
  });

  test('the same events give the same summaries and trees', () => {
    const build = (): string => {
      const model = new ExecutionModel();
      applyAll(model, fixtureEvents('model-interrupt-parent'));
      applyAll(model, fixtureEvents('model-interrupt-child'));
      applyAll(model, fixtureEvents('model-retry-failure'));
      return JSON.stringify([model.summaries(), model.tree(PARENT), model.tree(RETRY), model.queueDepth(), model.totals(), model.ingest()]);
    };
    assert.equal(build(), build());
  });

  test('version moves when state changes and stays put otherwise', () => {
    const model = new ExecutionModel();
    const v0 = model.version;
    model.apply(ev(1, 1, started(), 0), 'test', 0);
    const v1 = model.version;
    assert.ok(v1 > v0);
    model.summaries();
    model.tree(execId(1));
    assert.equal(model.version, v1);
    model.recordRejection('invalid_json');
    assert.ok(model.version > v1);
    assert.equal(model.ingest().rejected.invalid_json, 1);
  });

  test('activeExecutionIds lists only executions not yet ended', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [wfCompleted(), 1]]));
    applyAll(model, run(2, [[started(), 0]]));
    assert.deepEqual(model.activeExecutionIds(), [execId(2)]);
  });
});
