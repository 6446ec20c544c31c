// The alert engine held to the real thing: `jamjet sim` feeds `jamjet serve --rules R`, and a real
// Prometheus scrapes that serve every second and evaluates the same rule file every second. Both
// /api/v1/alerts are polled over a run in which alerts go pending, fire and resolve, and compared: the same
// alerts with the same labels, the same state changes within one evaluation (plus one scrape) of each other,
// and, once the workload has ended and the counters stand still, the same annotations and values within 1%.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  E2E_WAIT_MS, E2E_SUITE_MS,
  freePort, killAll, spawnProcess, startServeProcess, startSimProcess, waitFor, waitForSimDone,
  type ServeProcess, type SimProcess, type Spawned,
} from '../helpers/e2e-process.js';

const RULES = fileURLToPath(new URL('../../../test/fixtures/rules/e2e-compare.yml', import.meta.url));
const EXECUTIONS = 30;
const POLL_MS = 250;
/**
 * How far apart the same transition may be: one evaluation interval (1 s) for the evaluation phase, one
 * scrape interval (1 s) for the age of Prometheus's newest sample, and a poll interval either side.
 */
const SKEW_MS = 2_000 + 2 * POLL_MS + 250;
/** After the workload ends: long enough for a 10 s rate window to empty and the resolution to show. */
const SETTLE_MS = 16_000;

interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

/** One alert's identity: its name and sorted labels. */
const keyOf = (a: ApiAlert): string => JSON.stringify(Object.entries(a.labels).sort(([x], [y]) => (x < y ? -1 : 1)));

/** Per alert, when it was first pending, first firing, and last seen (ms, wall clock of the poll). */
interface Timeline {
  pending?: number;
  firing?: number;
  lastSeen: number;
  last: ApiAlert;
}

function record(timelines: Map<string, Timeline>, alerts: readonly ApiAlert[], t: number): void {
  for (const a of alerts) {
    const tl = timelines.get(keyOf(a)) ?? { lastSeen: t, last: a };
    if (a.state === 'pending') tl.pending ??= t;
    if (a.state === 'firing') tl.firing ??= t;
    tl.lastSeen = t;
    tl.last = a;
    timelines.set(keyOf(a), tl);
  }
}

async function alertsOf(base: string): Promise<ApiAlert[]> {
  const body = (await (await fetch(`${base}/api/v1/alerts`)).json()) as { status: string; data: { alerts: ApiAlert[] } };
  assert.equal(body.status, 'success');
  return body.data.alerts;
}

