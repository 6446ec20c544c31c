// A real Prometheus scrapes our /metrics while the sim runs a workload through the whole ingest path;
// everything is then checked through Prometheus's own HTTP API. Prometheus is a test dependency
// (.ci/install-prometheus.sh, run by .ci/run): when it is missing this test fails, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../source/core/clock.js';
import { PromMetrics } from '../../source/core/metrics/prom-registry.js';
import { ExecutionModel } from '../../source/core/model/execution-model.js';
import type { ModelEffect } from '../../source/core/model/types.js';
import { IngestPipeline } from '../../source/core/pipeline/ingest-pipeline.js';
import { healthReport } from '../../source/core/server/health-report.js';
import { startHttpServer } from '../../source/core/server/http-server.js';
import type { RunningHttpServer } from '../../source/core/server/http-server.js';
import { startSim } from '../../source/core/sim/sim-server.js';
import type { SimHandle } from '../../source/core/sim/sim-server.js';
import type { SimStats } from '../../source/core/sim/sim-stats.js';
import { WebSocketEventSource } from '../../source/core/sources/websocket-event-source.js';

const EXECUTIONS = 40;
const TERMINAL = ['completed', 'failed', 'cancelled', 'limit_exceeded'];
const P99 = 'histogram_quantile(0.99, rate(jamjet_execution_duration_ms_bucket[5m]))';
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = new Set(['__name__', 'instance', 'job']);

const CONTRACT: ReadonlyArray<{ name: string; type: string; labels: string[]; series: string }> = [
  { name: 'jamjet_executions_total', type: 'counter', labels: ['status', 'workflow_id'], series: 'jamjet_executions_total' },
  { name: 'jamjet_execution_duration_ms', type: 'histogram', labels: ['status', 'workflow_id'], series: 'jamjet_execution_duration_ms_count' },
  { name: 'jamjet_node_duration_ms', type: 'histogram', labels: ['node_kind'], series: 'jamjet_node_duration_ms_count' },
  { name: 'jamjet_queue_depth', type: 'gauge', labels: [], series: 'jamjet_queue_depth' },
  { name: 'jamjet_model_tokens_total', type: 'counter', labels: ['direction', 'model'], series: 'jamjet_model_tokens_total' },
  { name: 'jamjet_model_cost_usd_total', type: 'counter', labels: ['model'], series: 'jamjet_model_cost_usd_total' },
  { name: 'ALERTS', type: 'gauge', labels: ['alertname', 'alertstate', 'severity'], series: 'ALERTS' },
];

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

