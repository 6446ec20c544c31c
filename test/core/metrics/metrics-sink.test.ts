import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { MAX_MODELS, MAX_WORKFLOW_IDS } from '../../../source/core/metrics/metric-catalogue.js';
import { MetricsSink } from '../../../source/core/metrics/metrics-sink.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { IngestPipeline } from '../../../source/core/monitor/ingest-pipeline.js';
import { applyAll, completed, nodeStarted, run, scheduled, started, T0, wfCompleted } from '../../helpers/model-events.js';
import { parseExposition, sumSamples } from '../../helpers/parse-exposition.js';

describe('MetricsSink over a model', () => {
  test('jamjet_queue_depth leaves out what stale executions had queued, and jamjet_top_executions counts them as stale', async () => {
    const model = new ExecutionModel();
    const metrics = new MetricsSink(model, new ManualClock(T0));
    const scrape = async () => parseExposition((await metrics.render(false)).body);
    model.sourceState('live', 'connected', T0);
    model.sourceState('dead', 'connected', T0);
    applyAll(model, run(1, [[started(), 0], [scheduled('a'), 1], [scheduled('b'), 2]]), 'dead', T0);
    applyAll(model, run(2, [[started(), 0], [scheduled('c'), 1]]), 'live', T0);
    let exp = await scrape();
    assert.equal(sumSamples(exp, 'jamjet_queue_depth'), 3);
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'running' }), 2);

    model.sourceState('dead', 'ended', T0 + 1);
    exp = await scrape();
    assert.equal(sumSamples(exp, 'jamjet_queue_depth'), 1, 'a dead source\'s queue is not known to be queued');
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'running' }), 1);
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'stale' }), 1);
    await metrics.close();
  });

  test('on each tick, a new store batch is observed once in jamjet_top_store_write_seconds; the duplicate count and the store\'s backlog are read at scrape', async () => {
    const model = new ExecutionModel();
    let stats: { batches: number; lastBatchMs: number; queued: number } | undefined = undefined;
    const metrics = new MetricsSink(model, new ManualClock(T0), { storeStats: () => stats });
    metrics.tick();
    stats = { batches: 1, lastBatchMs: 2, queued: 5 };
    metrics.tick();
    metrics.tick();
    stats = { ...stats, queued: 1500 };
    const events = run(1, [[started(), 0]]);
    applyAll(model, [...events, ...events], 's', T0);
    const exp = parseExposition((await metrics.render(false)).body);
    assert.equal(sumSamples(exp, 'jamjet_top_store_write_seconds_count'), 1);
    assert.equal(sumSamples(exp, 'jamjet_top_events_duplicate_total'), 1);
    assert.equal(sumSamples(exp, 'jamjet_top_store_queued_events'), 1500);
  });

  test('the dashboard\'s rates are read from the series store the same effects and batches fed', () => {
    const model = new ExecutionModel();
    const clock = new ManualClock(T0);
    const metrics = new MetricsSink(model, clock, { processMetrics: false });
    const pipeline = new IngestPipeline({ model, clock, sinks: [metrics] });
    clock.advance(2_000);
    // Two executions of five events each, ending now (their events are stamped at T0 + a few ms).
    for (const n of [1, 2]) {
      const events = run(n, [[started(), 0], [scheduled('a'), 1], [nodeStarted('a'), 2], [completed('a', 30, { gen_ai_model: 'gpt-4o', input_tokens: 10, output_tokens: 5, cost_usd: 0.5 }), 3], [wfCompleted(), 4]]);
      pipeline.batch({ sourceId: 's', events, rejections: [], cursor: undefined });
    }
    const rates = metrics.rates(clock.now());
    assert.equal(rates.eventsPerSec, 5, '10 events applied over the 2 s since start');
    assert.equal(rates.executionsPerSec, 1);
    assert.equal(rates.tokensPerSec, 15);
    assert.equal(rates.costPerHour, 1_800);
    assert.equal(rates.errorRatio, 0);
  });

  test('on each tick the series store samples the model\'s gauges', () => {
    const model = new ExecutionModel();
    const clock = new ManualClock(T0);
    const metrics = new MetricsSink(model, clock, { processMetrics: false });
    applyAll(model, run(1, [[started(), 0], [scheduled('a'), 1], [scheduled('b'), 2]]), 's', T0);
    metrics.tick(T0);
    const queue = metrics.series.read('queueDepth')[0]!;
    assert.equal(queue.value, 2);
    assert.equal(metrics.series.read('executionStates').find((s) => s.labels.state === 'running')?.value, 1);
  });

  test('a flood of 50,000 executions with unique workflow ids and unique models keeps every labelled family at its cap plus "other", counting everything', async () => {
    const FLOOD = 50_000;
    const model = new ExecutionModel();
    const clock = new ManualClock(T0);
    const metrics = new MetricsSink(model, clock, { processMetrics: false });
    const pipeline = new IngestPipeline({ model, clock, sinks: [metrics] });
    for (let n = 1; n <= FLOOD; n += 500) {
      const events = [];
      for (let i = n; i < n + 500; i++) {
        events.push(...run(i, [
          [started(`wf-${i}`), 0], [scheduled('m', 'model'), 1], [nodeStarted('m'), 2],
          [completed('m', 5, { gen_ai_model: `model-${i}`, input_tokens: 2, output_tokens: 1, cost_usd: 0.001 }), 7], [wfCompleted(), 8],
        ]));
      }
      pipeline.batch({ sourceId: 's', events, rejections: [], cursor: undefined });
    }
    const body = (await metrics.render(false)).body;
    const exp = parseExposition(body);
    const values = (name: string, label: string) => new Set(exp.samples.filter((s) => s.name === name).map((s) => s.labels[label]));
    for (const [name, label, cap] of [
      ['jamjet_executions_total', 'workflow_id', MAX_WORKFLOW_IDS], ['jamjet_execution_duration_ms_count', 'workflow_id', MAX_WORKFLOW_IDS],
      ['jamjet_model_tokens_total', 'model', MAX_MODELS], ['jamjet_model_cost_usd_total', 'model', MAX_MODELS],
    ] as const) {
      const seen = values(name, label);
      assert.equal(seen.size, cap + 1, `${name}: ${cap} values of ${label} plus "other"`);
      assert.ok(seen.has('other'), name);
    }
    // Nothing dropped: the overflow is counted under "other" and in jamjet_top_label_overflow_total.
    assert.equal(sumSamples(exp, 'jamjet_executions_total'), FLOOD);
    assert.equal(sumSamples(exp, 'jamjet_executions_total', { workflow_id: 'other' }), FLOOD - MAX_WORKFLOW_IDS);
    assert.equal(sumSamples(exp, 'jamjet_model_tokens_total', { direction: 'input' }), 2 * FLOOD);
    assert.equal(sumSamples(exp, 'jamjet_model_tokens_total', { model: 'other', direction: 'input' }), 2 * (FLOOD - MAX_MODELS));
    assert.equal(sumSamples(exp, 'jamjet_top_label_overflow_total', { label: 'workflow_id' }), FLOOD - MAX_WORKFLOW_IDS);
    // Two observations of each model: its call (the attempt that ended) and its tokens.
    assert.equal(sumSamples(exp, 'jamjet_top_label_overflow_total', { label: 'model' }), 2 * (FLOOD - MAX_MODELS));
    // The whole scrape stays the size of the caps, not of the flood (bucketed histograms included).
    assert.ok(exp.samples.length < 10_000, `${exp.samples.length} samples in one scrape`);
    assert.ok(metrics.series.read('executions').length <= (MAX_WORKFLOW_IDS + 1) * 4, 'the series store holds no more than the registry');
    await metrics.close();
  });
});
