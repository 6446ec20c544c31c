import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FifoQueue } from '../../../source/core/model/fifo-queue.js';

describe('FifoQueue', () => {
  test('hands items back oldest first and reports its size', () => {
    const q = new FifoQueue<number>();
    for (let i = 0; i < 5000; i++) q.push(i);
    for (let i = 0; i < 3000; i++) assert.equal(q.shift(), i);
    assert.equal(q.size, 2000);
    assert.equal(q.peek(), 3000);
    q.push(5000);
    const rest: number[] = [];
    for (let x = q.shift(); x !== undefined; x = q.shift()) rest.push(x);
    assert.deepEqual(rest, Array.from({ length: 2001 }, (_, i) => 3000 + i));
    assert.equal(q.size, 0);
    assert.equal(q.peek(), undefined);
  });

  test('removes the oldest item or one further in, and says when the item is not queued', () => {
    const q = new FifoQueue<string>();
    for (const s of ['a', 'b', 'c', 'd']) q.push(s);
    assert.equal(q.remove('a'), true);
    assert.equal(q.remove('c'), true);
    assert.equal(q.remove('zz'), false);
    assert.deepEqual([q.shift(), q.shift(), q.shift()], ['b', 'd', undefined]);
  });
});