function requireBinary(name: string): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    assert.fail(`${name} is not installed (needed by the Prometheus end-to-end test): run .ci/install-prometheus.sh (apt-get install prometheus)`);
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not ready yet
    }
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('a real Prometheus scraping jamjet serve fed by the sim', { timeout: 60_000 }, () => {
  let dir = '';
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let sim: SimHandle | undefined;
  let source: WebSocketEventSource | undefined;
  let server: RunningHttpServer | undefined;
  let stats: SimStats;
  const prom = new PromMetrics();
  /** Node attempts the model reported ended (what jamjet_node_duration_ms observes), by kind. */
  const attemptsByKind: Record<string, number> = {};
  const attemptCounter = {
    effects(effects: readonly ModelEffect[]) {
      for (const e of effects) if (e.type === 'attempt_ended' && e.status !== 'skipped') attemptsByKind[e.nodeKind] = (attemptsByKind[e.nodeKind] ?? 0) + 1;
    },
  };

  async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${promUrl}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)}: ${body.error ?? res.status}`);
    return body.data;
  }
  const query = (q: string) => api<{ resultType: string; result: PromVector[] }>('query', { query: q });

  before(async () => {
    requireBinary('prometheus');
    requireBinary('promtool');
    const clock = systemClock();
    const model = new ExecutionModel();
    const pipeline = new IngestPipeline({
      model, clock, effectSinks: [prom, attemptCounter],
      onBatch: (b) => prom.observeBatch(b),
      onStatus: (s) => prom.observeSourceStatus(s),
    });
    prom.setAlerts([{ alertname: 'JamjetE2E', alertstate: 'firing', labels: { severity: 'info' } }]);
    server = await startHttpServer({
      host: '127.0.0.1', port: 0, metrics: prom,
      health: () => healthReport(source ? [source.status()] : []),
    });

    dir = mkdtempSync(join(tmpdir(), 'jamjet-prom-'));
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', '  evaluation_interval: 1s',
      'scrape_configs:', '  - job_name: jamjet', '    scrape_interval: 1s', '    scrape_timeout: 900ms',
      '    static_configs:', `      - targets: ['127.0.0.1:${server.port}']`, '',
    ].join('\n'));
    prometheus = spawn('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let promLog = '';
    prometheus.stderr?.on('data', (d: Buffer) => (promLog += d.toString()));
    await waitFor(`prometheus to be ready (${promLog})`, 15_000, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
    // Prometheus syncs targets a few seconds after start: run the workload only once it scrapes us.
    await waitFor('the first scrape', 15_000, async () => ((await query('up{job="jamjet"}')).result.length === 1 ? true : undefined));

    sim = await startSim({ port: 0, seed: 7, executions: EXECUTIONS, speed: 25, rate: 8 });
    source = new WebSocketEventSource(sim.wsUrl, { id: 'src1', clock });
    source.start(pipeline);
    const done = await waitFor('the sim to finish its executions and the model to apply them', 30_000, () => {
      const s = sim!.stats();
      const ended = TERMINAL.reduce((n, st) => n + (s.executionsByStatus[st] ?? 0), 0);
      const applied = model.statusCounts();
      const seen = TERMINAL.reduce((n, st) => n + (applied[st as keyof typeof applied] ?? 0), 0);
      return s.executionsStarted >= EXECUTIONS && s.executionsByStatus.running === 0 && seen >= ended ? s : undefined;
    });
    stats = structuredClone(done);
    const doneAt = Date.now() / 1000;
    // Two scrapes after the end, so every series has at least two samples and the last one is final.
    await waitFor('prometheus to scrape twice after the run', 15_000, async () => {
      const r = await query('timestamp(up{job="jamjet"})');
      return r.result.length === 1 && Number(r.result[0]!.value[1]) > doneAt + 1.2 ? true : undefined;
    });
  });

  after(async () => {
    await source?.stop();
    await sim?.close();
    await server?.close();
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the target is up', async () => {
    const r = await query('up{job="jamjet"}');
    assert.equal(r.result[0]?.value[1], '1');
  });

  test('every contract metric is there with its type', async () => {
    const meta = await api<Record<string, Array<{ type: string }>>>('metadata');
    for (const m of CONTRACT) {
      // Scraped as OpenMetrics, a counter's family is named without `_total`.
      const entry = meta[m.name] ?? meta[m.name.replace(/_total$/, '')];
      assert.ok(entry, `no metadata for ${m.name}`);
      assert.equal(entry[0]!.type, m.type, `type of ${m.name}`);
    }
  });

  test('every contract metric carries exactly its labels', async () => {
    for (const m of CONTRACT) {
      const series = await api<Array<Record<string, string>>>('series', { 'match[]': m.series });
      assert.ok(series.length > 0, `no series for ${m.series}`);
      for (const s of series) {
        const own = Object.keys(s).filter((k) => !TARGET_LABELS.has(k)).sort();
        assert.deepEqual(own, m.labels, `labels of ${m.series}`);
      }
    }
  });

  test('the p99 latency query returns a number', async () => {
    const r = await query(P99);
    assert.ok(r.result.length > 0, 'p99 returned no series');
    assert.ok(r.result.some((v) => Number.isFinite(Number(v.value[1]))), `p99 values: ${JSON.stringify(r.result.map((v) => v.value[1]))}`);
  });

  test('every query of the shipped Grafana dashboard parses and returns data', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../../grafana/jamjet-runtime.json', import.meta.url), 'utf8')) as {
      uid: string;
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    assert.equal(dashboard.uid, 'jamjet-runtime');
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ title: p.title, expr: t.expr })));
    assert.ok(exprs.length >= 8);
    for (const { title, expr } of exprs) {
      // Grafana's own variables, as Grafana would substitute them.
      const q = expr.replaceAll('$__range', '5m').replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '15s');
      const r = await query(q);
      assert.ok(r.result.length > 0, `panel "${title}": ${q} returned no data`);
    }
  });

  test('execution counts by status equal what the sim produced', async () => {
    const r = await query('sum by (status) (jamjet_executions_total)');
    const got: Record<string, number> = {};
    for (const v of r.result) got[v.metric.status!] = Number(v.value[1]);
    const want: Record<string, number> = {};
    for (const st of TERMINAL) if ((stats.executionsByStatus[st] ?? 0) > 0) want[st] = stats.executionsByStatus[st]!;
    assert.deepEqual(got, want);
  });

  test('token counts by model and direction equal what the sim produced', async () => {
    const r = await query('sum by (model, direction) (jamjet_model_tokens_total)');
    const got: Record<string, number> = {};
    for (const v of r.result) if (Number(v.value[1]) > 0) got[`${v.metric.model} ${v.metric.direction}`] = Number(v.value[1]);
    const want: Record<string, number> = {};
    for (const [model, t] of Object.entries(stats.tokensByModel)) {
      if (t.input > 0) want[`${model} input`] = t.input;
      if (t.output > 0) want[`${model} output`] = t.output;
    }
    assert.deepEqual(got, want);
  });

  test('node attempts by kind equal what the model ended, covering every attempt the sim completed or failed', async () => {
    const r = await query('sum by (node_kind) (jamjet_node_duration_ms_count)');
    const got: Record<string, number> = {};
    for (const v of r.result) got[v.metric.node_kind!] = Number(v.value[1]);
    assert.deepEqual(got, attemptsByKind);
    // The model also ends attempts cut short by a cancel or parked on a 429, which the sim does not count.
    for (const [kind, n] of Object.entries(stats.nodeAttemptsByKind)) assert.ok((got[kind] ?? 0) >= n, `${kind}: ${got[kind]} < ${n}`);
  });

  test('promtool parses a scrape; its only lint findings are the contract\'s _ms metric names', async () => {
    const body = await (await fetch(`${server!.url}/metrics`)).text();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    const findings = `${check.stdout}${check.stderr}`.split('\n').filter((l) => l.trim() !== '');
    // promtool 2.42 cannot switch lint rules off; the contract fixes `_duration_ms` (JamJet's own names).
    const allowed = /^jamjet_(execution|node)_duration_ms metric names should not contain abbreviated units$/;
    const other = findings.filter((l) => !allowed.test(l));
    assert.deepEqual(other, [], 'unexpected promtool findings');
    assert.ok(check.status === 0 || (check.status === 3 && findings.length > 0), `promtool exit ${check.status}`);
  });
});
