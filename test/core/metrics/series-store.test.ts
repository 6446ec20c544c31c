import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DURATION_BUCKETS_MS, MAX_WORKFLOW_IDS } from '../../../source/core/metrics/metric-catalogue.js';
import {
  MAX_SAMPLE_VALUES, MAX_SAMPLES_PER_SERIES, MAX_SERIES, SERIES_RETENTION_MS, SERIES_STEP_MS, SeriesStore,
} from '../../../source/core/metrics/series-store.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';

const T0 = Date.UTC(2026, 2, 14, 9, 0, 0); // a whole minute, so step edges are predictable
const EXEC = 'exec_' + '0'.repeat(32);

function ended(workflowId: string, time: number, status: 'completed' | 'failed' = 'completed', durationMs: number | undefined = 100): ModelEffect {
  return { type: 'execution_ended', executionId: EXEC, workflowId, status, source: 's', time, durationMs, summary: stubSummary(EXEC, workflowId, status, durationMs) };
}

function tokens(model: string, time: number, input: number, output: number, costUsd: number | undefined): ModelEffect {
  return { type: 'tokens_used', executionId: EXEC, nodeId: 'n', model, inputTokens: input, outputTokens: output, costUsd, costSource: 'event', time, source: 's' };
}

const value = (store: SeriesStore, key: Parameters<SeriesStore['read']>[0], labels: Record<string, string> = {}) =>
  store.read(key).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('SeriesStore', () => {
  test('keeps the catalogue\'s series as a scrape shows them before anything happened', () => {
    const store = new SeriesStore({ startedAt: T0 });
    assert.equal(value(store, 'eventsDuplicate'), 0);
    assert.equal(value(store, 'eventsApplied'), 0);
    assert.equal(store.read('eventsRejected').length, 10, 'every rejection reason at 0');
    assert.equal(store.read('executions').length, 0);
    assert.equal(store.read('storeWrite')[0]!.value, 0);
  });

  test('counts effects as the registry does: terminal executions, non-skipped attempts, tokens and priced cost', () => {
    const store = new SeriesStore({ startedAt: T0 });
    store.apply([
      ended('wf', T0, 'completed', 42),
      { ...ended('wf', T0, 'failed'), durationMs: undefined } as ModelEffect,
      { ...ended('wf', T0), status: 'running' } as ModelEffect,
      { type: 'attempt_ended', executionId: EXEC, nodeId: 'n', nodeKind: 'tool', attempt: 0, status: 'completed', durationMs: 7, time: T0, source: 's', span: stubSpan('n', 'tool', 'completed', 7) },
      { type: 'attempt_ended', executionId: EXEC, nodeId: 'n', nodeKind: 'tool', attempt: 0, status: 'skipped', durationMs: 0, time: T0, source: 's', span: stubSpan('n', 'tool', 'skipped', 0) },
      tokens('gpt-4o', T0, 10, 5, 0.25),
      tokens('unpriced', T0, 3, 0, undefined),
    ], T0);
    assert.equal(value(store, 'executions', { workflow_id: 'wf', status: 'completed' }), 1);
    assert.equal(value(store, 'executions', { workflow_id: 'wf', status: 'failed' }), 1);
    assert.equal(value(store, 'executionDuration', { status: 'failed' }), undefined, 'no start seen, no duration');
    const duration = store.read('executionDuration').find((s) => s.labels.status === 'completed')!;
    assert.equal(duration.sum, 42);
    assert.deepEqual(duration.buckets!.map((b) => b.le), [...DURATION_BUCKETS_MS, Infinity]);
    assert.equal(duration.buckets!.find((b) => b.le === 25)!.count, 0);
    assert.equal(duration.buckets!.find((b) => b.le === 50)!.count, 1, 'cumulative, as a scrape shows buckets');
    assert.equal(value(store, 'nodeDuration', { node_kind: 'tool' }), 1);
    assert.equal(value(store, 'tokens', { model: 'gpt-4o', direction: 'input' }), 10);
    assert.equal(value(store, 'tokens', { model: 'unpriced', direction: 'input' }), 3);
    assert.equal(value(store, 'cost', { model: 'gpt-4o' }), 0.25);
    // Like a scrape, a series shows from its first write: no output tokens, no cost for an unpriced model (never guessed).
    assert.equal(value(store, 'tokens', { model: 'unpriced', direction: 'output' }), undefined);
    assert.equal(value(store, 'cost', { model: 'unpriced' }), undefined);
  });

  test('folds label values past their cap into "other" and counts the overflow, as the registry does', () => {
    const store = new SeriesStore({ startedAt: T0 });
    store.apply(Array.from({ length: MAX_WORKFLOW_IDS + 25 }, (_, i) => ended(`wf-${i}`, T0)), T0);
    store.apply([ended('wf-0', T0)], T0);
    const ids = new Set(store.read('executions').map((s) => s.labels.workflow_id));
    assert.equal(ids.size, MAX_WORKFLOW_IDS + 1);
    assert.equal(value(store, 'executions', { workflow_id: 'other' }), 25);
    assert.equal(value(store, 'executions', { workflow_id: 'wf-0' }), 2);
    assert.equal(value(store, 'labelOverflow', { label: 'workflow_id' }), 25);
  });

  test('sources: ingested per source, rejections by reason, up and reconnects from statuses', () => {
    const store = new SeriesStore({ startedAt: T0 });
    const status = (state: 'connected' | 'reconnecting', reconnects: number) => ({ id: 'src', url: 'ws://x', kind: 'websocket' as const, state, events: 0, rejected: 0, reconnects });
    store.observeBatch({ sourceId: 'src', events: [], rejections: [{ reason: 'wrong_type', detail: 'x' }] }, T0);
    store.observeIngest('src', 5, T0);
    store.observeSourceStatus(status('connected', 2), T0);
    store.observeSourceStatus(status('reconnecting', 3), T0);
    store.observeSourceStatus(status('reconnecting', 1), T0); // a lower count never makes the counter go down
    assert.equal(value(store, 'eventsIngested', { source: 'src' }), 5);
    assert.equal(value(store, 'eventsRejected', { reason: 'wrong_type' }), 1);
    assert.equal(value(store, 'sourceUp', { source: 'src' }), 0);
    assert.equal(value(store, 'sourceReconnects', { source: 'src' }), 3);
    store.observeTotal('eventsDuplicate', 4, T0);
    store.observeTotal('eventsDuplicate', 2, T0);
    assert.equal(value(store, 'eventsDuplicate'), 4);
  });

  test('each step holds what was added in it, by event time clamped to now', () => {
    const store = new SeriesStore({ startedAt: T0 });
    const now = T0 + 60_000;
    store.apply([ended('wf', T0 + 1_000), ended('wf', T0 + 31_000), ended('wf', T0 + 32_000), ended('wf', T0 + 999_999)], now);
    const steps = store.stepIncreases('executions', T0 / SERIES_STEP_MS, now / SERIES_STEP_MS);
    assert.equal(steps.length, 13);
    assert.equal(steps[0], 1);
    assert.equal(steps[6], 2);
    assert.equal(steps[12], 1, 'an event stamped in the future counts as now');
    assert.equal(steps.reduce((a, b) => a + b), 4);
  });

  test('a range gives a counter\'s value at the start of each step and at now, so a rate over it needs nothing else', () => {
    const store = new SeriesStore({ startedAt: T0 });
    const now = T0 + 12_000;
    store.apply([ended('wf', T0 + 1_000), ended('wf', T0 + 6_000), ended('wf', T0 + 7_000), ended('wf', T0 + 11_000)], now);
    const [series] = store.range('executions', T0, now, { workflow_id: 'wf' });
    assert.deepEqual(series!.points, [{ t: T0, v: 0 }, { t: T0 + 5_000, v: 1 }, { t: T0 + 10_000, v: 3 }, { t: now, v: 4 }]);
    const [le100] = store.range('executionDuration', T0 + 5_000, now, undefined, { le: 100 });
    assert.deepEqual(le100!.points.map((p) => p.v), [1, 3, 4]);
    const [sum] = store.range('executionDuration', T0 + 5_000, now, undefined, 'sum');
    assert.deepEqual(sum!.points.map((p) => p.v), [100, 300, 400]);
  });

  test('gauges keep the last value sampled in each step; sample() records them as a scrape at now would', () => {
    const store = new SeriesStore({ startedAt: T0 });
    store.observeGauges(3, { running: 2, paused: 0, stale: 1 }, T0 + 1_000);
    store.observeGauges(5, { running: 2, paused: 0, stale: 1 }, T0 + 2_000);
    store.sample(T0 + 7_000); // nothing changed: the value is still recorded in this step
    store.observeGauges(1, { running: 0, paused: 0, stale: 0 }, T0 + 11_000);
    const [queue] = store.range('queueDepth', T0, T0 + 12_000);
    assert.deepEqual(queue!.points, [{ t: T0 + 5_000, v: 5 }, { t: T0 + 10_000, v: 5 }, { t: T0 + 12_000, v: 1 }]);
    assert.equal(value(store, 'executionStates', { state: 'stale' }), 0);
  });

  test('forgets steps older than the retention however long it runs (MAX_SAMPLES_PER_SERIES caps the retention)', () => {
    const store = new SeriesStore({ startedAt: T0 });
    assert.equal(store.steps, SERIES_RETENTION_MS / SERIES_STEP_MS);
    const stepsRun = store.steps * 3;
    for (let i = 0; i < stepsRun; i++) store.apply([ended('wf', T0 + i * SERIES_STEP_MS)], T0 + i * SERIES_STEP_MS);
    const now = T0 + (stepsRun - 1) * SERIES_STEP_MS;
    const held = store.stepIncreases('executions', T0 / SERIES_STEP_MS, now / SERIES_STEP_MS).reduce((a, b) => a + b);
    assert.equal(held, store.steps);
    assert.equal(value(store, 'executions'), stepsRun, 'the value keeps counting');
    assert.equal(store.range('executions', T0, now)[0]!.points.length, store.steps, 'steps held, the one in progress at now');
    // A late effect older than the history moves the value only.
    store.apply([ended('wf', T0)], now);
    assert.equal(value(store, 'executions'), stepsRun + 1);
    assert.throws(() => new SeriesStore({ startedAt: T0, retentionMs: (MAX_SAMPLES_PER_SERIES + 1) * SERIES_STEP_MS }), RangeError);
    assert.throws(() => new SeriesStore({ startedAt: T0, retentionMs: 7_000 }), RangeError, 'whole steps only');
  });

  test('past MAX_SERIES, a new series keeps its value but no history, and is counted', () => {
    const maxSeries = 4;
    const store = new SeriesStore({ startedAt: T0, maxSeries });
    assert.ok(MAX_SERIES >= 4_096);
    // Each workflow brings a counter and a histogram series; the label-less ones have not written history yet.
    store.apply(Array.from({ length: 5 }, (_, i) => ended(`wf-${i}`, T0)), T0);
    const stats = store.stats();
    assert.equal(stats.seriesWithHistory, maxSeries);
    assert.equal(stats.seriesWithoutHistory, 10 - maxSeries);
    assert.equal(value(store, 'executions', { workflow_id: 'wf-4' }), 1, 'the value still counts: a scrape and the store agree');
    assert.equal(store.stepIncreases('executions', T0 / SERIES_STEP_MS, T0 / SERIES_STEP_MS)[0], 2, 'only the series with a history');
    assert.deepEqual(store.range('executions', T0, T0 + 1, { workflow_id: 'wf-4' })[0]!.points, [{ t: T0 + 1, v: 1 }]);
  });

  test('past MAX_SAMPLE_VALUES, no history is allocated beyond the budget, and the refusals are counted', () => {
    const steps = SERIES_RETENTION_MS / SERIES_STEP_MS;
    const histogramValues = steps * (DURATION_BUCKETS_MS.length + 2);
    // Room for one counter and one histogram history, not a second pair.
    const store = new SeriesStore({ startedAt: T0, maxSampleValues: steps + histogramValues + steps - 1 });
    assert.equal(MAX_SAMPLE_VALUES, 4 * 1024 * 1024);
    store.apply([ended('a', T0), ended('b', T0)], T0);
    const stats = store.stats();
    assert.equal(stats.seriesWithHistory, 2);
    assert.equal(stats.seriesWithoutHistory, 2);
    assert.ok(stats.sampleValues <= steps + histogramValues + steps - 1);
  });
});
