import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { statusAfter } from '../../../source/core/store/store-writer.js';

describe('statusAfter', () => {
  test('follows the lifecycle: started, paused by a human gate, resumed, then terminal', () => {
    let s: string | null = null;
    for (const [type, expected] of [
      ['workflow_started', 'running'], ['node_started', 'running'], ['tool_approval_required', 'paused'],
      ['approval_received', 'running'], ['interrupt_raised', 'paused'], ['approval_received', 'running'], ['workflow_failed', 'failed'],
    ] as const) {
      s = statusAfter(s, type);
      assert.equal(s, expected, type);
    }
  });

  test('keeps the first terminal status whatever follows', () => {
    assert.equal(statusAfter('cancelled', 'workflow_completed'), 'cancelled');
    assert.equal(statusAfter('completed', 'approval_received'), 'completed');
    assert.equal(statusAfter('running', 'segment_boundary'), 'limit_exceeded');
  });

  test('leaves the status unknown until an event says something about it', () => {
    assert.equal(statusAfter(null, 'node_scheduled'), null);
  });
});
