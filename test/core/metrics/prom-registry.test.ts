import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DURATION_BUCKETS_MS, MAX_MODELS, MAX_WORKFLOW_IDS } from '../../../source/core/metrics/metric-catalogue.js';
import type { PromMetrics} from '../../../source/core/metrics/prom-registry.js';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, type ExposedFamily } from '../../../source/core/metrics/prom-registry.js';
import { metricsRig } from '../../helpers/metrics-rig.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';
import { parseExposition, sumSamples } from '../../helpers/parse-exposition.js';

function ended(workflowId: string, status: 'completed' | 'failed' | 'cancelled' | 'limit_exceeded', durationMs?: number): ModelEffect {
  const executionId = 'exec_' + '0'.repeat(32);
  return { type: 'execution_ended', executionId, workflowId, status, source: 'src1', time: 0, durationMs, summary: stubSummary(executionId, workflowId, status, durationMs) };
}

function attempt(nodeKind: string, durationMs: number, status: 'completed' | 'skipped' | 'failed' = 'completed'): ModelEffect {
  return {
    type: 'attempt_ended', executionId: 'exec_' + '0'.repeat(32), nodeId: 'n', nodeKind, attempt: 0, status, durationMs, time: 0, source: 'src1',
    span: stubSpan('n', nodeKind, status, durationMs),
  };
}

function tokens(model: string, inputTokens: number, outputTokens: number, costUsd?: number): ModelEffect {
  return {
    type: 'tokens_used', executionId: 'exec_' + '0'.repeat(32), nodeId: 'n', model, inputTokens, outputTokens, costUsd,
    costSource: costUsd === undefined ? 'unpriced' : 'event', time: 0, source: 'src1',
  };
}

async function scrape(m: PromMetrics) {
  return parseExposition((await m.render(false)).body);
}

