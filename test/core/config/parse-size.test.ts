import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSize } from '../../../source/core/config/parse-size.js';

describe('parseSize', () => {
  test('reads decimal units as powers of 1000', () => {
    assert.equal(parseSize('512MB'), 512_000_000);
    assert.equal(parseSize('2GB'), 2_000_000_000);
    assert.equal(parseSize('3KB'), 3_000);
    assert.equal(parseSize('1TB'), 1e12);
  });

  test('reads binary units as powers of 1024', () => {
    assert.equal(parseSize('100KiB'), 102_400);
    assert.equal(parseSize('1MiB'), 1_048_576);
    assert.equal(parseSize('2GiB'), 2 * 1024 ** 3);
  });

  test('treats a bare number or B as bytes, ignores unit case and rounds fractions down', () => {
    assert.equal(parseSize('4096'), 4096);
    assert.equal(parseSize('10B'), 10);
    assert.equal(parseSize('512mb'), 512_000_000);
    assert.equal(parseSize('1.5KiB'), 1536);
    assert.equal(parseSize('0.5B'), 0);
    assert.equal(parseSize('2 GB'), 2_000_000_000);
  });

  test('rejects unknown units, negatives and empties', () => {
    for (const bad of ['', 'MB', '-1MB', '5XB', '1constructor', '1 2MB', '1e3', 'GB2']) {
      assert.equal(parseSize(bad), undefined, bad);
    }
  });

  test('rejects a size too large to represent exactly', () => {
    assert.equal(parseSize('99999999TiB'), undefined);
  });
});
