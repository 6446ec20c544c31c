import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PromQLEvalError, evaluateInstant } from '../../../../source/core/alerts/promql/evaluate.js';
import { parseExpr } from '../../../../source/core/alerts/promql/parse.js';
import { SampleStore } from '../../../../source/core/alerts/promql/sample-store.js';
import type { Labels, VectorSample } from '../../../../source/core/alerts/promql/types.js';

const MIN = 60_000;

/** A store scraped once a minute from 0 to 10m; expectations below were checked with promtool 2.42. */
function fixture(): SampleStore {
  const store = new SampleStore();
  store.setRetentionMs(60 * MIN);
  const g = [0, 1, -2, 3.5, -4, 5, 6, -7, 8, 9, 10];
  for (let i = 0; i <= 10; i++) {
    const samples: VectorSample[] = [
      { labels: { __name__: 'c', job: 'b', i: '2' }, v: [0, 3, 6, 9, 12, 0, 1, 2, 3, 4, 5][i]! },
      { labels: { __name__: 'g', job: 'a' }, v: g[i]! },
      { labels: { __name__: 'g', job: 'b' }, v: 1 },
      { labels: { __name__: 'h_bucket', le: '0.1' }, v: i },
      { labels: { __name__: 'h_bucket', le: '1' }, v: 3 * i },
      { labels: { __name__: 'h_bucket', le: '+Inf' }, v: 4 * i },
    ];
    if (i < 8) samples.push({ labels: { __name__: 'c', job: 'a', i: '1' }, v: 10 * i });
    store.appendScrape('s', i * MIN, samples);
  }
  return store;
}

const store = fixture();

function vector(expr: string, t = 10 * MIN): Record<string, number> {
  const r = evaluateInstant(parseExpr(expr), store, t);
  assert.equal(r.type, 'vector', expr);
  if (r.type !== 'vector') return {};
  return Object.fromEntries(r.samples.map((s) => [show(s.labels), s.v]));
}

