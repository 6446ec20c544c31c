import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { transitionRecord, type TransitionRecord } from '../../../source/core/telemetry/transition-record.js';
import { applyAll, effectsOf, execId, fixtureEvents, nodeStarted, run, scheduled, started, stubSpan, T0, wfCancelled } from '../../helpers/model-events.js';

const SUCCESS = 'exec_39201bc020354816b34546bc0da7d0fb';
const RETRY = 'exec_3110084bdce044b9bd8c0a4862b0c1dd';

function effectsOfFixture(name: string): ModelEffect[] {
  const model = new ExecutionModel();
  applyAll(model, fixtureEvents(name));
  return model.drainEffects();
}

/** The records of a run with undefined fields left out, as every writer leaves them out. */
function records(effects: readonly ModelEffect[]): TransitionRecord[] {
  return effects.flatMap((e) => {
    const r = transitionRecord(e);
    return r === undefined ? [] : [JSON.parse(JSON.stringify(r)) as TransitionRecord];
  });
}

describe('transitionRecord: one log record per state transition, in the JamJet docs fields', () => {
  test('a completed run: workflow and node starts and ends, the model node with its model, duration and tokens', () => {
    const got = records(effectsOfFixture('model-success-run'));
    assert.deepEqual(got.map((r) => `${r.level} ${r.event} ${r.node_id ?? ''}`), [
      'info workflow_started ', 'debug node_started search', 'info node_completed search', 'debug node_started draft', 'info node_completed draft',
      'debug node_started evaluate', 'info node_completed evaluate', 'info workflow_completed ',
    ]);
    assert.deepEqual(got[4], {
      timestamp: Date.parse('2026-03-14T09:21:15.235Z'), level: 'info', event: 'node_completed', execution_id: SUCCESS, workflow_id: 'research_brief',
      node_id: 'draft', node_kind: 'model', attempt: 0, model: 'claude-sonnet-4-6', duration_ms: 6429, input_tokens: 1843, output_tokens: 612,
    });
    assert.deepEqual(got[7], {
      timestamp: Date.parse('2026-03-14T09:21:17.975Z'), level: 'info', event: 'workflow_completed', execution_id: SUCCESS, workflow_id: 'research_brief',
      duration_ms: 10871, input_tokens: 1843, output_tokens: 612,
    });
    assert.equal(got[2]!.input_tokens, undefined, 'a tool node that called no model carries no token fields');
  });

  test('a run that failed after a retry: the retried failure a warning, the last an error, each with its error; the workflow an error', () => {
    const got = records(effectsOfFixture('model-retry-failure')).filter((r) => r.event !== 'node_started');
    const failures = got.filter((r) => r.event === 'node_failed');
    assert.deepEqual(failures.map((r) => [r.level, r.attempt, r.error]), [
      ['warn', 0, 'lease expired: worker presumed dead'],
      ['error', 1, 'Model call failed: context window exceeded: 212034 tokens > 200000 limit'],
    ]);
    assert.deepEqual(got.at(-1), {
      timestamp: Date.parse('2026-03-14T10:03:20.554Z'), level: 'error', event: 'workflow_failed', execution_id: RETRY, workflow_id: 'research_brief',
      duration_ms: 36024, error: 'node(s) failed terminally: draft',
    });
  });

  test('a cancel is a warning, for the node cut short and for the workflow', () => {
    const model = new ExecutionModel();
    applyAll(model, run(7, [[started('wf'), 0], [scheduled('a'), 1], [nodeStarted('a'), 2], [wfCancelled('user request'), 50]]));
    const got = records(model.drainEffects()).filter((r) => r.level === 'warn');
    assert.deepEqual(got.map((r) => [r.event, r.node_id, r.error]), [['node_cancelled', 'a', undefined], ['workflow_cancelled', undefined, 'user request']]);
    assert.ok(got.every((r) => r.execution_id === execId(7) && r.workflow_id === 'wf'));
  });

  test('tokens_used is not a transition (its tokens are on the node end line); every other effect is', () => {
    const effects = effectsOfFixture('model-success-run');
    const tokens = effectsOf(effects, 'tokens_used');
    assert.equal(tokens.length, 1);
    assert.equal(transitionRecord(tokens[0]!), undefined);
    assert.equal(records(effects).length, effects.length - 1);
  });

  test('pure: the same effect gives an equal record every time, at the event time, never the clock', () => {
    const effect: ModelEffect = {
      type: 'attempt_ended', executionId: execId(1), workflowId: 'wf', nodeId: 'n', nodeKind: 'tool', attempt: 2, status: 'skipped', durationMs: 5, time: T0, source: 's',
      span: stubSpan('n', 'tool', 'skipped', 5),
    };
    assert.deepEqual(transitionRecord(effect), transitionRecord(effect));
    assert.equal(transitionRecord(effect)!.timestamp, T0);
    assert.deepEqual([transitionRecord(effect)!.event, transitionRecord(effect)!.level], ['node_skipped', 'info']);
  });
});
