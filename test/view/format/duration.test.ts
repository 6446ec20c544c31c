import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../../../source/view/format/duration.js';

describe('formatDuration', () => {
  test('shows milliseconds below one second', () => {
    assert.equal(formatDuration(823), '823ms');
    assert.equal(formatDuration(0), '0ms');
  });
  test('shows seconds with one decimal below a minute', () => {
    assert.equal(formatDuration(1100), '1.1s');
    assert.equal(formatDuration(10_000), '10.0s');
    assert.equal(formatDuration(59_900), '59.9s');
  });
  test('rounds up into the next unit instead of printing 1000ms or 60.0s', () => {
    assert.equal(formatDuration(999.6), '1.0s');
    assert.equal(formatDuration(59_970), '1m00s');
  });
  test('shows minutes and zero-padded seconds below an hour', () => {
    assert.equal(formatDuration(125_000), '2m05s');
  });
  test('shows hours and zero-padded minutes', () => {
    assert.equal(formatDuration(3_720_000), '1h02m');
    assert.equal(formatDuration(100 * 3_600_000), '100h00m');
  });
  test('shows a dash when unknown and clamps negatives to zero', () => {
    assert.equal(formatDuration(undefined), '—');
    assert.equal(formatDuration(Number.NaN), '—');
    assert.equal(formatDuration(-5), '0ms');
  });
});
