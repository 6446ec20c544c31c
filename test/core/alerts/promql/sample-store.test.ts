import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SAMPLES_PER_SERIES, MAX_SERIES, SampleStore } from '../../../../source/core/alerts/promql/sample-store.js';

const up = (job: string) => ({ __name__: 'up', job });

test('a series missing from the next scrape of its source gets a stale marker', () => {
  const s = new SampleStore();
  s.appendScrape('a', 0, [{ labels: up('x'), v: 1 }, { labels: up('y'), v: 1 }]);
  s.appendScrape('b', 0, [{ labels: up('z'), v: 1 }]);
  s.appendScrape('a', 10_000, [{ labels: up('x'), v: 2 }]);
  const y = [...s.select([{ name: 'job', op: '=', value: 'y' }], 0, 20_000)];
  assert.deepEqual(y[0]!.samples.map((x) => x.stale === true), [false, true]);
  const z = [...s.select([{ name: 'job', op: '=', value: 'z' }], 0, 20_000)];
  assert.equal(z[0]!.samples.length, 1, 'another source does not mark it');
  s.endSource('b', 20_000);
  const z2 = [...s.select([{ name: 'job', op: '=', value: 'z' }], 0, 20_000)];
  assert.equal(z2[0]!.samples[1]!.stale, true);
});

test('selects by name and matchers within [mint, maxt], both ends included', () => {
  const s = new SampleStore();
  for (let t = 0; t <= 4; t++) s.appendScrape('a', t * 1000, [{ labels: up('x'), v: t }, { labels: { __name__: 'other', job: 'x' }, v: t }]);
  const got = [...s.select([{ name: '__name__', op: '=', value: 'up' }, { name: 'job', op: '=~', value: 'x|q' }], 1000, 3000)];
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
  const first = [...one.select([{ name: '__name__', op: '=', value: 'up' }], 0, Infinity)][0]!.samples[0]!;
  assert.equal(first.t, 4);
});
