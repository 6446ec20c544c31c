import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { applyAll, effectsOf, fixtureEvents } from '../../helpers/model-events.js';

const SUCCESS = 'exec_39201bc020354816b34546bc0da7d0fb';
const RETRY = 'exec_3110084bdce044b9bd8c0a4862b0c1dd';
const PARENT = 'exec_10c16f5ddac84fb6af102c604002573a';
const CHILD = 'exec_03de218a0b5f443e8b254bc879fbc2f6';
const GATE = 'exec_2082f363273940928c357778775308a1';
const at = (iso: string): number => Date.parse(iso);

function runFixtures(...names: string[]): { model: ExecutionModel; effects: ModelEffect[] } {
  const model = new ExecutionModel();
  // Several files make one run, in time order (a parent and the child it starts).
  applyAll(model, names.flatMap((n) => fixtureEvents(n)).sort((a, b) => a.time - b.time));
  return { model, effects: model.drainEffects() };
}

describe('ModelEffect: what spans and log lines are made of', () => {
  test('a completed run: each attempt_ended carries its frozen span, execution_ended the frozen summary the list shows', () => {
    const { model, effects } = runFixtures('model-success-run');
    const ended = effectsOf(effects, 'attempt_ended');
    assert.deepEqual(ended.map((e) => [e.span.id, e.span.status, e.workflowId, e.workflowVersion]), [
      ['search#1', 'completed', 'research_brief', '1.0.0'], ['draft#1', 'completed', 'research_brief', '1.0.0'], ['evaluate#1', 'completed', 'research_brief', '1.0.0'],
    ]);
    const draft = ended[1]!.span;
    assert.ok(Object.isFrozen(draft));
    assert.deepEqual(
      [draft.kind, draft.queueType, draft.workerId, draft.scheduledAt, draft.startedAt, draft.endedAt, draft.durationMs],
      ['model', 'model', 'model-worker-1', at('2026-03-14T09:21:08.602756106Z'), at('2026-03-14T09:21:08.806329807Z'), at('2026-03-14T09:21:15.235Z'), 6429],
    );
    assert.deepEqual([draft.model, draft.system, draft.inputTokens, draft.outputTokens, draft.costUsd, draft.costSource], ['claude-sonnet-4-6', 'anthropic', 1843, 612, 0.014709, 'event']);
    assert.deepEqual([ended[2]!.span.score, ended[2]!.span.passed], [0.8, true], 'the critic verdict is on the eval span');
    assert.equal(ended[0]!.parentExecutionId, undefined);

    const [end] = effectsOf(effects, 'execution_ended');
    assert.ok(end && Object.isFrozen(end.summary));
    assert.deepEqual([end.summary.id, end.summary.status, end.summary.workflowId, end.summary.workflowVersion], [SUCCESS, 'completed', 'research_brief', '1.0.0']);
    assert.equal(end.summary.endedAt, end.time);
    assert.equal(end.summary.durationMs, end.durationMs);
    // Shared, not copied: the list hands out the very summary the effect carries.
    assert.equal(model.summaries().find((s) => s.id === SUCCESS), end.summary);
  });

  test("a focused execution's tree shows the very span objects its attempt_ended effects carry", () => {
    const model = new ExecutionModel();
    const [first, ...rest] = fixtureEvents('model-success-run');
    applyAll(model, [first!]);
    assert.ok(model.tree(SUCCESS), 'focused from its first event, as `follow` does');
    applyAll(model, rest);
    const spans = effectsOf(model.drainEffects(), 'attempt_ended').map((e) => e.span);
    assert.deepEqual(model.tree(SUCCESS)?.nodes.map((n) => n.attempts[0]), spans);
    model.tree(SUCCESS)?.nodes.forEach((n, i) => assert.equal(n.attempts[0], spans[i], n.nodeId));
  });

  test('a run that failed after a retry: both attempts carry error, retryable and the back-off wait', () => {
    const { effects } = runFixtures('model-retry-failure');
    const draft = effectsOf(effects, 'attempt_ended').filter((e) => e.nodeId === 'draft').map((e) => e.span);
    assert.deepEqual(draft.map((s) => [s.id, s.attempt, s.status, s.retryable, s.error]), [
      ['draft#1', 0, 'failed', true, 'lease expired: worker presumed dead'],
      ['draft#2', 1, 'failed', false, 'Model call failed: context window exceeded: 212034 tokens > 200000 limit'],
    ]);
    assert.deepEqual(draft[1]!.waits.map((w) => [w.kind, w.since, w.until]), [
      ['retry', at('2026-03-14T10:03:16.943236411Z'), at('2026-03-14T10:03:19.450782209Z')],
    ]);
    assert.equal(draft[1]!.workerId, 'model-worker-1');
    const [end] = effectsOf(effects, 'execution_ended');
    assert.deepEqual([end?.status, end?.error, end?.summary.status, end?.summary.error], ['failed', 'node(s) failed terminally: draft', 'failed', 'node(s) failed terminally: draft']);
    assert.equal(end?.summary.id, RETRY);
  });

  test('an approval gate: the held attempt ends with its approval wait, decision and approver', () => {
    const { effects } = runFixtures('model-approval-gate');
    const publish = effectsOf(effects, 'attempt_ended').map((e) => e.span);
    assert.deepEqual(publish.map((s) => [s.id, s.status]), [['publish#1', 'completed'], ['publish#2', 'completed']]);
    assert.deepEqual(publish[0]!.waits, [{
      kind: 'approval', since: at('2026-03-15T15:30:00.519305614Z'), until: at('2026-03-15T15:31:35.321174604Z'),
      detail: 'cms.publish (approver: human)', decision: 'approved', by: 'alice',
    }]);
    assert.equal(publish[0]!.queueType, 'tool');
    assert.equal(effectsOf(effects, 'execution_ended')[0]?.summary.id, GATE);
  });

  test('a child workflow: its effects name the parent execution and node, and the parent ends with totals including the child', () => {
    const { effects } = runFixtures('model-interrupt-parent', 'model-interrupt-child');
    const [childStart] = effectsOf(effects, 'execution_started').filter((e) => e.executionId === CHILD);
    assert.deepEqual([childStart?.parentExecutionId, childStart?.parentNodeId], [PARENT, 'research']);
    const gather = effectsOf(effects, 'attempt_ended').find((e) => e.executionId === CHILD);
    assert.deepEqual([gather?.parentExecutionId, gather?.parentNodeId, gather?.workflowId, gather?.span.inputTokens], [PARENT, 'research', 'deep_research', 5120]);
    const research = effectsOf(effects, 'attempt_ended').find((e) => e.nodeId === 'research');
    assert.deepEqual([research?.span.childExecutionId, research?.span.childWorkflowId, research?.parentExecutionId], [CHILD, 'deep_research', undefined]);

    const ends = new Map(effectsOf(effects, 'execution_ended').map((e) => [e.executionId, e.summary]));
    assert.deepEqual([ends.get(CHILD)?.parentExecutionId, ends.get(CHILD)?.parentNodeId], [PARENT, 'research']);
    const parent = ends.get(PARENT)!;
    assert.deepEqual([parent.totals.inputTokens, parent.subtreeTotals.inputTokens, parent.subtreeTotals.outputTokens], [0, 5120, 880]);
    assert.equal(parent.parentExecutionId, undefined);
  });

  test('effects still come once each: a replayed log emits nothing', () => {
    const model = new ExecutionModel();
    const events = fixtureEvents('model-success-run');
    applyAll(model, events);
    const first = model.drainEffects();
    applyAll(model, events);
    assert.deepEqual(model.drainEffects(), []);
    assert.equal(effectsOf(first, 'execution_ended').length, 1);
  });

  test('with effects off, the model makes none and builds the same trees and totals', () => {
    const events = ['model-success-run', 'model-retry-failure', 'model-interrupt-parent', 'model-interrupt-child'].flatMap((n) => fixtureEvents(n)).sort((a, b) => a.time - b.time);
    const on = new ExecutionModel();
    const off = new ExecutionModel({ effects: false });
    applyAll(on, events);
    applyAll(off, events);
    assert.ok(on.drainEffects().length > 0);
    assert.deepEqual(off.drainEffects(), []);
    for (const id of [SUCCESS, RETRY, PARENT, CHILD]) assert.deepEqual(off.tree(id), on.tree(id));
    assert.deepEqual(off.totals(), on.totals());
    assert.deepEqual(off.summaries(), on.summaries());
  });
});
