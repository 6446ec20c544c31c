import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsd, formatUsdRate } from '../../../source/view/format/money.js';

describe('formatUsd', () => {
  test('uses four decimals below a dollar', () => {
    assert.equal(formatUsd(0.0123), '$0.0123');
    assert.equal(formatUsd(0.0145), '$0.0145');
  });
  test('uses cents below a hundred dollars and whole dollars above', () => {
    assert.equal(formatUsd(1.2391), '$1.24');
    assert.equal(formatUsd(123.4), '$123');
    assert.equal(formatUsd(12_345.6), '$12,346');
  });
  test('says zero plainly and marks amounts too small to show', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.00001), '<$0.0001');
  });
  test('shows a dash when there is no figure', () => {
    assert.equal(formatUsd(undefined), '—');
  });
});

describe('formatUsdRate', () => {
  test('shows cents from a cent up to a dollar, and as formatUsd otherwise', () => {
    assert.equal(formatUsdRate(0.42), '$0.42');
    assert.equal(formatUsdRate(0.004), '$0.0040');
    assert.equal(formatUsdRate(12.345), '$12.35');
    assert.equal(formatUsdRate(undefined), '—');
  });
});
