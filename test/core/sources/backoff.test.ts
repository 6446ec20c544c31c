import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, BACKOFF_CAP_MS } from '../../../source/core/sources/backoff.js';

describe('Backoff', () => {
  test('doubles the ceiling from 250 ms on each attempt', () => {
    const b = new Backoff({ random: () => 1 });
    assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [250, 500, 1000, 2000, 4000]);
    assert.equal(b.attempts, 5);
  });

  test('never waits longer than the 15 s cap, however many attempts fail', () => {
    const b = new Backoff({ random: () => 1 });
    const delays = Array.from({ length: 2000 }, () => b.next());
    assert.equal(Math.max(...delays), BACKOFF_CAP_MS);
    assert.equal(delays.at(-1), BACKOFF_CAP_MS);
  });

  test('full jitter: the delay is the ceiling scaled by the random draw', () => {
    const draws = [0, 0.5, 0.25];
    const b = new Backoff({ random: () => draws.shift() ?? 0 });
    assert.deepEqual([b.next(), b.next(), b.next()], [0, 250, 250]);
  });

  test('with the real random source every delay stays within its ceiling', () => {
    const b = new Backoff();
    for (let i = 0; i < 10; i++) {
      const d = b.next();
      assert.ok(d >= 0 && d <= Math.min(BACKOFF_CAP_MS, 250 * 2 ** i), `attempt ${i}: ${d}`);
    }
  });

  test('reset starts again from the first delay', () => {
    const b = new Backoff({ random: () => 1 });
    b.next();
    b.next();
    b.next();
    b.reset();
    assert.equal(b.attempts, 0);
    assert.equal(b.next(), 250);
  });
});
