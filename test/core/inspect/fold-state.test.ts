import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { foldState, hideBudget, mergePatch } from '../../../source/core/inspect/fold-state.js';
import type { Json } from '../../../source/core/decode/event-kinds.js';
import { envelope } from '../../helpers/store-fixtures.js';

describe('mergePatch', () => {
  // The test vectors of RFC 7396, Appendix A.
  const cases: Array<[Json, Json, Json]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of cases) {
    test(`applies ${JSON.stringify(patch)} to ${JSON.stringify(target)} as RFC 7396 says`, () => {
      const before = JSON.stringify(target);
      assert.deepEqual(mergePatch(target, patch), result);
      assert.equal(JSON.stringify(target), before, 'the target is not modified');
    });
  }
});

describe('foldState', () => {
  const events = [
    envelope(1, 1, { type: 'workflow_started', workflow_id: 'w', workflow_version: '1', initial_input: { topic: 't', audience: 'board' } }, 0),
    envelope(1, 3, { type: 'approval_received', node_id: 'r', user_id: 'u', decision: 'approved', comment: null, state_patch: { audience: 'all' } }, 2),
    envelope(1, 2, { type: 'node_completed', node_id: 'a', output: {}, state_patch: { draft: { v: 1 }, __budget: { total_input_tokens: 5 } }, duration_ms: 1 }, 1),
    envelope(1, 4, { type: 'node_completed', node_id: 'b', output: {}, state_patch: { draft: { v: 2, note: 'x' }, topic: null }, duration_ms: 1 }, 3),
  ];

  test('folds initial_input then node_completed and approval_received patches in sequence order', () => {
    const f = foldState(events);
    assert.equal(f.origin, 'folded');
    assert.equal(f.patches, 3);
    assert.deepEqual(hideBudget(f.state), { audience: 'all', draft: { v: 2, note: 'x' } });
  });

  test('uses final_state when the workflow completed, unless asked to fold', () => {
    const done = [...events, envelope(1, 5, { type: 'workflow_completed', final_state: { done: true } }, 4)];
    assert.deepEqual(foldState(done), { state: { done: true }, origin: 'final_state', patches: 0 });
    assert.equal(foldState(done, false).origin, 'folded');
  });

  test('hides only the top-level __budget key', () => {
    assert.deepEqual(hideBudget({ a: 1, __budget: {}, b: { __budget: 2 } }), { a: 1, b: { __budget: 2 } });
    assert.deepEqual(hideBudget([1]), [1]);
  });
});
