import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DropOldestQueue } from '../../../../source/core/alerts/notify/drop-oldest-queue.js';

describe('DropOldestQueue', () => {
  test('hands items out oldest first, in takes of at most n', () => {
    const q = new DropOldestQueue<number>(10);
    assert.equal(q.push([1, 2, 3, 4, 5]), 0);
    assert.deepEqual(q.take(2), [1, 2]);
    assert.deepEqual(q.take(10), [3, 4, 5]);
    assert.deepEqual(q.take(1), []);
    assert.equal(q.length, 0);
  });

  test('past its capacity drops the oldest and says how many', () => {
    const q = new DropOldestQueue<number>(3);
    q.push([1, 2]);
    assert.equal(q.push([3, 4, 5]), 2);
    assert.equal(q.length, 3);
    assert.deepEqual(q.take(5), [3, 4, 5]);
  });

  test('a push larger than the capacity keeps its newest items', () => {
    const q = new DropOldestQueue<number>(2);
    q.push([0]);
    assert.equal(q.push([1, 2, 3, 4]), 3);
    assert.deepEqual(q.take(5), [3, 4]);
  });

  test('stays at its capacity through many overflowing pushes', () => {
    const q = new DropOldestQueue<number>(100);
    let dropped = 0;
    for (let i = 0; i < 10_000; i++) dropped += q.push([i]);
    assert.equal(q.length, 100);
    assert.equal(dropped, 9_900);
    assert.equal(q.take(1)[0], 9_900);
  });

  test('clear empties it and returns the count', () => {
    const q = new DropOldestQueue<string>(5);
    q.push(['a', 'b']);
    assert.equal(q.clear(), 2);
    assert.equal(q.length, 0);
  });

  test('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new DropOldestQueue(0), /positive integer/);
  });
});
