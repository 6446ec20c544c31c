import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXECUTION_ID_CACHE_MAX, executionIdCacheSize, normaliseExecutionId, toHyphenatedUuid } from '../../../source/core/decode/execution-id.js';

const CANON = 'exec_39201bc020354816b34546bc0da7d0fb';

describe('normaliseExecutionId', () => {
  test('normalises the exec_, hyphenated and bare forms, in any case, to the same id', () => {
    const forms = [
      'exec_39201bc020354816b34546bc0da7d0fb',
      '39201bc0-2035-4816-b345-46bc0da7d0fb',
      '39201BC0-2035-4816-B345-46BC0DA7D0FB',
      '39201bc020354816b34546bc0da7d0fb',
      '39201BC020354816B34546BC0DA7D0FB',
      'exec_39201BC020354816B34546BC0DA7D0FB',
      'EXEC_39201bc020354816b34546bc0da7d0fb',
      'exec_39201bc0-2035-4816-b345-46bc0da7d0fb',
    ];
    for (const f of forms) assert.equal(normaliseExecutionId(f), CANON, f);
  });

  test('returns the same string when the id is already canonical', () => {
    const raw = `exec_${'ab'.repeat(16)}`;
    assert.equal(normaliseExecutionId(raw), raw);
  });

  test('rejects ids of the wrong length, with non-hex digits or misplaced hyphens', () => {
    const bad = [
      '', 'exec_', 'exec_39201bc020354816b34546bc0da7d0f', 'exec_39201bc020354816b34546bc0da7d0fbb',
      'exec_39201bc020354816b34546bc0da7d0fg', '39201bc0-2035-4816-b345_46bc0da7d0fb',
      '39201bc02-035-4816-b345-46bc0da7d0fb', 'run_39201bc020354816b34546bc0da7d0fb',
      '39201bc0 2035 4816 b345 46bc0da7d0fb', 'xxxx_39201bc020354816b34546bc0da7d0fb',
      '{39201bc0-2035-4816-b345-46bc0da7d0f}',
    ];
    for (const b of bad) assert.equal(normaliseExecutionId(b), undefined, b);
  });

  test('keeps its memo under EXECUTION_ID_CACHE_MAX while still normalising every id correctly', () => {
    for (let i = 0; i < EXECUTION_ID_CACHE_MAX * 2 + 7; i++) {
      const hex = i.toString(16).padStart(32, '0');
      const hyphenated = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      assert.equal(normaliseExecutionId(hyphenated), `exec_${hex}`);
      assert.ok(executionIdCacheSize() <= EXECUTION_ID_CACHE_MAX);
    }
    assert.ok(executionIdCacheSize() > 0);
    // Ids memoised before the memo was emptied still normalise the same.
    assert.equal(normaliseExecutionId('39201BC0-2035-4816-B345-46BC0DA7D0FB'), CANON);
  });

  test('does not memoise invalid ids', () => {
    const before = executionIdCacheSize();
    for (let i = 0; i < 100; i++) normaliseExecutionId(`junk-${i}`);
    assert.equal(executionIdCacheSize(), before);
  });

  test('returns undefined for a non-string smuggled past the types', () => {
    assert.equal(normaliseExecutionId(42 as unknown as string), undefined);
  });
});

describe('toHyphenatedUuid', () => {
  test('turns any accepted form into a lowercase hyphenated UUID', () => {
    assert.equal(toHyphenatedUuid(CANON), '39201bc0-2035-4816-b345-46bc0da7d0fb');
    assert.equal(toHyphenatedUuid('39201BC020354816B34546BC0DA7D0FB'), '39201bc0-2035-4816-b345-46bc0da7d0fb');
  });

  test('leaves a string that is not an execution id unchanged', () => {
    assert.equal(toHyphenatedUuid('not-an-id'), 'not-an-id');
  });
});
