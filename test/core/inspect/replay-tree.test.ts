import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { childExecutionIds } from '../../../source/core/inspect/replay-tree.js';
import { envelope, execIdFor, uuidFor } from '../../helpers/store-fixtures.js';

describe('childExecutionIds', () => {
  test('reads every child_workflow_* event, as the model and the store link them, each child once', () => {
    const events = [
      envelope(1, 1, { type: 'child_workflow_started', node_id: 'a', child_execution_id: uuidFor(2), child_workflow_id: 'c' }, 0),
      envelope(1, 2, { type: 'child_workflow_completed', node_id: 'a', child_execution_id: execIdFor(2), result: {} }, 1),
      // The started event never arrived for this one: the failed event still names the child.
      envelope(1, 3, { type: 'child_workflow_failed', node_id: 'b', child_execution_id: uuidFor(3), error: 'x' }, 2),
      envelope(1, 4, { type: 'child_workflow_started', node_id: 'c', child_execution_id: 'not-an-id', child_workflow_id: 'c' }, 3),
    ];
    assert.deepEqual(childExecutionIds(events), [execIdFor(2), execIdFor(3)]);
  });
});
