import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRate } from '../../../source/view/format/rate.js';

describe('formatRate', () => {
  test('keeps two decimals below one per second, so slow rates do not read as zero', () => {
    assert.equal(formatRate(0.05), '0.05');
    assert.equal(formatRate(0.8), '0.80');
    assert.equal(formatRate(0.001), '<0.01');
  });
  test('uses one decimal below ten and compact units above', () => {
    assert.equal(formatRate(4.24), '4.2');
    assert.equal(formatRate(42.5), '43');
    assert.equal(formatRate(1_234), '1.2k');
  });
  test('shows 0 for zero or negative and — for a non-number', () => {
    assert.equal(formatRate(0), '0');
    assert.equal(formatRate(-1), '0');
    assert.equal(formatRate(Number.NaN), '—');
    assert.equal(formatRate(undefined), '—');
  });
});
