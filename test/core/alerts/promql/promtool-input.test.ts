import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { samplesOf } from '../../../../source/core/alerts/promql/series-samples.js';
import {
  FixtureQueryable,
  parsePromtoolTests,
  parseSeriesLabels,
  parseSeriesValues,
  seriesSamples,
} from './promtool-input.js';

const CORPUS = fileURLToPath(new URL('../../../../../test/fixtures/promql/corpus.test.yml', import.meta.url));

describe('promtool series values', () => {
  test('expands a+bxN into N+1 values and a-bxN downwards', () => {
    assert.deepEqual(parseSeriesValues('1+2x3 10-3x2'), [1, 3, 5, 7, 10, 7, 4]);
  });

  test('adds the step to the previous value, as promtool does, so float rounding matches its results', () => {
    const values = parseSeriesValues('0+0.015x20');
    let expected = 0;
    for (let i = 0; i < 20; i++) expected += 0.015;
    assert.equal(values[20], expected);
    assert.notEqual(values[20], 20 * 0.015);
  });

  test('reads axN as N+1 copies, plain numbers, signs, exponents, Inf and NaN', () => {
    const values = parseSeriesValues('3x2 -1.5 +2 1e3 Inf -Inf NaN Inf+0x1 .5');
    assert.deepEqual(values.slice(0, 6), [3, 3, 3, -1.5, 2, 1000]);
    assert.equal(values[6], Infinity);
    assert.equal(values[7], -Infinity);
    assert.ok(Number.isNaN(values[8]));
    assert.deepEqual(values.slice(9), [Infinity, Infinity, 0.5]);
  });

  test('reads _ as no sample, _xN as N of them, and stale as a marker', () => {
    assert.deepEqual(parseSeriesValues('1 _ _x3 stale 2'), [1, null, null, null, null, 'stale', 2]);
  });

  test('rejects what promtool rejects', () => {
    assert.throws(() => parseSeriesValues('Infx3'), /not a series value/);
    assert.throws(() => parseSeriesValues('1+2'), /needs a count/);
    assert.throws(() => parseSeriesValues('one'), /not a series value/);
  });
});

describe('promtool labels', () => {
  test('reads name{…} and {__name__=…} to the same labels', () => {
    const expected = { __name__: 'up', job: 'api', instance: '10.0.0.1:9090' };
    assert.deepEqual(parseSeriesLabels('up{job="api", instance="10.0.0.1:9090"}'), expected);
    assert.deepEqual(parseSeriesLabels('{__name__="up", instance="10.0.0.1:9090", job="api"}'), expected);
  });

  test('reads a bare name, an empty set, a trailing comma and escapes in values', () => {
    assert.deepEqual(parseSeriesLabels('jamjet_queue_depth'), { __name__: 'jamjet_queue_depth' });
    assert.deepEqual(parseSeriesLabels('{}'), {});
    assert.deepEqual(parseSeriesLabels('up{}'), { __name__: 'up' });
    assert.deepEqual(parseSeriesLabels('{a="x", }'), { a: 'x' });
    assert.deepEqual(parseSeriesLabels(String.raw`{a="q\"uo\\te\n"}`), { a: 'q"uo\\te\n' });
  });

  test('rejects broken label sets', () => {
    assert.throws(() => parseSeriesLabels('{a="x"'), /unterminated|expected/);
    assert.throws(() => parseSeriesLabels('{a=x}'), /quoted/);
    assert.throws(() => parseSeriesLabels('up{a="x"} extra'), /unexpected/);
    assert.throws(() => parseSeriesLabels(''), /expected a metric name/);
  });
});

describe('the fixture Queryable', () => {
  const q = new FixtureQueryable([
    { labels: { __name__: 'a', job: 'api' }, samples: seriesSamples(parseSeriesValues('1 _ 3 stale 5'), 60_000, Infinity) },
    { labels: { __name__: 'a', job: 'worker', zone: 'eu' }, samples: seriesSamples(parseSeriesValues('7x4'), 60_000, Infinity) },
    { labels: { __name__: 'b' }, samples: seriesSamples(parseSeriesValues('9'), 60_000, Infinity) },
  ]);
  const select = (matchers: Parameters<FixtureQueryable['select']>[0], mint = 0, maxt = Infinity) => [...q.select(matchers, mint, maxt)].map((x) => ({ labels: x.labels, samples: samplesOf(x) }));

  test('places values one interval apart from t=0, leaves gaps out and keeps stale markers', () => {
    const [api] = select([{ name: 'job', op: '=', value: 'api' }]);
    assert.deepEqual(api?.samples.map((s) => [s.t, s.stale === true]), [[0, false], [120_000, false], [180_000, true], [240_000, false]]);
    assert.ok(Number.isNaN(api?.samples[2]?.v));
  });

  test('selects [mint, maxt] with both ends included, and no series with nothing in range', () => {
    assert.deepEqual(select([{ name: '__name__', op: '=', value: 'a' }], 120_000, 180_000).map((s) => s.samples.map((p) => p.t)), [[120_000, 180_000], [120_000, 180_000]]);
    assert.deepEqual(select([{ name: '__name__', op: '=', value: 'b' }], 1, 60_000), []);
  });

  test('anchors regular expressions and treats a missing label as empty', () => {
    assert.equal(select([{ name: 'job', op: '=~', value: 'api|work' }]).length, 1);
    assert.equal(select([{ name: 'job', op: '!~', value: 'wor.*' }, { name: '__name__', op: '=', value: 'a' }]).length, 1);
    assert.equal(select([{ name: 'zone', op: '=', value: '' }]).length, 2);
    assert.equal(select([{ name: 'zone', op: '!=', value: '' }]).length, 1);
  });
});

