import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tombstones } from '../../../source/core/model/tombstones.js';

describe('Tombstones', () => {
  test('remember the highest applied sequence and whether the execution had finished', () => {
    const t = new Tombstones(10);
    t.remember('a', 7, true);
    t.remember('b', 0, false);
    assert.deepEqual([t.maxSeq('a'), t.finished('a'), t.maxSeq('b'), t.finished('b')], [7, true, 0, false]);
    assert.equal(t.maxSeq('c'), undefined);
    assert.equal(t.finished('c'), false);
  });

  test('past the cap the oldest is forgotten first; a re-remembered id counts as new', () => {
    const t = new Tombstones(2);
    t.remember('a', 1, true);
    t.remember('b', 1, true);
    t.remember('a', 2, false); // a moves to the end: b is now the oldest
    t.remember('c', 1, true);
    assert.deepEqual([t.maxSeq('a'), t.maxSeq('b'), t.maxSeq('c'), t.size], [2, undefined, 1, 2]);
  });

  test('a forgotten id that comes back is not dropped by its earlier, stale place in the order', () => {
    const t = new Tombstones(2);
    t.remember('a', 1, false);
    t.forget('a');
    t.remember('b', 1, true);
    t.remember('a', 5, true);
    t.remember('c', 1, true); // over the cap: the stale 'a' is skipped, 'b' goes
    assert.deepEqual([t.maxSeq('a'), t.maxSeq('b'), t.maxSeq('c')], [5, undefined, 1]);
  });

  test('stale entries stay bounded when ids are forgotten over and over under the cap', () => {
    const t = new Tombstones(3);
    for (let i = 0; i < 1000; i++) {
      t.remember('x', i, false);
      t.forget('x');
    }
    t.remember('p', 1, true);
    t.remember('q', 1, true);
    t.remember('r', 1, true);
    t.remember('s', 1, true);
    assert.deepEqual([t.maxSeq('p'), t.maxSeq('q'), t.maxSeq('s'), t.size], [undefined, 1, 1, 3]);
    assert.ok((t as unknown as { order: { size: number } }).order.size <= 2 * 3 + 16);
  });
});
