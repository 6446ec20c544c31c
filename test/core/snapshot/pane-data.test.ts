import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { MetricsSink } from '../../../source/core/metrics/metrics-sink.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { IngestPipeline } from '../../../source/core/monitor/ingest-pipeline.js';
import { queueData, QUEUE_HISTORY_MS } from '../../../source/core/snapshot/queue-data.js';
import { spendData } from '../../../source/core/snapshot/spend-data.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { completed, nodeStarted, run, scheduled, started, T0, wfCompleted } from '../../helpers/model-events.js';

/** A model and its metrics fed through the real pipeline, with a clock the test moves and ticks. */
function rig() {
  const clock = new ManualClock(T0);
  const model = new ExecutionModel();
  const metrics = new MetricsSink(model, clock, { processMetrics: false });
  const pipeline = new IngestPipeline({ model, clock, sinks: [metrics] });
  const feed = (events: TypedEvent[]) => pipeline.batch({ sourceId: 'test', events, rejections: [] });
  const tickTo = (t: number) => {
    clock.advance(t - clock.now());
    metrics.tick(t);
  };
  return { clock, model, metrics, feed, tickTo };
}

describe('queue pane data', () => {
  test('graphs depth per queue type over the last minutes, ending with the depth now', () => {
    const { model, metrics, feed, tickTo } = rig();
    feed(run(1, [[started(), 0], [scheduled('a', 'gpu'), 0], [scheduled('b', 'gpu'), 0], [scheduled('c', 'cpu'), 0]]));
    tickTo(T0 + 1_000);
    tickTo(T0 + 6_000);
    feed(run(1, [[nodeStarted('a', 0, 'w1'), 7_000], [nodeStarted('c', 0, 'w2'), 7_000]], 5));
    tickTo(T0 + 12_000);
    const data = queueData(model, metrics.series, T0 + 12_000);
    assert.equal(data.sampleMs, 5_000);
    assert.equal(data.historyMs, QUEUE_HISTORY_MS);
    assert.deepEqual(data.total.slice(-3), [3, 3, 1], 'sampled 3 in two steps, then 1 now that two started');
    assert.deepEqual(data.byQueue['gpu']!.slice(-3), [2, 2, 1]);
    assert.deepEqual(data.byQueue['cpu']!.slice(-3), [1, 1, 0], 'a drained queue stays in view while its history shows work');
    assert.ok(Number.isNaN(data.total[0]!), 'no sample before the monitor started');
    assert.equal(data.activity.oldestQueuedAt, T0);
    assert.equal(data.activity.busyWorkers, 2);
  });

  test('shows no queue type when nothing was ever queued', () => {
    const { model, metrics, tickTo } = rig();
    tickTo(T0 + 20_000);
    const data = queueData(model, metrics.series, T0 + 20_000);
    assert.deepEqual(data.byQueue, {});
    assert.equal(data.total.at(-1), 0);
  });
});

describe('spend pane data', () => {
  test('gives $/min per step, the burn rate and a day at that pace, with the budget and the breakdown', () => {
    const { model, metrics, feed, tickTo } = rig();
    tickTo(T0 + 30_000);
    feed(run(1, [
      [started('research'), 30_000], [scheduled('llm'), 30_000], [nodeStarted('llm'), 30_000],
      [completed('llm', 100, { gen_ai_model: 'm-a', input_tokens: 100, output_tokens: 10, cost_usd: 0.5 }), 31_000], [wfCompleted(), 31_000],
    ]));
    tickTo(T0 + 40_000);
    const data = spendData(model, metrics.series, T0 + 40_000, 2);
    assert.equal(data.costPerMin.at(-1), 0, 'the step after the call spent nothing');
    assert.equal(data.costPerMin.at(-2), 0.5 * 12, '$0.50 in one 5 s step is $6/min');
    assert.ok(data.costPerHour > 0);
    assert.equal(data.projectedDayUsd, data.costPerHour * 24);
    assert.equal(data.budgetUsdPerHour, 2);
    assert.deepEqual(data.usage.byModel.map((r) => [r.name, r.costUsd]), [['m-a', 0.5]]);
    assert.deepEqual(data.usage.byWorkflow.map((r) => r.name), ['research']);
    assert.equal(data.totals.costUsd, 0.5);
  });
});
