import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { OtelSpanSink } from '../../../source/core/telemetry/otel-span-sink.js';
import { SpanExportQueue, type SpanBatchExporter } from '../../../source/core/telemetry/span-export-queue.js';
import { seedSpanCount, seedSpans, type SpanSeed } from '../../../source/core/telemetry/effect-spans.js';
import type { SpanRecord } from '../../../source/core/telemetry/span-record.js';
import { spanExportNotice, spanExportPlan } from '../../../source/core/telemetry/span-export.js';
import { loadConfig } from '../../../source/core/config/load-config.js';
import { stubSummary } from '../../helpers/model-events.js';

const exec = (n: number): string => `exec_${n.toString(16).padStart(32, '0')}`;

/** Collects the spans of the seeds it is sent, mapped as the export worker maps them. */
function collecting(): SpanBatchExporter<SpanSeed> & { spans: SpanRecord[] } {
  const spans: SpanRecord[] = [];
  return { spans, export: (seeds) => (spans.push(...seeds.flatMap(seedSpans)), Promise.resolve({ ok: true })), shutdown: () => Promise.resolve() };
}

describe('OtelSpanSink', () => {
  test('a full queue counts what each effect would have made as dropped, and exports what it held', async () => {
    const clock = new ManualClock(5_000);
    const exporter = collecting();
    const queue = new SpanExportQueue({ exporter, clock, maxQueued: 2, batchSpans: 100, delayMs: 60_000, spansOf: seedSpanCount });
    const sink = new OtelSpanSink(queue, clock);
    const ended = (n: number) => ({
      type: 'execution_ended' as const, executionId: exec(n), workflowId: 'wf', status: 'completed' as const, source: 's', time: 1_000 + n, durationMs: 10,
      summary: { ...stubSummary(exec(n), 'wf', 'completed', 10), startedAt: 990 + n },
    });
    sink.effects([ended(1), ended(2)]);
    assert.equal(queue.full, true);
    sink.effects([ended(3), ended(4), ended(5)]);
    assert.deepEqual([queue.stats().queued, queue.stats().dropped], [2, 3]);
    await sink.close();
    assert.deepEqual(exporter.spans.map((x) => x.name), [`execution ${exec(1)}`, `execution ${exec(2)}`]);
  });

  test('executions still open at shutdown, and those past the open cap, end with a root that says so', async () => {
    const clock = new ManualClock(5_000);
    const exporter = collecting();
    const sink = new OtelSpanSink(new SpanExportQueue({ exporter, clock, spansOf: seedSpanCount }), clock, 2);
    for (const n of [1, 2, 3]) sink.effects([{ type: 'execution_started', executionId: exec(n), workflowId: 'wf', workflowVersion: '1', source: 's', time: n * 100 }]);
    await sink.close();
    const roots = exporter.spans.map((s) => [s.name, s.attributes['jamjet.execution.status'], s.status.code]);
    assert.deepEqual(roots, [
      [`execution ${exec(1)}`, 'evicted', 'error'],
      [`execution ${exec(2)}`, 'unfinished', 'error'],
      [`execution ${exec(3)}`, 'unfinished', 'error'],
    ]);
  });
});

describe('spanExportPlan', () => {
  const config = (env: Record<string, string>, urls: string[] = ['ws://rt/v1/events'], toml?: string) => {
    const c = loadConfig({ flags: {}, env, cwd: '/x', readFile: () => toml }).config;
    return { ...c, urls };
  };
  test('on by default with an endpoint; off without one, when disabled, and on the demo runtime unless opted in', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    assert.equal(spanExportPlan(config(endpoint)).on, true);
    assert.deepEqual(spanExportPlan(config({})), { on: false, reason: 'no OTLP endpoint configured' });
    assert.equal(spanExportPlan(config({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).on, false);
    assert.match((spanExportPlan(config(endpoint, [])) as { reason: string }).reason, /demo runtime/);
    assert.equal(spanExportPlan(config({ ...endpoint, OTEL_SDK_DISABLED: 'false' }, [])).on, true);
  });

  test('the notice says a failing export and dropped spans, and nothing when all is well', () => {
    const stats = { exported: 1, dropped: 0, failedBatches: 0, queued: 0, state: 'ok' } as const;
    assert.equal(spanExportNotice('http://c/v1/traces (grpc)', stats), undefined);
    assert.match(spanExportNotice('t', { ...stats, state: 'failing', lastError: 'ECONNREFUSED', queued: 7 })!, /^OTLP export to t failing \(ECONNREFUSED\); retrying, 7 spans queued$/);
    assert.match(spanExportNotice('t', { ...stats, dropped: 3 })!, /3 spans dropped/);
  });
});
