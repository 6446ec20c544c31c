import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evalScorers, MAX_EVAL_SCORERS } from '../../../source/core/model/eval-scorers.js';
import type { Json } from '../../../source/core/decode/event-kinds.js';

describe('evalScorers', () => {
  test('reads each named scorer of an eval output with its score and verdict', () => {
    assert.deepEqual(evalScorers({ passed: true, scorers: [{ scorer: 'llm_judge', passed: true, score: 4.7, message: 'ok' }, { scorer: 'assertion', passed: false }] }), [
      { scorer: 'llm_judge', score: 4.7, passed: true },
      { scorer: 'assertion', score: undefined, passed: false },
    ]);
  });

  test('nothing for outputs without scorers, and entries without a name are skipped', () => {
    for (const output of <Json[]>[null, 'text', [], {}, { scorers: [] }, { scorers: 'x' }, { scorers: [{ score: 1 }] }]) assert.equal(evalScorers(output), undefined);
  });

  test(`keeps at most ${MAX_EVAL_SCORERS} scorers`, () => {
    const scorers = Array.from({ length: MAX_EVAL_SCORERS + 5 }, (_, i) => ({ scorer: `s${i}`, score: i }));
    assert.equal(evalScorers({ scorers })!.length, MAX_EVAL_SCORERS);
  });
});
