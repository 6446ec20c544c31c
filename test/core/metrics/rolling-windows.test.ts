import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { createRng } from '../../../source/core/sim/rng.js';
import { MAX_SKETCH_BUCKETS, RollingWindows, SKETCH_BUCKET_MS } from '../../../source/core/metrics/rolling-windows.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000); // a minute boundary, so bucket edges are predictable

/** An event time later than any clock: the effect is recorded at the clock's now (arrival time). */
const AT_NOW = Number.POSITIVE_INFINITY;

function ended(durationMs: number | undefined, status: 'completed' | 'failed' | 'limit_exceeded' | 'cancelled' = 'completed'): ModelEffect {
  return { type: 'execution_ended', executionId: 'exec_' + '0'.repeat(32), workflowId: 'wf', status, source: 's', time: AT_NOW, durationMs, summary: stubSummary('exec_' + '0'.repeat(32), 'wf', status, durationMs) };
}

function node(durationMs: number, status: 'completed' | 'skipped' = 'completed'): ModelEffect {
  return { type: 'attempt_ended', executionId: 'exec_' + '0'.repeat(32), nodeId: 'n', nodeKind: 'tool', attempt: 0, status, durationMs, time: AT_NOW, source: 's', span: stubSpan('n', 'tool', status, durationMs) };
}

/** The sim's seeded PRNG, so the data is the same on every run. */
const rng = (seed: number): (() => number) => {
  const r = createRng(seed);
  return () => r.next();
};

function lognormal(n: number, mu: number, sigma: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.exp(mu + sigma * z);
  });
}

function pareto(n: number, xm: number, alpha: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => xm / Math.pow(1 - r(), 1 / alpha));
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function assertWithinOnePercent(values: number[], clock: ManualClock, w: RollingWindows): void {
  const sorted = [...values].sort((a, b) => a - b);
  const stats = w.snapshot(clock.now());
  assert.equal(stats.execution['15m'].count, values.length);
  for (const [q, key] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']] as const) {
    const exact = exactQuantile(sorted, q);
    const got = stats.execution['15m'][key]!;
    assert.ok(Math.abs(got - exact) / exact <= 0.01, `${key}: sketch ${got} vs exact ${exact}`);
  }
}

describe('RollingWindows', () => {
  for (const [name, data] of [
    ['lognormal', lognormal(100_000, 7, 1.5, 42)],
    ['pareto', pareto(100_000, 50, 1.1, 7)],
  ] as const) {
    test(`reports percentiles within 1% of the exact ones on ${name} data spread over many buckets`, () => {
      const clock = new ManualClock(T0);
      const w = new RollingWindows(clock);
      // 100k samples over 14 minutes, so the 15-minute answer is a merge of 84 bucket sketches.
      const perStep = 1_000;
      for (let i = 0; i < data.length; i += perStep) {
        w.effects(data.slice(i, i + perStep).map((d) => ended(d)));
        clock.advance(8_400);
      }
      assertWithinOnePercent(data, clock, w);
    });
  }

  test('forgets latencies as they fall out of each window', () => {
    const clock = new ManualClock(T0);
    const w = new RollingWindows(clock);
    w.effects([ended(100), node(5)]);
    clock.advance(30_000);
    w.effects([ended(300)]);
    let s = w.snapshot();
    assert.equal(s.execution['1m'].count, 2);
    assert.equal(s.node['1m'].count, 1);
    clock.advance(45_000); // the first is 75 s old, the second 45 s
    s = w.snapshot();
    assert.equal(s.execution['1m'].count, 1);
    assert.ok(Math.abs(s.execution['1m'].p50! - 300) / 300 <= 0.01);
    assert.equal(s.execution['5m'].count, 2);
    clock.advance(5 * 60_000);
    s = w.snapshot();
    assert.equal(s.execution['1m'].count, 0);
    assert.equal(s.execution['1m'].p99, undefined);
    assert.equal(s.execution['5m'].count, 0);
    assert.equal(s.execution['15m'].count, 2);
    clock.advance(15 * 60_000);
    assert.equal(w.snapshot().execution['15m'].count, 0);
  });

  test('keeps only MAX_SKETCH_BUCKETS buckets of latency however long it runs', () => {
    const clock = new ManualClock(T0);
    const w = new RollingWindows(clock);
    const buckets = MAX_SKETCH_BUCKETS * 2;
    for (let i = 0; i < buckets; i++) {
      w.effects([ended(10)]);
      clock.advance(SKETCH_BUCKET_MS);
    }
    assert.equal(w.snapshot().execution['15m'].count, MAX_SKETCH_BUCKETS - 1);
  });

  test('a time behind the newest lands in its own bucket while the windows still hold it, and is left out past them', () => {
    const clock = new ManualClock(T0 + 60_000);
    const w = new RollingWindows(clock);
    w.record([ended(10)], T0 + 60_000);
    w.record([ended(20)], T0 + 30_000); // within the last minute: counted in 1m
    w.record([ended(30)], T0 - 120_000); // three minutes back: in 5m, not in 1m
    w.record([ended(40)], T0 - 3_600_000); // an hour back: older than any window
    const stats = w.snapshot(T0 + 60_000);
    assert.deepEqual([stats.execution['1m'].count, stats.execution['5m'].count, stats.execution['15m'].count], [2, 3, 3]);
  });

  test('effects land at their event time: a backlog delivered at once does not crowd the last minute', () => {
    const clock = new ManualClock(T0 + 600_000);
    const w = new RollingWindows(clock);
    // Ten minutes of history, one execution ending every 10 s, all delivered now (a restart, a resumed stream).
    const backlog = Array.from({ length: 60 }, (_, i) => ({ ...ended(100), time: T0 + i * 10_000 }));
    w.effects(backlog);
    const stats = w.snapshot();
    // The 1m window is the six newest 10 s buckets, the current one included: ends at 550 s to 590 s.
    assert.equal(stats.execution['1m'].count, 5);
    assert.equal(stats.execution['15m'].count, 60);
    // An event stamped in the future (a runtime clock ahead of ours) counts as now.
    w.effects([{ ...ended(100), time: T0 + 10_000_000 }]);
    assert.equal(w.snapshot().execution['1m'].count, 6);
  });
});
