import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inferNodeKind, kindFromContent, kindFromQueueType } from '../../../source/core/model/infer-node-kind.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { completed, ev, execId, nodeStarted, scheduled, started } from '../../helpers/model-events.js';

describe('inferNodeKind', () => {
  test('maps queue types that host one kind, and not the shared ones', () => {
    assert.deepEqual(
      ['model', 'tool', 'python_tool', 'java_tool', 'retrieval', 'general', 'privileged', 'constructor'].map(kindFromQueueType),
      ['model', 'tool', 'python_fn', 'java_fn', 'memory_retrieval', undefined, undefined, undefined],
    );
  });

  test('reads kinds from event content', () => {
    const table: Array<[{ type: string; [k: string]: unknown }, string | undefined]> = [
      [completed('n', 1, { gen_ai_model: 'gpt-4o' }), 'model'],
      [completed('n', 1, { input_tokens: 3 }), 'model'],
      [{ ...completed('n'), output: { passed: true, scorers: [] } }, 'eval'],
      [{ ...completed('n'), output: { passed: false } }, 'eval'],
      [{ ...completed('n'), output: { chosen_target: 'b', branch_targets: ['a', 'b'] } }, 'condition'],
      [completed('n'), undefined],
      [{ type: 'critic_verdict', node_id: 'n', score: 1, passed: true, feedback: null }, 'eval'],
      [{ type: 'child_workflow_started', node_id: 'n', child_execution_id: 'x', child_workflow_id: 'w' }, 'subgraph'],
      [{ type: 'coordinator_decision' }, 'coordinator'],
      [{ type: 'agent_tool_invoked' }, 'agent_tool'],
      [{ type: 'circuit_breaker_tripped' }, 'agent'],
      [{ type: 'node_started' }, undefined],
    ];
    for (const [kind, expected] of table) assert.equal(kindFromContent(kind), expected, kind.type);
  });

  test('prefers the stream hint, then the queue, then content, else unknown', () => {
    const content = completed('n', 1, { gen_ai_model: 'gpt-4o' });
    assert.equal(inferNodeKind({ hint: 'agent', queueType: 'tool', content }), 'agent');
    assert.equal(inferNodeKind({ queueType: 'tool', content }), 'tool');
    assert.equal(inferNodeKind({ queueType: 'general', content }), 'model');
    assert.equal(inferNodeKind({ queueType: 'general' }), 'unknown');
    assert.equal(inferNodeKind({}), 'unknown');
  });
});

describe('node kind in the model', () => {
  test('a general-queue node learns its kind from its completion, and a stream hint overrides everything', () => {
    const model = new ExecutionModel();
    model.apply(ev(1, 1, started(), 0), 's', 0);
    model.apply(ev(1, 2, scheduled('c', 'general'), 1), 's', 0);
    assert.equal(model.tree(execId(1))?.nodes[0]?.kind, 'unknown');
    model.apply(ev(1, 3, nodeStarted('c'), 2), 's', 0);
    model.apply(ev(1, 4, { ...completed('c'), output: { chosen_target: 'x' } }, 3), 's', 0);
    assert.equal(model.tree(execId(1))?.nodes[0]?.kind, 'condition');
    assert.equal(model.tree(execId(1))?.nodes[0]?.attempts[0]?.kind, 'condition');
    model.apply(ev(1, 5, scheduled('h', 'model'), 4, 'agent'), 's', 0);
    model.apply(ev(1, 6, nodeStarted('h'), 5), 's', 0);
    assert.equal(model.tree(execId(1))?.nodes[1]?.kind, 'agent');
  });
});
