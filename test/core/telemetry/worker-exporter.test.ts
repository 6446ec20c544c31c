import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../source/core/config/load-config.js';
import { createWorkerExporter } from '../../../source/core/telemetry/worker-exporter.js';
import type { SpanRecord } from '../../../source/core/telemetry/span-record.js';
import { startHttpReceiver, type OtlpReceiver } from '../../helpers/otlp-receiver.js';

const HEX = '0123456789abcdef0123456789abcdef';

const span = (name: string, spanId: string): SpanRecord => ({
  traceId: HEX, spanId, parentSpanId: undefined, name, kind: 'internal', startMs: 1_000, endMs: 2_000,
  attributes: { 'jamjet.execution.id': `exec_${HEX}` }, events: [], links: [], status: { code: 'ok' },
});

function settings(endpoint: string) {
  const { otlp, telemetry } = loadConfig({ flags: {}, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, cwd: '/x', readFile: () => undefined }).config;
  return { otlp: { ...otlp, tracesUrl: otlp.tracesUrl! }, telemetry };
}

describe('the OTLP exporter on a worker thread', () => {
  let receiver: OtlpReceiver | undefined;
  after(async () => receiver?.close());

  test('sends batches the receiver decodes, reports each outcome, and shuts down', async () => {
    receiver = await startHttpReceiver();
    const { otlp, telemetry } = settings(receiver.url);
    const exporter = createWorkerExporter(otlp, telemetry);
    assert.deepEqual(await exporter.export([span('execution a', '00000000000000a1'), span('node:b', '00000000000000b2')]), { ok: true });
    assert.deepEqual(await exporter.export([span('node:c', '00000000000000c3')]), { ok: true });
    assert.deepEqual(receiver.spans.map((s) => [s.name, s.spanId, s.traceId, s.startNs]), [
      ['execution a', '00000000000000a1', HEX, '1000000000'],
      ['node:b', '00000000000000b2', HEX, '1000000000'],
      ['node:c', '00000000000000c3', HEX, '1000000000'],
    ]);
    await exporter.shutdown();
    const after = await exporter.export([span('late', '00000000000000d4')]);
    assert.equal(after.ok, false, 'a stopped worker fails a batch, it does not hang');
  });

  test('a collector that is not there gives a failed outcome with its reason', async () => {
    const { otlp, telemetry } = settings('http://127.0.0.1:9');
    const exporter = createWorkerExporter({ ...otlp, timeoutMs: 2_000 }, telemetry);
    const outcome = await exporter.export([span('x', '00000000000000e5')]);
    assert.equal(outcome.ok, false);
    assert.match((outcome as { error: string }).error, /ECONNREFUSED|connect|timeout/i);
    await exporter.shutdown();
  });
});
