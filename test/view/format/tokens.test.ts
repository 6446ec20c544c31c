import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTokens } from '../../../source/view/format/tokens.js';

describe('formatTokens', () => {
  test('prints small counts whole', () => {
    assert.equal(formatTokens(412), '412');
    assert.equal(formatTokens(0), '0');
  });
  test('uses k, M and B with one decimal below ten', () => {
    assert.equal(formatTokens(1234), '1.2k');
    assert.equal(formatTokens(34_400), '34k');
    assert.equal(formatTokens(3_400_000), '3.4M');
    assert.equal(formatTokens(1_100_000_000), '1.1B');
  });
  test('moves to the next unit instead of printing 1000k', () => {
    assert.equal(formatTokens(999_700), '1.0M');
    assert.equal(formatTokens(999.7), '1.0k');
  });
  test('shows a dash when unknown', () => {
    assert.equal(formatTokens(undefined), '—');
  });
});