function show(labels: Labels): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',')}}`;
}

test('rate and increase extrapolate as Prometheus, through counter resets', () => {
  assert.deepEqual(vector('rate(c[5m])'), { '{i=1,job=a}': 0.08333333333333333, '{i=2,job=b}': 0.016666666666666666 });
  assert.deepEqual(vector('increase(c[5m])'), { '{i=1,job=a}': 25, '{i=2,job=b}': 5 });
  assert.deepEqual(vector('resets(c[10m])'), { '{i=1,job=a}': 0, '{i=2,job=b}': 1 });
  assert.deepEqual(vector('irate(c[5m])'), { '{i=1,job=a}': 10 / 60, '{i=2,job=b}': 1 / 60 });
});

test('a stale marker ends the series at once; lookback keeps the others for 5 minutes', () => {
  assert.deepEqual(vector('c'), { '{__name__=c,i=2,job=b}': 5 });
  assert.deepEqual(vector('c', 7 * MIN + 59_000), { '{__name__=c,i=1,job=a}': 70, '{__name__=c,i=2,job=b}': 2 });
  assert.deepEqual(vector('g{job="b"}', 15 * MIN), { '{__name__=g,job=b}': 1 }, 'exactly 5m old is still in the lookback');
  assert.deepEqual(vector('g{job="b"}', 15 * MIN + 1), {});
  assert.deepEqual(vector('c @ 120 offset 1m'), { '{__name__=c,i=1,job=a}': 10, '{__name__=c,i=2,job=b}': 3 });
});

test('over_time functions and subqueries aligned to absolute steps', () => {
  assert.deepEqual(vector('sum_over_time(c[10m])'), { '{i=1,job=a}': 280, '{i=2,job=b}': 45 });
  assert.deepEqual(vector('count_over_time(c[10m])'), { '{i=1,job=a}': 8, '{i=2,job=b}': 11 });
  assert.deepEqual(vector('last_over_time(g{job="a"}[5m])'), { '{__name__=g,job=a}': 10 });
  assert.deepEqual(vector('min_over_time(g{job="a"}[7m:2m])'), { '{job=a}': -4 });
  assert.deepEqual(vector('count_over_time(g{job="a"}[15m:2m])', 15 * MIN), { '{job=a}': 8 });
  assert.deepEqual(vector('quantile_over_time(0.5, g{job="a"}[4m])'), { '{job=a}': 8 });
});

test('histogram_quantile interpolates within the bucket and needs +Inf', () => {
  assert.deepEqual(vector('histogram_quantile(0.5, h_bucket)'), { '{}': 0.55 });
  assert.deepEqual(vector('histogram_quantile(0.99, h_bucket)'), { '{}': 1 });
  assert.deepEqual(vector('histogram_quantile(0.5, h_bucket{le!="+Inf"})'), { '{}': NaN });
});

test('aggregations group by and without, topk keeps the series', () => {
  assert.deepEqual(vector('sum by (job) (g)'), { '{job=a}': 10, '{job=b}': 1 });
  assert.deepEqual(vector('count(g) without (job)'), { '{}': 2 });
  assert.deepEqual(vector('topk(1, g)'), { '{__name__=g,job=a}': 10 });
  assert.deepEqual(vector('count_values("v", g)'), { '{v=10}': 1, '{v=1}': 1 });
  assert.deepEqual(vector('quantile(0.5, g)'), { '{}': 5.5 });
  assert.deepEqual(vector('stddev(g)'), { '{}': 4.5 });
});

test('binary operators: matching, bool, set operators and name dropping', () => {
  assert.deepEqual(vector('g > 5'), { '{__name__=g,job=a}': 10 });
  assert.deepEqual(vector('g > bool 5'), { '{job=a}': 1, '{job=b}': 0 });
  assert.deepEqual(vector('c / ignoring(i) group_left g'), { '{i=2,job=b}': 5 });
  assert.deepEqual(vector('c or g{job="a"}'), { '{__name__=c,i=2,job=b}': 5, '{__name__=g,job=a}': 10 });
  assert.deepEqual(vector('g unless on(job) c'), { '{__name__=g,job=a}': 10 });
  assert.deepEqual(vector('2 ^ -g{job="b"}'), { '{job=b}': 0.5 });
  const scalar = evaluateInstant(parseExpr('-2 ^ 2 + 1 > bool 2'), store, 0);
  assert.deepEqual(scalar, { type: 'scalar', v: 0 });
});

test('runtime errors: many-to-many matching and duplicate output label sets', () => {
  assert.throws(() => vector('c / on() group_left g'), PromQLEvalError);
  assert.throws(() => vector('g + on() vector(1)'), /many-to-one matching must be explicit/);
  assert.throws(() => vector('label_replace(g, "job", "same", "", "")'), /same labelset/);
});

test('functions: absent, label_replace, timestamp, clamp, round', () => {
  assert.deepEqual(vector('absent(nope{a="b",c=~"x"})'), { '{a=b}': 1 });
  assert.deepEqual(vector('absent(g)'), {});
  assert.deepEqual(vector('label_replace(c, "x", "$1-$2", "job", "(.)(.*)")'), { '{__name__=c,i=2,job=b,x=b-}': 5 });
  assert.deepEqual(vector('timestamp(c offset 3m)'), { '{i=1,job=a}': 420, '{i=2,job=b}': 420 });
  assert.deepEqual(vector('clamp(g, 2, 8)'), { '{job=a}': 8, '{job=b}': 2 });
  assert.deepEqual(vector('round(g / 3, 0.5)'), { '{job=a}': 3.5, '{job=b}': 0.5 });
});

test('sum by equals the sum of the parts (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: -1000, max: 1000 })), { maxLength: 30 }), (rows) => {
      const s = new SampleStore();
      s.appendScrape('p', 0, rows.map(([grp, v], i) => ({ labels: { __name__: 'm', grp, i: String(i) }, v })));
      const r = evaluateInstant(parseExpr('sum by (grp) (m)'), s, 0);
      assert.ok(r.type === 'vector');
      for (const out of r.samples) {
        const expected = rows.filter(([grp]) => grp === out.labels.grp).reduce((a, [, v]) => a + v, 0);
        assert.equal(out.v, expected);
      }
      assert.equal(r.samples.length, new Set(rows.map(([grp]) => grp)).size);
    }),
  );
});
