import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesStore } from '../../../source/core/metrics/series-store.js';
import type { ModelEffect, SpanStatus } from '../../../source/core/model/types.js';
import { stubSpan } from '../../helpers/model-events.js';

const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);
const EXEC = 'exec_' + '0'.repeat(32);

function attempt(status: SpanStatus, model?: string): ModelEffect {
  const span = model === undefined ? stubSpan('n', 'model', status, 5) : { ...stubSpan('n', 'model', status, 5), model };
  return { type: 'attempt_ended', executionId: EXEC, nodeId: 'n', nodeKind: 'model', attempt: 0, status, durationMs: 5, time: T0, source: 's', span };
}

const read = (store: SeriesStore, key: 'modelCalls' | 'longestRunning') =>
  Object.fromEntries(store.read(key).map((s) => [Object.values(s.labels).join('/'), s.value]));

test('counts model calls by model and how they ended; attempts without a model, skipped or cancelled ones are not model calls', () => {
  const store = new SeriesStore({ startedAt: T0 });
  store.apply([attempt('completed', 'gpt-4o'), attempt('failed', 'gpt-4o'), attempt('failed', 'gpt-4o'), attempt('completed', 'claude'), attempt('completed'), attempt('skipped', 'gpt-4o'), attempt('cancelled', 'gpt-4o')], T0);
  assert.deepEqual(read(store, 'modelCalls'), { 'gpt-4o/completed': 1, 'gpt-4o/failed': 2, 'claude/completed': 1 });
});

test('folds models past the cap into "other" for model calls, as for tokens', () => {
  const store = new SeriesStore({ startedAt: T0, labelCaps: { model: 1 } });
  store.apply([attempt('completed', 'a'), attempt('failed', 'b'), attempt('failed', 'c')], T0);
  assert.deepEqual(read(store, 'modelCalls'), { 'a/completed': 1, 'other/failed': 2 });
});

test('keeps each workflow\'s longest-running execution, back to 0 once none of its executions runs', () => {
  const store = new SeriesStore({ startedAt: T0 });
  store.observeLongestRunning(new Map([['wf-a', 90_000], ['wf-b', 1_000]]), T0 + 1_000);
  assert.deepEqual(read(store, 'longestRunning'), { 'wf-a': 90, 'wf-b': 1 });
  store.observeLongestRunning(new Map([['wf-b', 2_000]]), T0 + 2_000);
  assert.deepEqual(read(store, 'longestRunning'), { 'wf-a': 0, 'wf-b': 2 });
});