describe('the alert engine against a real Prometheus running the same rules on the same series', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let prometheus: Spawned | undefined;
  let promUrl = '';
  let sim: SimProcess;
  let serve: ServeProcess | undefined;
  const ours = new Map<string, Timeline>();
  const theirs = new Map<string, Timeline>();
  let end: { ours: ApiAlert[]; theirs: ApiAlert[] } = { ours: [], theirs: [] };
  let workloadEndedAt = 0;
  let stoppedAt = 0;
  let servePort = 0;

  before(async () => {
    for (const bin of ['prometheus', 'promtool']) {
      const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
      if (probe.error || probe.status !== 0) assert.fail(`${bin} is not installed: run node scripts/ensure-test-tools.mjs`);
    }
    // The rule file passes Prometheus's own checker, so the comparison is over rules Prometheus accepts.
    const check = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    assert.equal(check.status, 0, `promtool check rules: ${check.stdout}${check.stderr}`);

    dir = mkdtempSync(join(tmpdir(), 'jamjet-alerts-'));
    const promPort = await freePort();
    servePort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', '  evaluation_interval: 1s',
      `rule_files: ['${RULES}']`,
      'scrape_configs:', '  - job_name: jamjet', '    scrape_interval: 1s', '    scrape_timeout: 900ms',
      '    static_configs:', `      - targets: ['127.0.0.1:${servePort}']`,
      // The same series as serve's own: without the target labels, and without serve's own rule output
      // (Prometheus writes its own ALERTS and recorded series).
      '    metric_relabel_configs:',
      '      - action: drop', '        source_labels: [__name__]', "        regex: 'ALERTS|ALERTS_FOR_STATE|workflow:.*'",
      '      - action: labeldrop', "        regex: 'job|instance'", '',
    ].join('\n'));
    prometheus = spawnProcess('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn',
    ]);
    await waitFor(() => `prometheus to be ready: ${prometheus!.describe()}`, E2E_WAIT_MS, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
    await waitFor('prometheus to load the rules', E2E_WAIT_MS, async () => {
      const body = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: unknown[] } };
      return body.data.groups.length === 1 ? true : undefined;
    });

    // Prometheus syncs its targets a few seconds after start: begin only once it tries the (not yet
    // bound) serve port every second, so both sides see the workload from its first event.
    await waitFor('the first scrape attempt', E2E_WAIT_MS, async () => {
      const body = (await (await fetch(`${promUrl}/api/v1/query?query=up`)).json()) as { data: { result: unknown[] } };
      return body.data.result.length === 1 ? true : undefined;
    });
  });

  after(async () => {
    if (prometheus) await prometheus.stop('SIGTERM');
    await killAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('runs a workload through both and records each side\'s alerts every poll', async () => {
    sim = await startSimProcess(['--seed', '11', '--executions', String(EXECUTIONS), '--rate', '3', '--speed', '4']);
    serve = await startServeProcess(['--db', ':memory:', '--metrics-port', String(servePort), '--rules', RULES, '--url', sim.wsUrl]);

    let done = false;
    const poll = (async () => {
      while (!done) {
        const t = Date.now();
        const [a, b] = await Promise.all([alertsOf(serve!.metricsUrl), alertsOf(promUrl)]);
        record(ours, a, t);
        record(theirs, b, t);
        end = { ours: a, theirs: b };
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();
    await waitForSimDone(sim, EXECUTIONS, E2E_WAIT_MS * 2);
    workloadEndedAt = Date.now();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    done = true;
    await poll;
    stoppedAt = Date.now();
    assert.ok(ours.size > 0 && theirs.size > 0, 'both saw alerts');
  });

  test('the same alerts, with the same labels, went active on both', () => {
    assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
    for (const name of ['WorkflowHasFailures', 'ExecutionsEnding', 'ManyExecutionsEnded']) {
      assert.ok([...ours.keys()].some((k) => k.includes(`"${name}"`)), `${name} went active`);
    }
  });

  test('each went pending and fired within one evaluation and scrape of Prometheus', (t) => {
    for (const [key, mine] of ours) {
      const p = theirs.get(key);
      t.diagnostic(`${key}: pending ${(mine.pending ?? NaN) - (p?.pending ?? NaN)} ms, firing ${(mine.firing ?? NaN) - (p?.firing ?? NaN)} ms, last seen ${mine.lastSeen - (p?.lastSeen ?? NaN)} ms (ours - prometheus)`);
    }
    for (const [key, mine] of ours) {
      const prom = theirs.get(key)!;
      for (const phase of ['pending', 'firing'] as const) {
        if (mine[phase] === undefined && prom[phase] === undefined) continue;
        // A 1 s `for` can pass between two polls: an alert seen firing first was pending unseen.
        if (phase === 'pending' && (mine.pending === undefined || prom.pending === undefined)) continue;
        assert.ok(mine[phase] !== undefined && prom[phase] !== undefined, `${key}: ${phase} on one side only (ours ${mine[phase]}, prometheus ${prom[phase]})`);
        assert.ok(Math.abs(mine[phase] - prom[phase]) <= SKEW_MS, `${key}: ${phase} ${mine[phase] - prom[phase]} ms apart`);
      }
    }
  });

  test('what resolved (once executions stopped ending) resolved on both, within the same skew', (t) => {
    for (const [key, tl] of ours) t.diagnostic(`${key}: last seen ${tl.lastSeen - workloadEndedAt} ms after the workload ended; polling stopped ${stoppedAt - workloadEndedAt} ms after`);
    const resolved = [...ours].filter(([, tl]) => tl.lastSeen < stoppedAt - 2 * POLL_MS);
    assert.ok(resolved.some(([k]) => k.includes('"ExecutionsEnding"')), 'ExecutionsEnding resolved once executions stopped ending');
    for (const [key, mine] of resolved) {
      const prom = theirs.get(key)!;
      assert.ok(Math.abs(mine.lastSeen - prom.lastSeen) <= SKEW_MS, `${key}: resolved ${mine.lastSeen - prom.lastSeen} ms apart`);
    }
  });

  test('at rest, the alerts left firing have the same states, annotations and values (within 1%)', () => {
    const byKey = (list: ApiAlert[]) => new Map(list.map((a) => [keyOf(a), a]));
    const mine = byKey(end.ours);
    const prom = byKey(end.theirs);
    assert.deepEqual([...mine.keys()].sort(), [...prom.keys()].sort());
    assert.ok(mine.size > 0, 'some alerts stay firing at rest');
    for (const [key, a] of mine) {
      const b = prom.get(key)!;
      assert.equal(a.state, b.state, `${key}: state`);
      assert.deepEqual(a.annotations, b.annotations, `${key}: annotations`);
      const [x, y] = [Number(a.value), Number(b.value)];
      assert.ok(Math.abs(x - y) <= 0.01 * Math.max(Math.abs(x), Math.abs(y)), `${key}: value ${x} vs ${y}`);
    }
  });
});
