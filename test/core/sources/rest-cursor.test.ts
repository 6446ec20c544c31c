import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRestCursor } from '../../../source/core/sources/rest-cursor.js';

const A = 'a'.repeat(32);

describe('parseRestCursor', () => {
  test('reads execution ids in either form, in order, with their last sequence', () => {
    const hyphenated = `${'b'.repeat(8)}-${'b'.repeat(4)}-${'b'.repeat(4)}-${'b'.repeat(4)}-${'b'.repeat(12)}`;
    assert.deepEqual(parseRestCursor(JSON.stringify({ [`exec_${A}`]: 4, [hyphenated]: 0 })), [[`exec_${A}`, 4], [`exec_${'b'.repeat(32)}`, 0]]);
  });

  test('is no resume point for nothing, non-JSON, arrays or other shapes, and skips bad entries', () => {
    for (const bad of [undefined, '', 'not json', '[1,2]', '"x"', 'null']) assert.deepEqual(parseRestCursor(bad), []);
    assert.deepEqual(parseRestCursor(JSON.stringify({ nope: 3, [`exec_${A}`]: -1, [A]: 1.5 })), []);
  });
});
