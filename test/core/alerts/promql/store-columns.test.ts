// The store's columns (typed arrays, the resets column, compaction) against the plain fixture Queryable on
// the same samples: every range function must give bit-identical results either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateInstant } from '../../../../source/core/alerts/promql/evaluate.js';
import { parseExpr } from '../../../../source/core/alerts/promql/parse.js';
import { SampleStore } from '../../../../source/core/alerts/promql/sample-store.js';
import type { StoredSample } from '../../../../source/core/alerts/promql/types.js';
import { FixtureQueryable } from './promtool-input.js';

const EXPRS = [
  'rate(c[1m])', 'increase(c[45s])', 'resets(c[2m])', 'delta(c[1m])', 'irate(c[30s])', 'deriv(c[1m])',
  'sum_over_time(c[1m])', 'max_over_time(c[90s])', 'changes(c[1m])', 'count_over_time(c[1m])', 'c', 'c offset 20s',
];

test('range functions over the store agree exactly with the same samples read as objects', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          { arbitrary: fc.integer({ min: -2, max: 6 }), weight: 20 },
          { arbitrary: fc.constantFrom(NaN, -0, 0.1, 1e300), weight: 1 },
          { arbitrary: fc.constant('absent' as const), weight: 2 },
        ),
        { minLength: 1, maxLength: 120 },
      ),
      fc.integer({ min: 0, max: 130 }),
      (points, at) => {
        const store = new SampleStore();
        store.setRetentionMs(50_000);
        const labels = { __name__: 'c', job: 'x' };
        const kept: StoredSample[] = [];
        points.forEach((p, i) => {
          const t = i * 1000;
          // A scrape without the series marks it stale the first time.
          store.appendScrape('s', t, typeof p === 'number' ? [{ labels, v: p }] : []);
        });
        // Rebuild what the store should hold: a value per scrape, a marker on the first scrape without it.
        let present = false;
        points.forEach((p, i) => {
          const t = i * 1000;
          if (typeof p === 'number') {
            kept.push({ t, v: p });
            present = true;
          } else if (present) {
            kept.push({ t, v: NaN, stale: true });
            present = false;
          }
        });
        const last = (points.length - 1) * 1000;
        const fixture = new FixtureQueryable([{ labels, samples: kept.filter((s) => s.t >= last - 50_000) }]);
        const t = Math.min(at * 1000, last);
        for (const expr of EXPRS) {
          const ast = parseExpr(expr);
          const ours = evaluateInstant(ast, store, t);
          const theirs = evaluateInstant(ast, fixture, t);
          assert.deepEqual(ours, theirs, `${expr} at ${t}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});
