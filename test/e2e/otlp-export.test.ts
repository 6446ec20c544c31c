// `jamjet serve` fed by a real `jamjet sim`, exporting to in-process OTLP receivers (HTTP/protobuf and gRPC)
// that decode with the official .proto files: the docs' span tree, one trace per execution, event times.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  E2E_SUITE_MS, E2E_WAIT_MS, getJson, killAll, startServeProcess, startSimProcess, waitFor, waitForSimDone, type ServeProcess,
} from '../helpers/e2e-process.js';
import { startGrpcReceiver, startHttpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';

const EXECUTIONS = 24;
const SECRET = 'Bearer otlp-5ecret-77';
/** OTLP span status codes. */
const OK = 1;
const ERROR = 2;

interface WireEvent { execution_id: string; sequence: number; created_at: string; kind: { type: string; node_id?: string } }

function startServe(receiver: OtlpReceiver, url: string, protocol: string): Promise<ServeProcess> {
  return startServeProcess(['--url', url, '--db', ':memory:', '--metrics-port', '0'], {
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_HEADERS: `authorization=${encodeURIComponent(SECRET)}`, OTEL_SERVICE_NAME: 'e2e-agent' },
  });
}

const ns = (iso: string): string => (BigInt(Date.parse(iso)) * 1_000_000n).toString();

