import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { packRows, toEventRow, unpackRows } from '../../../source/core/store/event-row.js';
import { envelope, execIdFor, typed } from '../../helpers/store-fixtures.js';

describe('packRows', () => {
  test('gives back every row field for field through a structured clone, the rare fields only where a row had them', () => {
    const kinds: { type: string; [k: string]: unknown }[] = [
      { type: 'workflow_started', workflow_id: 'wf', workflow_version: '2', initial_input: {} },
      { type: 'node_started', node_id: 'a', worker_id: 'w', attempt: 0 },
      { type: 'node_completed', node_id: 'a', output: {}, state_patch: {}, duration_ms: 1, input_tokens: 10, output_tokens: 2, cost_usd: 0.25 },
      { type: 'child_workflow_started', node_id: 'c', child_execution_id: execIdFor(9), child_workflow_id: 'k' },
      { type: 'workflow_failed', error: 'boom' },
    ];
    const rows = kinds.map((k, i) => toEventRow(typed(envelope(1, i + 1, k, i)), 'src'));
    const packed = structuredClone(packRows(rows));
    assert.deepEqual(unpackRows(packed), rows);
    assert.deepEqual([...packed.extras.keys()], [0, 2, 3, 4]);
    assert.deepEqual(unpackRows(packRows([])), []);
  });
});
