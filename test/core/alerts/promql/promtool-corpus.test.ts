// Holds jamjet-top's PromQL engine to Prometheus's own results: every expression of the promtool corpus
// (test/fixtures/promql/corpus.test.yml, whose expected values promtool computed) is evaluated here on the
// same input series at the same time, and must give the same samples.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseExpr } from '../../../../source/core/alerts/promql/parse.js';
import { evaluateInstant } from '../../../../source/core/alerts/promql/evaluate.js';
import type { InstantValue, Labels } from '../../../../source/core/alerts/promql/types.js';
import { parsePromtoolTests, type ExpectedSample } from './promtool-input.js';

const CORPUS = new URL('../../../../../test/fixtures/promql/corpus.test.yml', import.meta.url);

/** Values agree within this fraction of the larger one: the engine may sum in another order than Go does. */
const RELATIVE_TOLERANCE = 1e-9;

/** The result as promtool compares it: a vector's samples, or a scalar as one sample with no labels. */
function resultSamples(value: InstantValue): readonly ExpectedSample[] {
  if (value.type === 'vector') return value.samples;
  if (value.type === 'scalar') return [{ labels: {}, v: value.v }];
  throw new Error(`a ${value.type} result, which promtool rejects ("rule result is not a vector or scalar")`);
}

function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Labels as promtool prints them, sorted: `{a="1", b="2"}`. */
function labelsText(labels: Labels): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${pairs.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

function samplesText(samples: readonly ExpectedSample[]): string {
  return samples.length === 0 ? 'nil' : samples.map((s) => `${labelsText(s.labels)} ${s.v}`).sort().join(', ');
}

/** Is `got` the same multiset of samples as `expected`: labels exactly, values within the tolerance? */
function sameSamples(got: readonly ExpectedSample[], expected: readonly ExpectedSample[]): boolean {
  if (got.length !== expected.length) return false;
  const unmatched = [...got];
  return expected.every((e) => {
    const i = unmatched.findIndex((g) => labelsText(g.labels) === labelsText(e.labels) && sameValue(g.v, e.v));
    if (i < 0) return false;
    unmatched.splice(i, 1);
    return true;
  });
}

const corpus = parsePromtoolTests(readFileSync(CORPUS, 'utf8'));

for (const group of corpus.groups) {
  describe(`promtool corpus, ${group.name}`, () => {
    for (const t of group.exprTests) {
      test(`${t.expr} at ${t.evalTimeMs / 1000}s`, () => {
        const value = evaluateInstant(parseExpr(t.expr), group.queryable, t.evalTimeMs, { subqueryStepMs: corpus.evaluationIntervalMs });
        const got = resultSamples(value);
        assert.ok(sameSamples(got, t.expSamples), `${t.expr} at ${t.evalTimeMs / 1000}s\n  expected: ${samplesText(t.expSamples)}\n  got:      ${samplesText(got)}`);
      });
    }
  });
}