describe('PromMetrics', () => {
  test('exposes the six contract metrics with their exact names, types and labels', async () => {
    const alerts: ExposedFamily = { name: 'ALERTS', help: 'x', type: 'gauge', series: [{ labels: { alertname: 'HighErrorRate', alertstate: 'firing', severity: 'page', workflow_id: 'wf' }, value: 1 }] };
    const { series, prom } = metricsRig({ families: () => [alerts] });
    series.apply([ended('wf', 'completed', 1200), attempt('model', 300), tokens('gpt-4o', 10, 5, 0.01)], 0);
    series.observeGauges(7, { running: 0, paused: 0, stale: 0 }, 0);
    const exp = await scrape(prom);
    assert.equal(exp.types.get('jamjet_executions_total'), 'counter');
    assert.equal(exp.types.get('jamjet_execution_duration_ms'), 'histogram');
    assert.equal(exp.types.get('jamjet_node_duration_ms'), 'histogram');
    assert.equal(exp.types.get('jamjet_queue_depth'), 'gauge');
    assert.equal(exp.types.get('jamjet_model_tokens_total'), 'counter');
    assert.equal(exp.types.get('jamjet_model_cost_usd_total'), 'counter');
    assert.equal(exp.types.get('ALERTS'), 'gauge');
    const labelsOf = (name: string) => [...new Set(exp.samples.filter((s) => s.name === name).map((s) => Object.keys(s.labels).sort().join(',')))];
    assert.deepEqual(labelsOf('jamjet_executions_total'), ['status,workflow_id']);
    assert.deepEqual(labelsOf('jamjet_execution_duration_ms_bucket'), ['le,status,workflow_id']);
    assert.deepEqual(labelsOf('jamjet_execution_duration_ms_count'), ['status,workflow_id']);
    assert.deepEqual(labelsOf('jamjet_node_duration_ms_bucket'), ['le,node_kind']);
    assert.deepEqual(labelsOf('jamjet_queue_depth'), ['']);
    assert.deepEqual(labelsOf('jamjet_model_tokens_total'), ['direction,model']);
    assert.deepEqual(labelsOf('jamjet_model_cost_usd_total'), ['model']);
    assert.deepEqual(labelsOf('ALERTS'), ['alertname,alertstate,severity,workflow_id']);
    assert.equal(sumSamples(exp, 'jamjet_queue_depth'), 7);
    assert.equal(sumSamples(exp, 'jamjet_executions_total', { workflow_id: 'wf', status: 'completed' }), 1);
    assert.equal(sumSamples(exp, 'jamjet_model_tokens_total', { model: 'gpt-4o', direction: 'input' }), 10);
    assert.equal(sumSamples(exp, 'jamjet_model_tokens_total', { model: 'gpt-4o', direction: 'output' }), 5);
    assert.equal(sumSamples(exp, 'ALERTS', { alertname: 'HighErrorRate', alertstate: 'firing' }), 1);
  });

  test('exposes the jamjet_top_* health metrics and, when asked, process metrics', async () => {
    const { series, prom } = metricsRig({ processMetrics: true });
    series.observeIngest('src1', 5, 0);
    series.observeBatch({ sourceId: 'src1', events: [], rejections: [{ reason: 'invalid_json', detail: 'a' }, { reason: 'invalid_json', detail: 'b' }] }, 0);
    series.observeTotal('eventsDuplicate', 3, 0);
    series.observeTotal('eventsDuplicate', 2, 0); // a lower total never makes the counter go down
    series.observeSourceStatus({ id: 'src1', url: 'ws://x', kind: 'websocket', state: 'connected', events: 5, rejected: 0, reconnects: 2 }, 0);
    series.observeSourceStatus({ id: 'src1', url: 'ws://x', kind: 'websocket', state: 'reconnecting', events: 5, rejected: 0, reconnects: 3 }, 0);
    series.observeStoreWrite(0.002, 0);
    series.observeBatch({ sourceId: 'src1', events: [], rejections: [{ reason: 'wrong_type', detail: 'x' }, { reason: 'wrong_type', detail: 'y' }] }, 0);
    const exp = await scrape(prom);
    assert.equal(sumSamples(exp, 'jamjet_top_events_rejected_total', { reason: 'wrong_type' }), 2);
    assert.equal(sumSamples(exp, 'jamjet_top_events_ingested_total', { source: 'src1' }), 5);
    assert.equal(sumSamples(exp, 'jamjet_top_events_rejected_total', { reason: 'invalid_json' }), 2);
    assert.equal(sumSamples(exp, 'jamjet_top_events_duplicate_total'), 3);
    assert.equal(sumSamples(exp, 'jamjet_top_source_up', { source: 'src1' }), 0);
    assert.equal(sumSamples(exp, 'jamjet_top_source_reconnects_total', { source: 'src1' }), 3);
    assert.equal(sumSamples(exp, 'jamjet_top_store_write_seconds_count'), 1);
    assert.equal(exp.types.get('process_cpu_user_seconds_total'), 'counter');
    assert.equal(exp.types.get('nodejs_heap_size_used_bytes'), 'gauge');
  });

  test('exposes jamjet_top_executions by state, stale included, as the series store last saw them', async () => {
    const { series, prom } = metricsRig();
    series.observeGauges(0, { running: 3, paused: 1, stale: 2 }, 0);
    let exp = await scrape(prom);
    assert.equal(exp.types.get('jamjet_top_executions'), 'gauge');
    assert.deepEqual(exp.samples.filter((x) => x.name === 'jamjet_top_executions').map((x) => [x.labels.state, x.value]), [['running', 3], ['paused', 1], ['stale', 2]]);
    series.observeGauges(0, { running: 0, paused: 0, stale: 0 }, 1);
    exp = await scrape(prom);
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'stale' }), 0);
    assert.deepEqual([...new Set(exp.samples.filter((x) => x.name === 'jamjet_top_executions').map((x) => x.labels.state))], ['running', 'paused', 'stale']);
  });

  test('uses the exported duration buckets for both histograms', async () => {
    const { series, prom: m } = metricsRig();
    series.apply([ended('wf', 'failed', 42), attempt('tool', 7)], 0);
    const exp = await scrape(m);
    const les = (name: string) => exp.samples.filter((s) => s.name === name).map((s) => s.labels.le);
    const expected = [...DURATION_BUCKETS_MS.map(String), '+Inf'];
    assert.deepEqual(les('jamjet_execution_duration_ms_bucket'), expected);
    assert.deepEqual(les('jamjet_node_duration_ms_bucket'), expected);
    assert.equal(sumSamples(exp, 'jamjet_execution_duration_ms_bucket', { le: '50' }), 1);
    assert.equal(sumSamples(exp, 'jamjet_execution_duration_ms_bucket', { le: '25' }), 0);
    assert.equal(sumSamples(exp, 'jamjet_node_duration_ms_sum'), 7);
  });

  test('counts an execution whose start was never seen without observing a duration', async () => {
    const { series, prom: m } = metricsRig();
    series.apply([ended('wf', 'completed', undefined)], 0);
    const exp = await scrape(m);
    assert.equal(sumSamples(exp, 'jamjet_executions_total'), 1);
    assert.equal(sumSamples(exp, 'jamjet_execution_duration_ms_count'), 0);
  });

  test('ignores non-terminal statuses and skipped nodes', async () => {
    const { series, prom: m } = metricsRig();
    const running = { ...ended('wf', 'completed', 5), status: 'running' } as ModelEffect;
    series.apply([running, attempt('tool', 3, 'skipped'), attempt('tool', 3, 'failed')], 0);
    const exp = await scrape(m);
    assert.equal(sumSamples(exp, 'jamjet_executions_total'), 0);
    assert.equal(sumSamples(exp, 'jamjet_node_duration_ms_count'), 1);
  });

  test('adds cost only when the effect carries one', async () => {
    const { series, prom: m } = metricsRig();
    series.apply([tokens('priced', 100, 50, 0.25), tokens('unpriced', 100, 50, undefined), tokens('priced', 1, 1, 0.5)], 0);
    const exp = await scrape(m);
    assert.equal(sumSamples(exp, 'jamjet_model_cost_usd_total', { model: 'priced' }), 0.75);
    assert.equal(exp.samples.filter((s) => s.name === 'jamjet_model_cost_usd_total' && s.labels.model === 'unpriced').length, 0);
    assert.equal(sumSamples(exp, 'jamjet_model_tokens_total', { model: 'unpriced' }), 150);
  });

  test('folds workflow ids past MAX_WORKFLOW_IDS into "other" and counts the overflow', async () => {
    const { series, prom: m } = metricsRig();
    const effects: ModelEffect[] = [];
    for (let i = 0; i < MAX_WORKFLOW_IDS + 25; i++) effects.push(ended(`wf-${i}`, 'completed', 10));
    effects.push(ended('wf-0', 'completed', 10)); // a known value keeps its own series
    series.apply(effects, 0);
    const exp = await scrape(m);
    const ids = new Set(exp.samples.filter((s) => s.name === 'jamjet_executions_total').map((s) => s.labels.workflow_id));
    assert.equal(ids.size, MAX_WORKFLOW_IDS + 1);
    assert.ok(ids.has('other'));
    assert.equal(sumSamples(exp, 'jamjet_executions_total', { workflow_id: 'other' }), 25);
    assert.equal(sumSamples(exp, 'jamjet_executions_total', { workflow_id: 'wf-0' }), 2);
    assert.equal(sumSamples(exp, 'jamjet_execution_duration_ms_count', { workflow_id: 'other' }), 25);
    assert.equal(sumSamples(exp, 'jamjet_executions_total'), MAX_WORKFLOW_IDS + 26);
    assert.equal(sumSamples(exp, 'jamjet_top_label_overflow_total', { label: 'workflow_id' }), 25);
  });

  test('folds models past MAX_MODELS into "other"', async () => {
    const { series, prom: m } = metricsRig();
    const effects: ModelEffect[] = [];
    for (let i = 0; i < MAX_MODELS + 3; i++) effects.push(tokens(`m${i}`, 1, 0, 0.001));
    series.apply(effects, 0);
    const exp = await scrape(m);
    assert.equal(sumSamples(exp, 'jamjet_model_tokens_total', { model: 'other', direction: 'input' }), 3);
    assert.equal(sumSamples(exp, 'jamjet_top_label_overflow_total', { label: 'model' }), 3);
  });

  test('serialises the families other parts hand over at each scrape, and drops the ones they stop handing over', async () => {
    let families: ExposedFamily[] = [
      { name: 'ALERTS', help: 'alerts', type: 'gauge', series: [{ labels: { alertname: 'A', alertstate: 'pending', i: '1' }, value: 1 }] },
      { name: 'job:cost:rate5m', help: 'recording rule', type: 'gauge', series: [{ labels: { model: 'm' }, value: 0.5 }] },
      { name: 'jamjet_queue_depth', help: 'clash', type: 'gauge', series: [{ labels: {}, value: 99 }] },
    ];
    const { prom } = metricsRig({ families: () => families });
    let exp = await scrape(prom);
    assert.equal(sumSamples(exp, 'ALERTS', { alertname: 'A', alertstate: 'pending' }), 1);
    assert.equal(sumSamples(exp, 'job:cost:rate5m', { model: 'm' }), 0.5);
    assert.equal(sumSamples(exp, 'jamjet_queue_depth'), 0, 'a family may not replace a catalogue metric');
    families = [];
    exp = await scrape(prom);
    assert.equal(exp.samples.filter((s) => s.name === 'ALERTS' || s.name === 'job:cost:rate5m').length, 0);
    assert.equal(exp.types.get('job:cost:rate5m'), undefined);
  });

  test('renders exactly what prom-client\'s registry.metrics() renders, in both formats, left in one part per family', async () => {
    const families: ExposedFamily[] = [
      { name: 'ALERTS', help: 'alerts', type: 'gauge', series: [{ labels: { alertname: 'A', alertstate: 'firing', summary: 'queue "ü" \\ deep\nnow' }, value: 1 }] },
      { name: 'job:cost:rate5m', help: 'recording rule — cost', type: 'gauge', series: [{ labels: { model: '日本' }, value: 0.25 }] },
    ];
    // Process metrics off: their values move between two serialisations.
    const { series, prom: m } = metricsRig({ families: () => families });
    series.apply([ended('wf-ü', 'completed', 10), ended('wf', 'failed', 2_000), attempt('llm', 40), tokens('gpt—4', 3, 5, 0.01)], 0);
    const text = await m.render(false);
    assert.equal(text.body, await m.vendorSerialise(false));
    // One part per family and one between each two: an upgrade that drops prom-client's per-family method shows here.
    assert.ok(text.parts.length > 2 * 10, `${text.parts.length} parts`);
    const om = await m.render(true);
    assert.equal(om.body, await m.vendorSerialise(true));
    assert.ok(om.body.endsWith('# EOF\n'));
    assert.equal((await m.render(false)).body, text.body, 'text after OpenMetrics');
  });

  test('renders OpenMetrics on request without breaking the next text scrape', async () => {
    const { series, prom: m } = metricsRig();
    series.apply([ended('wf', 'completed', 10)], 0);
    const om = await m.render(true);
    assert.equal(om.contentType, OPENMETRICS_CONTENT_TYPE);
    assert.match(om.body, /# TYPE jamjet_executions counter\n/);
    assert.match(om.body, /jamjet_executions_total\{workflow_id="wf",status="completed"\} 1/);
    assert.ok(om.body.endsWith('# EOF\n'));
    const [text] = await Promise.all([m.render(false), m.render(true)]);
    assert.equal(text.contentType, PROMETHEUS_CONTENT_TYPE);
    assert.match(text.body, /# TYPE jamjet_executions_total counter\n/);
    const again = await m.render(false);
    assert.match(again.body, /# TYPE jamjet_executions_total counter\n/);
  });
});
