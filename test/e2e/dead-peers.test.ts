// Slow and dead peers of `jamjet serve`: an OTLP collector and Alertmanagers that never answer (a socket that accepts
// and stays silent, and a closed port), and scrapers that open /metrics and never read. Queues stay at their caps
// with what they drop counted, memory stays bounded, and ingest goes on at the pace it has without them.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_QUEUED_SPANS } from '../../source/core/telemetry/span-export-queue.js';
import { E2E_WAIT_MS, freePort, getJson, killAll, startServeProcess, startSimProcess, waitFor, type ServeProcess } from '../helpers/e2e-process.js';
import { metricSum, scrape, storedKeys } from '../helpers/fault-rig.js';
import { workloadEvents } from '../helpers/sim-restart-scenario.js';

const RULES = fileURLToPath(new URL('../../../test/fixtures/rules/faults-alerts.yml', import.meta.url));
const WORKLOAD = { seed: 41, rate: 100, executions: 1500, speed: 20 };

/** A TCP server that accepts connections and never sends a byte (a hung collector). */
async function blackhole(): Promise<{ url: string; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server, sockets };
}

/** A notifier counter's value for one Alertmanager (its label is the URL it posts to). */
function perAlertmanager(body: string, name: string, baseUrl: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{alertmanager="${baseUrl}/`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Runs the workload through serve from start to its last event applied; returns the seconds that took and serve. */
async function timedIngest(db: string, total: number, extra: readonly string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; serve: ServeProcess }> {
  const sim = await startSimProcess(['--seed', String(WORKLOAD.seed), '--rate', String(WORKLOAD.rate), '--executions', String(WORKLOAD.executions), '--speed', String(WORKLOAD.speed)]);
  const serve = await startServeProcess(['--url', sim.wsUrl, '--db', db, '--metrics-port', '0', ...extra], { env: { ...process.env, ...env } });
  const t0 = performance.now();
  await waitFor(`serve to apply all ${total} events`, E2E_WAIT_MS, async () => (metricSum(await scrape(serve.metricsUrl), 'jamjet_top_events_applied_total') >= total ? true : undefined));
  const seconds = (performance.now() - t0) / 1000;
  await sim.proc.stop('SIGTERM');
  return { seconds, serve };
}

describe('serve with peers that never answer or never read', () => {
  after(killAll);

  test('an OTLP collector and Alertmanagers that never answer: bounded queues, counted drops and errors, ingest not slowed', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-deadpeers-'));
    const otlp = await blackhole();
    const amHung = await blackhole();
    const amClosed = `http://127.0.0.1:${await freePort()}`;
    try {
      const total = workloadEvents(WORKLOAD.seed, WORKLOAD.rate, WORKLOAD.executions);
      const base = await timedIngest(join(dir, 'base.db'), total, [], {});
      await base.serve.proc.stop('SIGTERM');

      const faulty = await timedIngest(join(dir, 'faulty.db'), total,
        ['--rules', RULES, '--alertmanager-url', amHung.url, '--alertmanager-url', amClosed],
        { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
      const serve = faulty.serve;
      t.diagnostic(`${total} events ingested in ${base.seconds.toFixed(1)} s with no peers, ${faulty.seconds.toFixed(1)} s with dead ones`);
      // Generous: the machine is shared; an ingest thread waiting on either peer would take many times longer.
      assert.ok(faulty.seconds <= Math.max(3 * base.seconds, base.seconds + 10),
        `ingest with dead peers took ${faulty.seconds.toFixed(1)} s, without ${base.seconds.toFixed(1)} s`);
      assert.ok(otlp.sockets.size >= 1, 'the exporter did reach the hung collector');

      // The closed port fails at once; the hung one only at its timeout: both are counted, neither blocks.
      const metrics = await waitFor('notification errors and OTLP drops to be counted', E2E_WAIT_MS, async () => {
        const body = await scrape(serve.metricsUrl);
        const closedErrors = perAlertmanager(body, 'jamjet_top_notifications_errors_total', amClosed);
        return closedErrors > 0 && metricSum(body, 'jamjet_top_otlp_spans_dropped_total') > 0 ? body : undefined;
      });
      assert.equal(metricSum(metrics, 'jamjet_top_otlp_spans_exported_total'), 0);
      assert.equal(metricSum(metrics, 'jamjet_top_notifications_sent_total'), 0, 'nothing was delivered');
      // The hung one is waited on for its timeout, one request at a time: its errors come slowly, its queue holds.
      assert.ok(amHung.sockets.size >= 1, 'the notifier did reach the hung Alertmanager');
      assert.ok(metricSum(metrics, 'jamjet_top_notifications_queue_length') <= metricSum(metrics, 'jamjet_top_notifications_queue_capacity'));
      const health = await getJson<{ otlp?: { spans_queued: number; spans_dropped: number; state: string } }>(`${serve.metricsUrl}/healthz`);
      assert.ok(health.otlp && health.otlp.spans_queued <= MAX_QUEUED_SPANS, `queued ${JSON.stringify(health.otlp)}`);
      assert.ok(health.otlp.spans_dropped > 0);
      // The store took every event all the same.
      assert.equal(storedKeys(join(dir, 'faulty.db')).rows, total);
      assert.equal((await serve.proc.stop('SIGTERM')).code, 0, serve.proc.describe());
    } finally {
      for (const s of [...otlp.sockets, ...amHung.sockets]) s.destroy();
      otlp.server.close();
      amHung.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('scrapers that open /metrics and never read: ingest goes on, memory stays bounded', async () => {
    const sim = await startSimProcess(['--seed', '43', '--rate', '20', '--speed', '10']);
    const serve = await startServeProcess(['--url', sim.wsUrl, '--db', ':memory:', '--metrics-port', '0']);
    const stuck: Socket[] = [];
    try {
      const rss = (body: string): number => metricSum(body, 'process_resident_memory_bytes');
      const before = await scrape(serve.metricsUrl);
      const { port } = new URL(serve.metricsUrl);
      // 60 connections × 200 pipelined scrapes of ~40 KB: ~480 MB if every answer were buffered.
      for (let i = 0; i < 60; i++) {
        const s = connect(Number(port), '127.0.0.1');
        s.on('error', () => undefined);
        await new Promise<void>((resolve) => s.once('connect', resolve));
        s.pause();
        s.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(200));
        stuck.push(s);
      }
      const applied0 = metricSum(await scrape(serve.metricsUrl), 'jamjet_top_events_applied_total');
      const after = await waitFor('ingest to go on while the scrapers hang', E2E_WAIT_MS, async () => {
        const body = await scrape(serve.metricsUrl);
        return metricSum(body, 'jamjet_top_events_applied_total') > applied0 + 500 ? body : undefined;
      });
      const grown = rss(after) - rss(before);
      assert.ok(grown < 150 * 1024 * 1024, `serve's memory grew by ${Math.round(grown / 1024 / 1024)} MB`);
      assert.equal((await serve.proc.stop('SIGTERM')).code, 0, serve.proc.describe());
    } finally {
      for (const s of stuck) s.destroy();
      await sim.proc.stop('SIGTERM');
    }
  });
});
