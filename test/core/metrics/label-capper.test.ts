import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabelCapper, MISSING_LABEL_VALUE, OVERFLOW_LABEL_VALUE } from '../../../source/core/metrics/label-capper.js';

test('keeps the first values up to the cap and folds later ones into "other", counting them', () => {
  const c = new LabelCapper('model', 2);
  assert.equal(c.map('a'), 'a');
  assert.equal(c.map('b'), 'b');
  assert.equal(c.map('c'), OVERFLOW_LABEL_VALUE);
  assert.equal(c.map('d'), 'other');
  assert.equal(c.map('c'), 'other');
  assert.equal(c.map('a'), 'a');
  assert.equal(c.size, 2);
  assert.equal(c.overflowed, 3);
  assert.equal(c.overflowedDistinct, 2);
});

test('reports a missing or empty value as "unknown", which takes a slot like any other', () => {
  const c = new LabelCapper('workflow_id', 1);
  assert.equal(c.map(''), MISSING_LABEL_VALUE);
  assert.equal(c.map(undefined), 'unknown');
  assert.equal(c.map('wf'), 'other');
});

test('remembers at most the cap of distinct overflowed values', () => {
  const c = new LabelCapper('workflow_id', 3);
  for (let i = 0; i < 100; i++) c.map(`wf-${i}`);
  assert.equal(c.overflowed, 97);
  assert.equal(c.overflowedDistinct, 3);
});
