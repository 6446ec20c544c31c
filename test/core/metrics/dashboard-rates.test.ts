// The dashboard's rates, read from the series store. The first four tests are the rolling windows' rate tests
// of before, unchanged in their figures: moving the rates into the series store changed where they are
// computed, not what the dashboard shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardRates, EVENTS_RATE_WINDOW_MS, MAX_HISTORY_SAMPLES } from '../../../source/core/metrics/dashboard-rates.js';
import { SERIES_STEP_MS, SeriesStore } from '../../../source/core/metrics/series-store.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000); // a minute boundary, so step edges are predictable

/** An event time later than any clock: the effect is recorded at now (arrival time). */
const AT_NOW = Number.POSITIVE_INFINITY;
const EXEC = 'exec_' + '0'.repeat(32);

function ended(durationMs: number | undefined, status: 'completed' | 'failed' | 'limit_exceeded' | 'cancelled' = 'completed', time = AT_NOW): ModelEffect {
  return { type: 'execution_ended', executionId: EXEC, workflowId: 'wf', status, source: 's', time, durationMs, summary: stubSummary(EXEC, 'wf', status, durationMs) };
}

function node(durationMs: number, status: 'completed' | 'skipped' = 'completed'): ModelEffect {
  return { type: 'attempt_ended', executionId: EXEC, nodeId: 'n', nodeKind: 'tool', attempt: 0, status, durationMs, time: AT_NOW, source: 's', span: stubSpan('n', 'tool', status, durationMs) };
}

function tokens(input: number, output: number, costUsd?: number): ModelEffect {
  return { type: 'tokens_used', executionId: EXEC, nodeId: 'n', model: 'm', inputTokens: input, outputTokens: output, costUsd, costSource: 'event', time: AT_NOW, source: 's' };
}

/** A store started at `start`, with a clock the test moves by hand. */
function storeAt(start: number) {
  let now = start;
  const store = new SeriesStore({ startedAt: start });
  return {
    store,
    feed: (effects: ModelEffect[]) => store.apply(effects, now),
    advance: (ms: number) => (now += ms),
    rates: () => dashboardRates(store, now),
  };
}

describe('dashboardRates', () => {
  test('computes rates over the last minute from the time given', () => {
    const s = storeAt(T0);
    s.advance(125_000);
    // 55 one-per-second effects fill exactly the 11 whole steps plus the one in progress the rate covers.
    for (let i = 0; i < 55; i++) {
      s.feed([ended(50, i % 5 === 0 ? 'failed' : 'completed'), node(5), node(5, 'skipped'), tokens(100, 20, 0.01)]);
      s.advance(1_000);
    }
    const r = s.rates();
    // 55 of each over the covered 55 s.
    assert.equal(r.executionsPerSec, 1);
    assert.equal(r.errorsPerSec, 11 / 55);
    assert.equal(r.errorRatio, 11 / 55);
    assert.equal(r.nodesPerSec, 1);
    assert.equal(r.tokensPerSec, 120);
    assert.ok(Math.abs(r.costPerHour - 36) < 1e-9);
    s.advance(61_000);
    const later = s.rates();
    assert.equal(later.executionsPerSec, 0);
    assert.equal(later.errorRatio, undefined);
    assert.equal(later.errorRatio5m, 11 / 55, 'the header\'s 5-minute error rate still has them');
    s.advance(300_000);
    assert.equal(s.rates().errorRatio5m, undefined, 'and lets them go after 5 minutes');
  });

  test('does not inflate rates in its first seconds', () => {
    const s = storeAt(T0 + 2_500);
    s.advance(2_000);
    s.feed([ended(1), ended(1)]);
    assert.equal(s.rates().executionsPerSec, 1); // 2 over the 2 s we have been running
  });

  test('keeps at most MAX_HISTORY_SAMPLES completed steps for sparklines, oldest first', () => {
    const s = storeAt(T0);
    assert.equal(s.rates().history.executionsPerSec.length, 0);
    for (let i = 0; i < MAX_HISTORY_SAMPLES + 20; i++) {
      s.feed(Array.from({ length: i }, () => ended(1)));
      s.feed([tokens(5, 5, 0.5)]);
      s.advance(SERIES_STEP_MS);
    }
    const r = s.rates();
    assert.equal(r.history.sampleMs, SERIES_STEP_MS);
    assert.equal(r.history.executionsPerSec.length, MAX_HISTORY_SAMPLES);
    assert.equal(r.history.executionsPerSec[0], 20 / 5);
    assert.equal(r.history.executionsPerSec.at(-1), (MAX_HISTORY_SAMPLES + 19) / 5);
    assert.equal(r.history.tokensPerSec.at(-1), 2);
    assert.equal(r.history.costPerHour.at(-1), 360);
    assert.ok(Object.isFrozen(r) && Object.isFrozen(r.history) && Object.isFrozen(r.history.executionsPerSec));
  });

  test('a backlog delivered at once lands at its event times and does not inflate the last minute', () => {
    const s = storeAt(T0 + 600_000);
    // Ten minutes of history, one execution ending every 10 s, all delivered now (a restart, a resumed stream).
    s.feed(Array.from({ length: 60 }, (_, i) => ended(100, 'completed', T0 + i * 10_000)));
    const r = s.rates();
    assert.ok(Math.abs(r.executionsPerSec - 0.1) < 0.02, `rate ${r.executionsPerSec}/s, not a burst`);
    // An event stamped in the future (a runtime clock ahead of ours) counts as now.
    s.feed([ended(100, 'completed', T0 + 10_000_000)]);
    assert.ok(s.rates().executionsPerSec > r.executionsPerSec);
  });

  test('events/s is the applied-events counter over the step in progress and the one before', () => {
    const s = storeAt(T0);
    const applied = (total: number) => s.store.observeTotal('eventsApplied', total, T0 + elapsed);
    let elapsed = 0;
    const at = (ms: number) => {
      s.advance(ms - elapsed);
      elapsed = ms;
    };
    at(1_000);
    applied(100);
    at(2_000);
    assert.equal(s.rates().eventsPerSec, 50, '100 events over the 2 s since start');
    // Steady 200/s, half-way through each second, for longer than the window: older steps fall out of it.
    let total = 100;
    for (let t = 2_500; t < 30_000; t += 1_000) {
      at(t);
      applied((total += 200));
    }
    at(30_000);
    assert.equal(s.rates().eventsPerSec, 200);
    // Silence for the whole window: back to zero.
    at(30_000 + EVENTS_RATE_WINDOW_MS);
    assert.equal(s.rates().eventsPerSec, 0);
  });
});
