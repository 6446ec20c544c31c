import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrapeSamples } from '../../../source/core/alerts/scrape-samples.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { metricsRig } from '../../helpers/metrics-rig.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';
import { parseExposition } from '../../helpers/parse-exposition.js';

const EXEC = 'exec_' + 'a'.repeat(32);

test('the samples the rules read are exactly the lines a scrape of /metrics shows at the same moment', async () => {
  const { series, prom } = metricsRig();
  const effects: ModelEffect[] = [
    { type: 'execution_ended', executionId: EXEC, workflowId: 'wf "quoted"', status: 'failed', source: 's', time: 0, durationMs: 1234, summary: stubSummary(EXEC, 'wf', 'failed', 1234) },
    { type: 'attempt_ended', executionId: EXEC, nodeId: 'n', nodeKind: 'model', attempt: 0, status: 'completed', durationMs: 7, time: 0, source: 's', span: stubSpan('n', 'model', 'completed', 7) },
    { type: 'tokens_used', executionId: EXEC, nodeId: 'n', model: 'gpt-4o', inputTokens: 30, outputTokens: 20, costUsd: 0.125, costSource: 'event', time: 0, source: 's' },
  ];
  series.apply(effects, 1_000);
  series.observeGauges(4, { running: 2, paused: 1, stale: 0 }, 1_000);
  series.observeStoreWrite(0.003, 1_000);
  series.observeSourceStatus({ id: 'ws://rt', url: 'ws://rt', kind: 'websocket', state: 'connected', events: 3, rejected: 0, reconnects: 1 }, 1_000);

  const key = (name: string, labels: Readonly<Record<string, string>>) =>
    `${name}{${Object.entries(labels).filter(([k]) => k !== '__name__').sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}}`;
  const scraped = new Map(parseExposition((await prom.render(false)).body).samples.map((s) => [key(s.name, s.labels), s.value]));
  const ours = new Map(scrapeSamples((k) => series.scan(k)).map((s) => [key(s.labels.__name__!, s.labels), s.v]));

  assert.ok(ours.size > 50, `expected every catalogue series, got ${ours.size}`);
  assert.deepEqual([...ours.keys()].sort(), [...scraped.keys()].sort());
  for (const [k, v] of ours) assert.equal(v, scraped.get(k), k);
  assert.equal(ours.get('jamjet_execution_duration_ms_bucket{le=2500,status=failed,workflow_id=wf "quoted"}'), 1);
  assert.equal(ours.get('jamjet_execution_duration_ms_bucket{le=1000,status=failed,workflow_id=wf "quoted"}'), 0);
  assert.equal(ours.get('jamjet_queue_depth{}'), 4);
});

test('a series gets the same label objects every call, so the rules\' store can recognise it by identity', () => {
  const { series } = metricsRig();
  series.apply([
    { type: 'execution_ended', executionId: EXEC, workflowId: 'wf', status: 'failed', source: 's', time: 0, durationMs: 12, summary: stubSummary(EXEC, 'wf', 'failed', 12) },
  ], 1_000);
  const first = scrapeSamples((k) => series.scan(k));
  const second = scrapeSamples((k) => series.scan(k));
  assert.equal(first.length, second.length);
  assert.ok(first.some((s) => s.labels.le === '+Inf'));
  first.forEach((s, i) => assert.equal(s.labels, second[i]!.labels, JSON.stringify(s.labels)));
});
