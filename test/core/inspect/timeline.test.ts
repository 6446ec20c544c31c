import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { timeline, summariseKind } from '../../../source/core/inspect/timeline.js';
import { envelope } from '../../helpers/store-fixtures.js';

describe('timeline', () => {
  test('orders by sequence and times each event from the first', () => {
    const t = timeline([
      envelope(1, 2, { type: 'node_scheduled', node_id: 'a', queue_type: 'tool' }, 1_250),
      envelope(1, 1, { type: 'workflow_started', workflow_id: 'w', workflow_version: '2', initial_input: {} }, 1_000),
    ]);
    assert.deepEqual(t, [
      { sequence: 1, offsetMs: 0, type: 'workflow_started', nodeId: undefined, summary: 'w v2' },
      { sequence: 2, offsetMs: 250, type: 'node_scheduled', nodeId: 'a', summary: 'queue tool' },
    ]);
  });

  test('summarises failures, approvals and model calls in one line, and unknown kinds by their type', () => {
    assert.equal(summariseKind({ type: 'node_failed', node_id: 'a', error: 'boom', attempt: 1, retryable: true }), 'retryable failure (attempt 1): boom');
    assert.equal(summariseKind({ type: 'approval_received', node_id: 'a', user_id: 'al', decision: 'rejected', comment: 'no', state_patch: null }), 'rejected by al: no');
    assert.equal(
      summariseKind({ type: 'node_completed', node_id: 'd', output: {}, state_patch: {}, duration_ms: 5, gen_ai_model: 'gpt-4o', input_tokens: 3, output_tokens: 4 }),
      'completed in 5ms, gpt-4o 3→4 tok',
    );
    assert.equal(summariseKind({ type: 'brand_new_kind' }), 'brand_new_kind');
  });
});
