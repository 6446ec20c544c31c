import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAMPLES_PER_SERIES, MAX_SERIES, SampleStore } from '../../../../source/core/alerts/promql/sample-store.js';
import { samplesOf } from '../../../../source/core/alerts/promql/series-samples.js';
import type { LabelMatcher } from '../../../../source/core/alerts/promql/types.js';

const up = (job: string) => ({ __name__: 'up', job });

/** The selected series with their samples as objects. */
const selectSamples = (s: SampleStore, matchers: LabelMatcher[], mint: number, maxt: number) =>
  s.select(matchers, mint, maxt).map((x) => ({ labels: x.labels, samples: samplesOf(x) }));

test('a series missing from the next scrape of its source gets a stale marker', () => {
  const s = new SampleStore();
  s.appendScrape('a', 0, [{ labels: up('x'), v: 1 }, { labels: up('y'), v: 1 }]);
  s.appendScrape('b', 0, [{ labels: up('z'), v: 1 }]);
  s.appendScrape('a', 10_000, [{ labels: up('x'), v: 2 }]);
  const y = selectSamples(s, [{ name: 'job', op: '=', value: 'y' }], 0, 20_000);
  assert.deepEqual(y[0]!.samples.map((x) => x.stale === true), [false, true]);
  const z = selectSamples(s, [{ name: 'job', op: '=', value: 'z' }], 0, 20_000);
  assert.equal(z[0]!.samples.length, 1, 'another source does not mark it');
  s.endSource('b', 20_000);
  const z2 = selectSamples(s, [{ name: 'job', op: '=', value: 'z' }], 0, 20_000);
  assert.equal(z2[0]!.samples[1]!.stale, true);
});

test('selects by name and matchers within [mint, maxt], both ends included', () => {
  const s = new SampleStore();
  for (let t = 0; t <= 4; t++) s.appendScrape('a', t * 1000, [{ labels: up('x'), v: t }, { labels: { __name__: 'other', job: 'x' }, v: t }]);
  const got = selectSamples(s, [{ name: '__name__', op: '=', value: 'up' }, { name: 'job', op: '=~', value: 'x|q' }], 1000, 3000);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0]!.samples.map((x) => x.t), [1000, 2000, 3000]);
});

test('out-of-order and duplicate timestamps are dropped and counted', () => {
  const s = new SampleStore();
  s.appendScrape('a', 1000, [{ labels: up('x'), v: 1 }]);
  s.appendScrape('a', 1000, [{ labels: up('x'), v: 2 }]);
  s.appendScrape('a', 500, [{ labels: up('x'), v: 3 }]);
  assert.deepEqual(s.stats(), { series: 1, samples: 1, seriesRefused: 0, samplesDropped: 2 });
});

test('retention drops old samples at append', () => {
  const s = new SampleStore();
  s.setRetentionMs(10_000);
  for (let t = 0; t <= 30; t++) s.appendScrape('a', t * 1000, [{ labels: up('x'), v: t }]);
  assert.equal(s.stats().samples, 11);
});

test('caps: new series beyond MAX_SERIES are refused, samples beyond MAX_SAMPLES_PER_SERIES drop the oldest', () => {
  const s = new SampleStore();
  s.setRetentionMs(Number.MAX_SAFE_INTEGER);
  const many = Array.from({ length: MAX_SERIES + 5 }, (_, i) => ({ labels: up(String(i)), v: 1 }));
  s.appendScrape('a', 0, many);
  assert.equal(s.stats().series, MAX_SERIES);
  assert.equal(s.stats().seriesRefused, 5);
  const one = new SampleStore();
  one.setRetentionMs(Number.MAX_SAFE_INTEGER);
  for (let t = 1; t <= MAX_SAMPLES_PER_SERIES + 3; t++) one.appendScrape('a', t, [{ labels: up('x'), v: t }]);
  assert.equal(one.stats().samples, MAX_SAMPLES_PER_SERIES);
  assert.equal(one.stats().samplesDropped, 3);
  const first = selectSamples(one, [{ name: '__name__', op: '=', value: 'up' }], 0, Infinity)[0]!.samples[0]!;
  assert.equal(first.t, 4);
});

test('the total-samples cap: past it a series drops its own oldest sample, and a series with none gets none', () => {
  const s = new SampleStore(10);
  s.setRetentionMs(Number.MAX_SAFE_INTEGER);
  for (let t = 1; t <= 5; t++) s.appendScrape('a', t, [{ labels: up('x'), v: t }, { labels: up('y'), v: t }]);
  assert.deepEqual(s.stats(), { series: 2, samples: 10, seriesRefused: 0, samplesDropped: 0 });
  s.appendScrape('a', 6, [{ labels: up('x'), v: 6 }, { labels: up('y'), v: 6 }, { labels: up('z'), v: 6 }]);
  assert.deepEqual(s.stats(), { series: 2, samples: 10, seriesRefused: 0, samplesDropped: 3 });
  const x = selectSamples(s, [{ name: 'job', op: '=', value: 'x' }], 0, Infinity)[0]!;
  assert.deepEqual(x.samples.map((p) => p.t), [2, 3, 4, 5, 6]);
});

test('a source handing over the same label objects, or fresh ones, feeds the same series and stale markers', () => {
  const s = new SampleStore();
  const x = up('x');
  const y = up('y');
  s.appendScrape('a', 1000, [{ labels: x, v: 1 }, { labels: y, v: 1 }]);
  s.appendScrape('a', 2000, [{ labels: x, v: 2 }, { labels: up('y'), v: 2 }]);
  s.appendScrape('a', 3000, [{ labels: up('x'), v: 3 }]);
  s.appendScrape('a', 4000, [{ labels: x, v: 4 }, { labels: y, v: 4 }]);
  assert.equal(s.stats().series, 2);
  const got = (job: string) => selectSamples(s, [{ name: 'job', op: '=', value: job }], 0, Infinity)[0]!.samples.map((p) => (p.stale === true ? 'stale' : p.v));
  assert.deepEqual(got('x'), [1, 2, 3, 4]);
  assert.deepEqual(got('y'), [1, 2, 'stale', 4]);
});

test('buffers grow, compact and keep only the retention window across many appends', () => {
  const s = new SampleStore();
  s.setRetentionMs(50_000);
  for (let t = 0; t <= 1_000; t++) s.appendScrape('a', t * 1000, [{ labels: up('x'), v: t }]);
  const [x] = selectSamples(s, [{ name: 'job', op: '=', value: 'x' }], 0, Infinity);
  assert.deepEqual(x!.samples.map((p) => p.v), Array.from({ length: 51 }, (_, i) => 950 + i));
  const [mid] = selectSamples(s, [{ name: 'job', op: '=', value: 'x' }], 960_500, 962_000);
  assert.deepEqual(mid!.samples.map((p) => p.t), [961_000, 962_000]);
});
