import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../../source/core/config/parse-duration.js';

describe('parseDuration', () => {
  test('reads each unit into milliseconds', () => {
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('15s'), 15_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('12h'), 43_200_000);
    assert.equal(parseDuration('7d'), 604_800_000);
    assert.equal(parseDuration('2w'), 1_209_600_000);
  });

  test('adds chained units written from largest to smallest', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1m500ms'), 60_500);
  });

  test('accepts decimals and zero, and trims surrounding blanks', () => {
    assert.equal(parseDuration('1.5s'), 1_500);
    assert.equal(parseDuration('0s'), 0);
    assert.equal(parseDuration(' 5m '), 300_000);
  });

  test('rejects bare numbers, unknown units, negatives, empties and out-of-order chains', () => {
    for (const bad of ['', '250', '5x', '-5s', '5 s', '5S', 'ms', '5m1h', '1s1s', '1h 30m', 's5', '1e3ms', '.5s']) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });

  test('rejects a duration too large to represent exactly', () => {
    assert.equal(parseDuration('99999999999999999999w'), undefined);
  });
});