describe('a promtool test file', () => {
  const file = parsePromtoolTests(`
evaluation_interval: 1m
tests:
  - interval: 30s
    input_series:
      - series: 'x{a="1"}'
        values: '0+1x10'
    promql_expr_test:
      - expr: x
        eval_time: 2m
        exp_samples:
          - labels: 'x{a="1"}'
            value: 4
      - expr: vector(1)
        eval_time: 150s
        exp_samples:
          - labels: '{}'
            value: .inf
  - input_series: []
    promql_expr_test:
      - expr: time()
`);

  test('reads intervals, eval times and exp_samples (YAML infinities included)', () => {
    assert.equal(file.evaluationIntervalMs, 60_000);
    const [g] = file.groups;
    assert.equal(g?.intervalMs, 30_000);
    assert.deepEqual(g?.exprTests[0], { expr: 'x', evalTimeMs: 120_000, expSamples: [{ labels: { __name__: 'x', a: '1' }, v: 4 }] });
    assert.equal(g?.exprTests[1]?.expSamples[0]?.v, Infinity);
  });

  test('loads samples only up to the last evaluation step at or before the latest eval_time, as promtool does', () => {
    const [g] = file.groups;
    assert.equal(g?.loadedUntilMs, 120_000);
    const [x] = [...(g?.queryable.select([], 0, Infinity) ?? [])];
    assert.deepEqual((x === undefined ? [] : samplesOf(x)).map((s) => s.v), [0, 1, 2, 3, 4]);
  });

  test('defaults a group\'s interval and eval_time to promtool\'s (1m and 0)', () => {
    const g = file.groups[1];
    assert.equal(g?.intervalMs, 60_000);
    assert.equal(g?.exprTests[0]?.evalTimeMs, 0);
    assert.deepEqual(g?.exprTests[0]?.expSamples, []);
  });

  test('reads the corpus fixture: its groups, at least 150 expressions, every expected label set parsed', () => {
    const corpus = parsePromtoolTests(readFileSync(CORPUS, 'utf8'));
    const tests = corpus.groups.flatMap((g) => g.exprTests);
    assert.ok(tests.length >= 150, `${tests.length} expressions`);
    assert.ok(corpus.groups.every((g) => g.loadedUntilMs > 0));
    assert.ok(tests.some((t) => t.expSamples.some((s) => s.labels['__name__'] === 'jamjet_executions_total')));
  });

  test('reads the corpus\'s series as promtool did: a bare selector\'s expected value is the sample at eval_time, where there is one', () => {
    const corpus = parsePromtoolTests(readFileSync(CORPUS, 'utf8'));
    let checked = 0;
    for (const g of corpus.groups) {
      for (const t of g.exprTests.filter((e) => /^[\w:]*(\{[^}]*\})?$/.test(e.expr))) {
        for (const exp of t.expSamples) {
          const matchers = Object.entries(exp.labels).map(([name, value]) => ({ name, op: '=' as const, value }));
          const [series] = [...g.queryable.select(matchers, t.evalTimeMs, t.evalTimeMs)];
          if (series === undefined) continue;
          assert.equal(samplesOf(series)[0]?.v, exp.v, `${t.expr} at ${t.evalTimeMs} ms`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 10, `${checked} samples checked`);
  });
});

test('the corpus passes `promtool test rules`: its expected values are Prometheus\'s own', () => {
  const run = spawnSync('promtool', ['test', 'rules', CORPUS], { encoding: 'utf8' });
  if (run.error) assert.fail(`promtool is not installed: run node scripts/ensure-test-tools.mjs (it installs prometheus or prints the command)`);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /SUCCESS/);
});
