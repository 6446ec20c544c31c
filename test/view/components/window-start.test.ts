import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { windowStart } from '../../../source/view/components/window-start.js';

describe('windowStart', () => {
  test('starts at zero when everything fits', () => {
    assert.equal(windowStart(5, 10, 4, 3), 0);
  });
  test('scrolls down only when the cursor leaves the bottom', () => {
    assert.equal(windowStart(100, 10, 9, 0), 0);
    assert.equal(windowStart(100, 10, 10, 0), 1);
  });
  test('scrolls up only when the cursor leaves the top', () => {
    assert.equal(windowStart(100, 10, 15, 10), 10);
    assert.equal(windowStart(100, 10, 9, 10), 9);
  });
  test('never leaves empty rows at the end after the list shrinks', () => {
    assert.equal(windowStart(20, 10, 19, 50), 10);
  });
});
