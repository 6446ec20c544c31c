// A real Prometheus scrapes the real `jamjet serve` process, fed by the real `jamjet sim` process over
// the stream; everything is then checked through Prometheus's own HTTP API against the sim's own counts
// (GET /sim/stats). Prometheus is a test dependency (npm test installs it: scripts/ensure-test-tools.mjs): when it
// is missing this test fails, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  E2E_WAIT_MS, E2E_SUITE_MS,
  freePort, killAll, spawnProcess, startServeProcess, startSimProcess, waitFor, waitForSimDone,
  type ServeProcess, type SimProcess, type SimStatsBody, type Spawned,
} from '../helpers/e2e-process.js';

const EXECUTIONS = 40;
const TERMINAL = ['completed', 'failed', 'cancelled', 'limit_exceeded'];
const P99 = 'histogram_quantile(0.99, rate(jamjet_execution_duration_ms_bucket[5m]))';
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = new Set(['__name__', 'instance', 'job']);

/** `series` is the name to list series by; ALERTS has none until the alert engine fires (a later issue). */
const CONTRACT: ReadonlyArray<{ name: string; type: string; labels: string[]; series?: string }> = [
  { name: 'jamjet_executions_total', type: 'counter', labels: ['status', 'workflow_id'], series: 'jamjet_executions_total' },
  { name: 'jamjet_execution_duration_ms', type: 'histogram', labels: ['status', 'workflow_id'], series: 'jamjet_execution_duration_ms_count' },
  { name: 'jamjet_node_duration_ms', type: 'histogram', labels: ['node_kind'], series: 'jamjet_node_duration_ms_count' },
  { name: 'jamjet_queue_depth', type: 'gauge', labels: [], series: 'jamjet_queue_depth' },
  { name: 'jamjet_model_tokens_total', type: 'counter', labels: ['direction', 'model'], series: 'jamjet_model_tokens_total' },
  { name: 'jamjet_model_cost_usd_total', type: 'counter', labels: ['model'], series: 'jamjet_model_cost_usd_total' },
  { name: 'ALERTS', type: 'gauge', labels: ['alertname', 'alertstate'] },
];

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

function requireBinary(name: string): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    assert.fail(`${name} is not installed (needed by the Prometheus end-to-end test): run node scripts/ensure-test-tools.mjs (it installs prometheus or prints the command)`);
  }
}

/** Sum of jamjet_executions_total in one scrape of the serve process. */
async function executionsEnded(serve: ServeProcess): Promise<number> {
  const text = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^jamjet_executions_total\{[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

describe('a real Prometheus scraping jamjet serve fed by jamjet sim', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let prometheus: Spawned | undefined;
  let promUrl = '';
  let sim: SimProcess;
  let serve: ServeProcess;
  let stats: SimStatsBody;

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
    dir = mkdtempSync(join(tmpdir(), 'jamjet-prom-'));
    const [promPort, servePort] = [await freePort(), await freePort()];
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', '  evaluation_interval: 1s',
      'scrape_configs:', '  - job_name: jamjet', '    scrape_interval: 1s', '    scrape_timeout: 900ms',
      '    static_configs:', `      - targets: ['127.0.0.1:${servePort}']`, '',
    ].join('\n'));
    prometheus = spawnProcess('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn',
    ]);
    await waitFor(() => `prometheus to be ready: ${prometheus!.describe()}`, E2E_WAIT_MS, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
    // Prometheus syncs targets a few seconds after start: start the workload only once it is scraping
    // the (not yet bound) serve port every second, so the run spans several scrapes.
    await waitFor('the first scrape attempt', E2E_WAIT_MS, async () => ((await query('up{job="jamjet"}')).result.length === 1 ? true : undefined));

    // Speed 8: the run takes several seconds, so rate() over the histograms sees it grow.
    sim = await startSimProcess(['--seed', '7', '--executions', String(EXECUTIONS), '--speed', '8', '--rate', '5']);
    serve = await startServeProcess(['--url', sim.wsUrl, '--db', ':memory:', '--metrics-port', String(servePort)]);
    stats = await waitForSimDone(sim, EXECUTIONS, E2E_WAIT_MS);
    const ended = TERMINAL.reduce((n, st) => n + (stats.executionsByStatus[st] ?? 0), 0);
    await waitFor(`serve to count ${ended} ended executions`, E2E_WAIT_MS, async () => ((await executionsEnded(serve)) >= ended ? true : undefined));
    const doneAt = Date.now() / 1000;
    // Two scrapes after the end, so every series has at least two samples and the last one is final.
    await waitFor('prometheus to scrape twice after the run', E2E_WAIT_MS, async () => {
      const r = await query('timestamp(up{job="jamjet"} == 1)');
      return r.result.length === 1 && Number(r.result[0]!.value[1]) > doneAt + 1.2 ? true : undefined;
    });
  });

  after(async () => {
    if (prometheus) await prometheus.stop('SIGTERM');
    await killAll();
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
      const series = await api<Array<Record<string, string>>>('series', { 'match[]': m.series ?? m.name });
      if (m.series) assert.ok(series.length > 0, `no series for ${m.series}`);
      for (const s of series) {
        const own = Object.keys(s).filter((k) => !TARGET_LABELS.has(k)).sort();
        // An alert's series add the alert's own labels to alertname and alertstate.
        if (m.series) assert.deepEqual(own, m.labels, `labels of ${m.series}`);
        else for (const l of m.labels) assert.ok(own.includes(l), `${m.name} without ${l}`);
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

  test('node attempts by kind cover every attempt the sim completed or failed, and only its kinds', async () => {
    const r = await query('sum by (node_kind) (jamjet_node_duration_ms_count)');
    const got: Record<string, number> = {};
    for (const v of r.result) got[v.metric.node_kind!] = Number(v.value[1]);
    assert.deepEqual(Object.keys(got).sort(), Object.keys(stats.nodeAttemptsByKind).sort());
    // The model also ends attempts cut short by a cancel or parked on a 429, which the sim does not count.
    for (const [kind, n] of Object.entries(stats.nodeAttemptsByKind)) assert.ok((got[kind] ?? 0) >= n, `${kind}: ${got[kind]} < ${n}`);
  });

  test('events ingested equal the events the sim emitted, none rejected', async () => {
    const ingested = await query('sum(jamjet_top_events_ingested_total)');
    assert.equal(Number(ingested.result[0]?.value[1]), stats.eventsEmitted);
    const rejected = await query('sum(jamjet_top_events_rejected_total) or vector(0)');
    assert.equal(Number(rejected.result[0]?.value[1]), 0);
  });

  test('promtool parses a scrape; its only lint findings are the contract\'s _ms metric names', async () => {
    const body = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    const findings = `${check.stdout}${check.stderr}`.split('\n').filter((l) => l.trim() !== '');
    // promtool 2.42 cannot switch lint rules off; the contract fixes `_duration_ms` (JamJet's own names).
    const allowed = /^jamjet_(execution|node)_duration_ms metric names should not contain abbreviated units$/;
    const other = findings.filter((l) => !allowed.test(l));
    assert.deepEqual(other, [], 'unexpected promtool findings');
    assert.ok(check.status === 0 || (check.status === 3 && findings.length > 0), `promtool exit ${check.status}`);
  });

  test('serve and sim stop on SIGTERM with exit 0', async () => {
    const exits = await Promise.all([serve.proc.stop('SIGTERM'), sim.proc.stop('SIGTERM')]);
    assert.deepEqual(exits, [{ code: 0, signal: null }, { code: 0, signal: null }], `${serve.proc.describe()}\n${sim.proc.describe()}`);
  });
});
