import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, padToWidth, truncateToWidth } from '../../../source/view/format/truncate.js';

describe('truncateToWidth', () => {
  test('keeps text that fits', () => {
    assert.equal(truncateToWidth('hello', 5), 'hello');
  });
  test('cuts with an ellipsis inside the width', () => {
    assert.equal(truncateToWidth('hello world', 6), 'hello…');
  });
  test('counts wide characters as two columns', () => {
    const out = truncateToWidth('日本語テキスト', 7);
    assert.equal(out, '日本語…');
    assert.ok(displayWidth(out) <= 7);
  });
  test('never splits an emoji with a skin-tone modifier', () => {
    assert.equal(truncateToWidth('👍🏽👍🏽👍🏽', 5), '👍🏽👍🏽…');
  });
  test('returns nothing for a zero width', () => {
    assert.equal(truncateToWidth('abc', 0), '');
  });
  test('pads to an exact width', () => {
    assert.equal(padToWidth('ab', 4), 'ab  ');
    assert.equal(padToWidth('abcdef', 4), 'abc…');
  });
});
