import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  closedLabelSets, DURATION_BUCKETS_MS, LABEL_CAPS, MAX_ALERT_SERIES, METRIC_CATALOGUE, METRICS, metricSpec, STORE_WRITE_BUCKETS_SECONDS,
} from '../../../source/core/metrics/metric-catalogue.js';
import type { ExposedFamily } from '../../../source/core/metrics/prom-registry.js';
import { metricsRig } from '../../helpers/metrics-rig.js';
import type { ModelEffect } from '../../../source/core/model/types.js';
import { parseExposition } from '../../helpers/parse-exposition.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';

const EXEC = 'exec_' + '0'.repeat(32);
const README = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

/** The README's metrics table: name, type and label names of each row (values in parentheses left out). */
function readmeTable(): { name: string; type: string; labels: string[] }[] {
  const start = README.indexOf('| metric | type | labels | meaning |');
  assert.ok(start >= 0, 'the README has a metrics table');
  const rows = README.slice(start).split('\n\n')[0]!.split('\n').slice(2);
  return rows.map((row) => {
    const [, name, type, labels] = row.split('|').map((c) => c.trim());
    const names = [...labels!.replace(/\([^)]*\)/g, '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    return { name: name!.replace(/`/g, ''), type: type!, labels: names };
  });
}

/** A registry with every metric holding at least one series, so each declares its labels in a sample. */
async function fullScrape(processMetrics = false): Promise<string> {
  const alerts: ExposedFamily = { name: 'ALERTS', help: 'alerts', type: 'gauge', series: [{ labels: { alertname: 'A', alertstate: 'firing', severity: 'page' }, value: 1 }] };
  const { series, prom } = metricsRig({ processMetrics, families: () => [alerts] });
  const effects: ModelEffect[] = [
    { type: 'execution_ended', executionId: EXEC, workflowId: 'wf', status: 'completed', source: 's', time: 0, durationMs: 10, summary: stubSummary(EXEC, 'wf', 'completed', 10) },
    { type: 'attempt_ended', executionId: EXEC, nodeId: 'n', nodeKind: 'tool', attempt: 0, status: 'completed', durationMs: 5, time: 0, source: 's', span: stubSpan('n', 'tool', 'completed', 5) },
    { type: 'attempt_ended', executionId: EXEC, nodeId: 'm', nodeKind: 'model', attempt: 0, status: 'failed', durationMs: 5, time: 0, source: 's', span: { ...stubSpan('m', 'model', 'failed', 5), model: 'gpt-4o' } },
    { type: 'tokens_used', executionId: EXEC, nodeId: 'n', model: 'gpt-4o', inputTokens: 3, outputTokens: 2, costUsd: 0.1, costSource: 'event', time: 0, source: 's' },
  ];
  series.apply(effects, 0);
  series.observeIngest('s', 1, 0);
  series.observeTotal('eventsApplied', 1, 0);
  series.observeGauges(1, { running: 1, paused: 0, stale: 0 }, 0, { gpu: 1 });
  series.observeSourceStatus({ id: 's', url: 'ws://x', kind: 'websocket', state: 'connected', events: 1, rejected: 0, reconnects: 1 }, 0);
  series.observeStoreWrite(0.001, 0);
  series.observeLongestRunning(new Map([['wf', 1_500]]), 0);
  // One overflow, so jamjet_top_label_overflow_total has a series.
  const tiny = metricsRig({ labelCaps: { model: 0 } });
  tiny.series.apply([effects[2]!], 0);
  const overflowLines = (await tiny.prom.render(false)).body.split('\n').filter((l) => l.startsWith('jamjet_top_label_overflow_total{'));
  return (await prom.render(false)).body + overflowLines.join('\n') + '\n';
}

/** `# HELP` and `# TYPE` of every metric family a text scrape declares. */
function declared(body: string): Map<string, { help?: string; type?: string }> {
  const out = new Map<string, { help?: string; type?: string }>();
  for (const line of body.split('\n')) {
    const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (!m) continue;
    const entry = out.get(m[2]!) ?? {};
    if (m[1] === 'HELP') entry.help = m[3]!.replace(/\\\\/g, '\\').replace(/\\n/g, '\n');
    else entry.type = m[3];
    out.set(m[2]!, entry);
  }
  return out;
}

describe('metric catalogue', () => {
  test('names exactly the metrics the registry exposes, with their types and help texts', async () => {
    const families = declared(await fullScrape());
    assert.deepEqual([...families.keys()].sort(), METRIC_CATALOGUE.map((m) => m.name).sort());
    for (const spec of METRIC_CATALOGUE) {
      assert.equal(families.get(spec.name)?.type, spec.type, `${spec.name}: type`);
      assert.equal(families.get(spec.name)?.help, spec.help, `${spec.name}: help`);
    }
  });

  test('with process metrics on, everything the registry adds beyond the catalogue is prom-client\'s own process_* / nodejs_*', async () => {
    const names = [...declared(await fullScrape(true)).keys()];
    const ours = new Set(METRIC_CATALOGUE.map((m) => m.name));
    const extra = names.filter((n) => !ours.has(n));
    assert.ok(extra.length > 0);
    assert.deepEqual(extra.filter((n) => !/^(process|nodejs)_/.test(n)), []);
  });

  test('each metric\'s series carry exactly the catalogue\'s labels (plus le on histogram buckets, plus the alert\'s own on ALERTS)', async () => {
    const exp = parseExposition(await fullScrape());
    for (const spec of METRIC_CATALOGUE) {
      const sampleName = spec.type === 'histogram' ? `${spec.name}_bucket` : spec.name;
      const samples = exp.samples.filter((s) => s.name === sampleName);
      assert.ok(samples.length > 0, `${spec.name} has a series`);
      const expected = [...spec.labels, ...(spec.type === 'histogram' ? ['le'] : [])].sort();
      for (const s of samples) {
        const keys = Object.keys(s.labels).sort();
        if (spec.openLabels) assert.deepEqual(keys.filter((k) => expected.includes(k)), expected, spec.name);
        else assert.deepEqual(keys, expected, spec.name);
      }
    }
  });

  test('histogram buckets are the catalogue\'s bounds, then +Inf', async () => {
    const exp = parseExposition(await fullScrape());
    for (const spec of METRIC_CATALOGUE.filter((m) => m.type === 'histogram')) {
      const first = exp.samples.find((s) => s.name === `${spec.name}_bucket`)!;
      const sameSeries = exp.samples.filter((s) => s.name === `${spec.name}_bucket` && Object.entries(first.labels).every(([k, v]) => k === 'le' || s.labels[k] === v));
      assert.deepEqual(sameSeries.map((s) => s.labels.le), [...spec.buckets!.map(String), '+Inf'], spec.name);
    }
  });

  test('the README\'s metrics table is written from the catalogue: the same names, types and labels, in its order', () => {
    assert.deepEqual(readmeTable(), METRIC_CATALOGUE.map((m) => ({ name: m.name, type: m.type, labels: [...m.labels] })));
  });

  test('the README\'s bucket bounds and label caps are the catalogue\'s', () => {
    const flat = README.replace(/\s+/g, ' ');
    assert.ok(flat.includes(`: ${DURATION_BUCKETS_MS.join(', ')}, +Inf.`), 'duration bounds');
    assert.ok(flat.includes(`Store writes (s): ${STORE_WRITE_BUCKETS_SECONDS.join(', ')}.`), 'store write bounds');
    const caps = `\`workflow_id\` ${LABEL_CAPS.workflow_id} values, \`model\` ${LABEL_CAPS.model}, \`node_kind\` ${LABEL_CAPS.node_kind}, \`source\` ${LABEL_CAPS.source}, \`queue_type\` ${LABEL_CAPS.queue_type}, \`ALERTS\` ${MAX_ALERT_SERIES} series`;
    assert.ok(flat.includes(caps), caps);
  });

  test('every capped label has a cap, and metricSpec finds an entry by its exposed name', () => {
    const labels = new Set(METRIC_CATALOGUE.flatMap((m) => m.labels));
    for (const label of Object.keys(LABEL_CAPS)) assert.ok(labels.has(label), label);
    assert.equal(metricSpec('jamjet_executions_total'), METRICS.executions);
    assert.equal(metricSpec('nope'), undefined);
  });

  test('closed label sets: every combination of known values, none when a label is open', () => {
    assert.deepEqual(closedLabelSets(METRICS.eventsDuplicate), [{}]);
    assert.equal(closedLabelSets(METRICS.eventsRejected).length, METRICS.eventsRejected.values.reason.length);
    assert.deepEqual(closedLabelSets(METRICS.executions), []);
  });
});