/** Waits until serve has applied `events` events (its jamjet_top_events_applied_total). */
async function waitForApplied(serve: ServeProcess, events: number): Promise<void> {
  let applied = 0;
  await waitFor(() => `serve to apply all ${events} events (applied ${applied})`, E2E_WAIT_MS, async () => {
    const text = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
    applied = [...text.matchAll(/^jamjet_top_events_applied_total(?:\{[^}]*\})? (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    return applied >= events ? true : undefined;
  });
}

/** Every check of the span tree against the sim's own event logs. */
async function checkTraces(spans: readonly ReceivedSpan[], simUrl: string): Promise<void> {
  const ids = spans.map((s) => s.spanId);
  const dup = spans.filter((s, i) => ids.indexOf(s.spanId) !== i).map((s) => JSON.stringify(spans.filter((t) => t.spanId === s.spanId).map((t) => [t.name, t.startNs, t.endNs, t.status, t.attributes['jamjet.node.status']])));
  assert.equal(new Set(ids).size, ids.length, `every span arrived once: ${dup.join('\n')}`);
  const byTrace = new Map<string, ReceivedSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  const found = { completed: 0, retried: 0, approval: 0, child: 0 };
  for (const [traceId, trace] of byTrace) {
    const roots = trace.filter((s) => s.parentSpanId === '');
    assert.equal(roots.length, 1, `one root in trace ${traceId}`);
    const root = roots[0]!;
    const execId = `exec_${traceId}`;
    assert.equal(root.name, `execution ${execId}`);
    assert.equal(root.attributes['jamjet.execution.id'], execId);
    assert.equal(root.resource['service.name'], 'e2e-agent');
    const { events } = await getJson<{ events: WireEvent[] }>(`${simUrl}/executions/${execId}/events`);
    assert.ok(events.length > 0, `the sim knows ${execId}`);
    const started = events.find((e) => e.kind.type === 'workflow_started')!;
    const terminal = events.find((e) => ['workflow_completed', 'workflow_failed', 'workflow_cancelled'].includes(e.kind.type));
    assert.equal(root.startNs, ns(started.created_at), 'root starts at workflow_started');
    if (terminal) assert.equal(root.endNs, ns(terminal.created_at), 'root ends at the terminal event');
    const spanIds = new Set(trace.map((s) => s.spanId));
    for (const s of trace) if (s !== root) assert.ok(spanIds.has(s.parentSpanId), `${s.name}'s parent is in its trace`);
    const nodes = trace.filter((s) => s.name.startsWith('node:'));
    for (const n of nodes) {
      assert.equal(n.parentSpanId, root.spanId);
      const nodeId = n.name.slice(5);
      assert.equal(n.attributes['jamjet.node.id'], nodeId);
      assert.equal(n.attributes['jamjet.execution.id'], execId);
      assert.equal(n.attributes['jamjet.workflow.id'], started.kind.type === 'workflow_started' ? root.attributes['jamjet.workflow.id'] : undefined);
      // An attempt ends at one of its node's events (completed, failed, parked, or superseded by a re-schedule).
      const times = events.filter((e) => e.kind.node_id === nodeId).map((e) => ns(e.created_at));
      if (['completed', 'failed'].includes(n.attributes['jamjet.node.status'] as string)) {
        assert.ok(times.includes(n.endNs), `node:${nodeId} ends at one of its events' times`);
        assert.ok(times.includes(n.startNs), `node:${nodeId} starts at one of its events' times`);
      }
    }
    for (const m of trace.filter((s) => s.name.startsWith('model.call '))) {
      const parent = trace.find((s) => s.spanId === m.parentSpanId)!;
      assert.match(parent.name, /^node:/);
      assert.equal(m.attributes['gen_ai.request.model'], m.name.slice('model.call '.length));
      assert.equal(m.attributes['gen_ai.operation.name'], 'chat');
      assert.equal(typeof m.attributes['gen_ai.usage.input_tokens'], 'number');
      assert.equal(typeof m.attributes['gen_ai.usage.output_tokens'], 'number');
      assert.equal(typeof m.attributes['gen_ai.system'], 'string');
      assert.deepEqual([m.startNs, m.endNs], [parent.startNs, parent.endNs]);
    }
    if (terminal?.kind.type === 'workflow_completed' && root.status.code === OK) found.completed++;
    const byNode = new Map<string, ReceivedSpan[]>();
    for (const n of nodes) byNode.set(n.name, [...(byNode.get(n.name) ?? []), n]);
    for (const attempts of byNode.values()) {
      if (attempts.length > 1 && attempts.some((a) => a.status.code === ERROR && a.status.message !== '')) {
        found.retried++;
        assert.ok(new Set(attempts.map((a) => a.attributes['jamjet.node.attempt'])).size > 1 || attempts.length > 1);
      }
    }
    const approval = nodes.find((n) => n.events.some((e) => e.name === 'approval.requested'));
    if (approval) {
      found.approval++;
      const asked = events.find((e) => e.kind.type === 'tool_approval_required')!;
      assert.equal(approval.events.find((e) => e.name === 'approval.requested')!.timeNs, ns(asked.created_at));
    }
    for (const link of trace.filter((s) => s.name.startsWith('workflow.child '))) {
      found.child++;
      assert.equal(link.links.length, 1);
      const childRoot = spans.find((s) => s.traceId === link.links[0]!.traceId && s.parentSpanId === '');
      assert.ok(childRoot, 'the linked child trace arrived');
      assert.equal(childRoot.spanId, link.links[0]!.spanId);
      assert.equal(childRoot.links[0]!.traceId, traceId, 'the child links back');
    }
  }
  assert.ok(found.completed > 0 && found.retried > 0 && found.approval > 0 && found.child > 0, `each kind of execution seen: ${JSON.stringify(found)}`);
}

describe('OTLP export from jamjet serve', { timeout: E2E_SUITE_MS }, () => {
  const receivers: OtlpReceiver[] = [];
  after(async () => {
    await killAll();
    for (const r of receivers) await r.close();
  });

  for (const [protocol, start] of [['http/protobuf', startHttpReceiver], ['grpc', startGrpcReceiver]] as const) {
    test(`${protocol}: the docs' span tree, one trace per execution, times from the events, headers sent and never logged`, async () => {
      const receiver = await start();
      receivers.push(receiver);
      const sim = await startSimProcess(['--seed', '7', '--rate', '20', '--executions', String(EXECUTIONS), '--speed', '50']);
      const serve = await startServe(receiver, sim.wsUrl, protocol);
      const done = await waitForSimDone(sim, EXECUTIONS);
      // The sim being done is not serve having read it all: stopped early, an execution's root would end as unfinished.
      await waitForApplied(serve, done.eventsEmitted);
      const exit = await serve.proc.stop('SIGTERM');
      assert.equal(exit.code, 0, serve.proc.describe());
      assert.ok(receiver.spans.length > 0, `spans arrived; serve said: ${serve.proc.describe()}`);
      assert.ok(receiver.headers.every((h) => h.authorization === SECRET), 'the configured header is sent');
      assert.ok(!serve.proc.stderr.includes('otlp-5ecret') && !serve.proc.stdout.includes('otlp-5ecret'), 'and never printed');
      assert.match(serve.proc.stdout, /OTLP export to http:\/\/127\.0\.0\.1:\d+/);
      await checkTraces(receiver.spans, sim.httpUrl);
    });
  }

  test('a collector down for 10 s then back: every span arrives once; failing shown on /healthz and counted', async () => {
    const receiver = await startHttpReceiver();
    receivers.push(receiver);
    await receiver.down();
    const sim = await startSimProcess(['--seed', '7', '--rate', '20', '--executions', '8', '--speed', '50']);
    const serve = await startServe(receiver, sim.wsUrl, 'http/protobuf');
    const failing = await waitFor('/healthz to say the export is failing', E2E_WAIT_MS, async () => {
      const h = await getJson<{ status: string; otlp?: { state: string; batches_failed: number } }>(`${serve.metricsUrl}/healthz`);
      return h.otlp?.state === 'failing' ? h : undefined;
    });
    assert.equal(failing.status, 'degraded');
    await waitForSimDone(sim, 8);
    await new Promise((r) => setTimeout(r, 10_000));
    await receiver.up();
    const metrics = await waitFor('the queue to drain after the collector came back', E2E_WAIT_MS, async () => {
      const h = await getJson<{ otlp: { state: string; spans_queued: number; spans_exported: number } }>(`${serve.metricsUrl}/healthz`);
      return h.otlp.state === 'ok' && h.otlp.spans_queued === 0 && h.otlp.spans_exported > 0 ? h : undefined;
    });
    const text = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
    assert.match(text, /^jamjet_top_otlp_batches_failed_total [1-9]/m);
    assert.match(text, new RegExp(`^jamjet_top_otlp_spans_exported_total ${metrics.otlp.spans_exported}$`, 'm'));
    assert.match(text, /^jamjet_top_otlp_spans_dropped_total 0$/m);
    assert.match(serve.proc.stdout, /OTLP export to .* failing/);
    assert.equal((await serve.proc.stop('SIGTERM')).code, 0);
    const ids = receiver.spans.map((s) => s.spanId);
    assert.equal(new Set(ids).size, ids.length, 'no span arrived twice');
    assert.equal(ids.length, metrics.otlp.spans_exported);
  });
});
