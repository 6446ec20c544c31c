import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../../source/core/config/load-config.js';
import { rootSpanIdOf, spanIdOf } from '../../../source/core/telemetry/span-ids.js';
import type { SpanSeed } from '../../../source/core/telemetry/effect-spans.js';
import { createWorkerExporter } from '../../../source/core/telemetry/worker-exporter.js';
import { EXPORT_THREAD_NICENESS } from '../../../source/core/telemetry/otlp-worker.js';
import { stubSpan, stubSummary } from '../../helpers/model-events.js';
import { startHttpReceiver, type OtlpReceiver } from '../../helpers/otlp-receiver.js';

const HEX = '0123456789abcdef0123456789abcdef';
const EXEC = `exec_${HEX}`;

/** An execution's end: one root span. */
const ended = (time: number): SpanSeed => ({
  type: 'execution_ended', executionId: EXEC, workflowId: 'wf', status: 'completed', time,
  summary: { ...stubSummary(EXEC, 'wf', 'completed'), startedAt: 1_000, endedAt: time },
});
/** A model node's attempt: its node span and its model.call span. */
const attempt = (nodeId: string): SpanSeed => ({
  type: 'attempt_ended', executionId: EXEC, workflowId: 'wf', nodeId, nodeKind: 'model', durationMs: 1_000, time: 2_000,
  span: { ...stubSpan(nodeId, 'model', 'completed', 1_000), startedAt: 1_000, endedAt: 2_000, model: 'gpt-4o' },
});

function settings(endpoint: string) {
  const { otlp, telemetry } = loadConfig({ flags: {}, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, cwd: '/x', readFile: () => undefined }).config;
  return { otlp: { ...otlp, tracesUrl: otlp.tracesUrl! }, telemetry };
}

/** The niceness of each of this process's threads (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('the OTLP exporter on a worker thread', () => {
  let receiver: OtlpReceiver | undefined;
  after(async () => receiver?.close());

  test('the export thread runs below ingest\'s CPU priority, and says when it is ready', async () => {
    receiver ??= await startHttpReceiver();
    const { otlp, telemetry } = settings(receiver.url);
    const before = threadNiceness().filter((n) => n === EXPORT_THREAD_NICENESS).length;
    const exporter = createWorkerExporter(otlp, telemetry);
    await exporter.ready;
    const niced = threadNiceness().filter((n) => n === EXPORT_THREAD_NICENESS).length;
    assert.equal(niced, before + 1, 'one more thread at the export niceness');
    assert.equal(threadNiceness()[0], 0, 'the main thread keeps its priority');
    await exporter.shutdown();
  });

  test('maps seeds to spans on the worker, sends batches the receiver decodes, reports each outcome, and shuts down', async () => {
    receiver ??= await startHttpReceiver();
    receiver.spans.length = 0;
    const { otlp, telemetry } = settings(receiver.url);
    const exporter = createWorkerExporter(otlp, telemetry);
    assert.deepEqual(await exporter.export([attempt('plan'), ended(3_000)]), { ok: true });
    assert.deepEqual(await exporter.export([attempt('draft')]), { ok: true });
    const node = (id: string) => spanIdOf(`${EXEC}/${id}#1`);
    assert.deepEqual(receiver.spans.map((s) => [s.name, s.spanId, s.parentSpanId, s.traceId, s.startNs]), [
      ['node:plan', node('plan'), rootSpanIdOf(EXEC), HEX, '1000000000'],
      ['model.call gpt-4o', spanIdOf(`${node('plan')}/model`), node('plan'), HEX, '1000000000'],
      [`execution ${EXEC}`, rootSpanIdOf(EXEC), '', HEX, '1000000000'],
      ['node:draft', node('draft'), rootSpanIdOf(EXEC), HEX, '1000000000'],
      ['model.call gpt-4o', spanIdOf(`${node('draft')}/model`), node('draft'), HEX, '1000000000'],
    ]);
    await exporter.shutdown();
    const after = await exporter.export([ended(4_000)]);
    assert.equal(after.ok, false, 'a stopped worker fails a batch, it does not hang');
  });

  test('a collector that is not there gives a failed outcome with its reason', async () => {
    const { otlp, telemetry } = settings('http://127.0.0.1:9');
    const exporter = createWorkerExporter({ ...otlp, timeoutMs: 2_000 }, telemetry);
    const outcome = await exporter.export([ended(3_000)]);
    assert.equal(outcome.ok, false);
    assert.match((outcome as { error: string }).error, /ECONNREFUSED|connect|timeout/i);
    await exporter.shutdown();
  });
});
