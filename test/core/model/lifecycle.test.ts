import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVE_STATUSES,
  EXECUTION_STATUSES,
  holdChange,
  isActive,
  isErrorStatus,
  isTerminal,
  sqlIsActive,
  sqlIsTerminal,
  statusAfter,
  TERMINAL_EVENT_TYPES,
  TERMINAL_STATUS_SET,
  TERMINAL_STATUSES,
  terminalStatusOf,
} from '../../../source/core/model/lifecycle.js';

describe('lifecycle', () => {
  test('follows an execution: started, paused while held, running once nothing is held, then terminal', () => {
    let s: string | null = null;
    let held = 0;
    for (const [type, change, expected] of [
      ['workflow_started', 0, 'running'], ['node_started', 0, 'running'], ['tool_approval_required', 1, 'paused'],
      ['interrupt_raised', 1, 'paused'], ['approval_received', -1, 'paused'], ['approval_received', -1, 'running'],
      ['workflow_failed', 0, 'failed'],
    ] as const) {
      held += change;
      s = statusAfter(s, type, held);
      assert.equal(s, expected, type);
    }
  });

  test('keeps the first terminal status whatever follows, holds included', () => {
    assert.equal(statusAfter('cancelled', 'workflow_completed'), 'cancelled');
    assert.equal(statusAfter('completed', 'tool_approval_required', 1), 'completed');
    assert.equal(statusAfter('running', 'segment_boundary'), 'limit_exceeded');
    assert.equal(statusAfter('paused', 'workflow_cancelled', 2), 'cancelled', 'a terminal event ends a paused execution');
  });

  test('an execution with nothing known yet is running after any event that does not end it', () => {
    assert.equal(statusAfter(null, 'node_scheduled'), 'running');
    assert.equal(statusAfter(undefined, 'some_future_kind'), 'running');
    assert.equal(statusAfter(null, 'workflow_completed'), 'completed');
  });

  test('names the terminal events and the status each writes, and no other', () => {
    assert.deepEqual([...TERMINAL_EVENT_TYPES].map(terminalStatusOf), ['completed', 'failed', 'cancelled', 'limit_exceeded']);
    for (const type of ['workflow_started', 'node_failed', 'child_workflow_failed', 'approval_received', 'strategy_limit_hit']) {
      assert.equal(terminalStatusOf(type), undefined, type);
    }
  });

  test('terminal, active and error statuses: the lists, the sets and the predicates agree', () => {
    assert.deepEqual(EXECUTION_STATUSES, [...ACTIVE_STATUSES, ...TERMINAL_STATUSES]);
    for (const s of [...EXECUTION_STATUSES, 'pending', 'nonsense']) {
      assert.equal(isTerminal(s), TERMINAL_STATUSES.includes(s as never), s);
      assert.equal(TERMINAL_STATUS_SET.has(s), isTerminal(s), s);
      assert.equal(isActive(s), ACTIVE_STATUSES.includes(s as never), s);
    }
    assert.equal(isActive('pending'), false, "a runtime's pending is neither active nor terminal");
    assert.deepEqual(EXECUTION_STATUSES.filter(isErrorStatus), ['failed', 'limit_exceeded'], 'cancelled is a decision, not an error');
  });

  test('holds a node on a human gate and releases it on a decision or on anything that ends or replaces its attempt', () => {
    assert.deepEqual(['tool_approval_required', 'interrupt_raised'].map(holdChange), ['hold', 'hold']);
    for (const type of ['approval_received', 'node_scheduled', 'node_started', 'node_completed', 'node_failed', 'node_parked', 'retry_scheduled', 'node_skipped', 'node_cancelled']) {
      assert.equal(holdChange(type), 'release', type);
    }
    for (const type of ['child_workflow_started', 'critic_verdict', 'policy_violation', 'workflow_started', 'workflow_completed']) {
      assert.equal(holdChange(type), undefined, type);
    }
  });

  test('writes the SQL predicates from the same lists', () => {
    assert.equal(sqlIsTerminal(), "status IN ('completed', 'failed', 'cancelled', 'limit_exceeded')");
    assert.equal(sqlIsActive('x.status'), "x.status IN ('running', 'paused')");
  });
});
