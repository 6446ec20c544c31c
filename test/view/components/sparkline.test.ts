import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SPARK_BLOCKS, sparkline } from '../../../source/view/components/sparkline.js';

describe('sparkline', () => {
  test('scales to the maximum, which gets the full block', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([10, 5, 0], 3), '█▅▁');
  });
  test('scales relative to the largest value, not to an absolute range', () => {
    assert.equal(sparkline([1000, 1000], 2), '██');
    assert.equal(sparkline([0.001, 0.002], 2), '▅█');
  });
  test('shows only the last `width` values', () => {
    assert.equal(sparkline([100, 0, 1, 2], 2), '▅█');
    assert.equal(sparkline([1, 2, 3], 10).length, 3);
  });
  test('draws an all-zero series as a flat low line', () => {
    assert.equal(sparkline([0, 0, 0], 3), '▁▁▁');
  });
  test('treats NaN, negative and infinite values as zero', () => {
    assert.equal(sparkline([Number.NaN, -5, 4, Number.POSITIVE_INFINITY], 4), '▁▁█▁');
    assert.equal(sparkline([Number.NaN, Number.NaN], 2), '▁▁');
  });
  test('is empty for no values or no width', () => {
    assert.equal(sparkline([], 5), '');
    assert.equal(sparkline([1, 2], 0), '');
    assert.equal(sparkline([1, 2], -3), '');
  });
  test('uses only the eight block characters', () => {
    const line = sparkline(Array.from({ length: 50 }, (_, i) => Math.sin(i) * 10), 50);
    assert.equal(line.length, 50);
    for (const ch of line) assert.ok(SPARK_BLOCKS.includes(ch), ch);
  });
});
