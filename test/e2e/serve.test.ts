// `jamjet serve` as a real process fed by a real `jamjet sim`: /metrics and /healthz answer, the token
// never leaks, SIGINT and SIGTERM flush the store and exit 0, and bad set-ups exit 2 with a precise message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  E2E_WAIT_MS, E2E_SUITE_MS,
  getJson, killAll, runCli, startServeProcess, startSimProcess, waitFor, waitForSimDone,
  type ServeProcess, type SimProcess, type SimStatsBody,
} from '../helpers/e2e-process.js';

const TOKEN = 'tok-e2e-5ecret-9f3a71';
const EXECUTIONS = 4;
const TERMINAL = ['completed', 'failed', 'cancelled', 'limit_exceeded'];

interface Health {
  status: string;
  sources: Array<{ url: string; connected: boolean; state: string; events: number; message?: string }>;
}
interface Listed { execution_id: string; status: string; event_count: number }

async function stored(db: string): Promise<Listed[]> {
  const p = await runCli(['inspect', '--db', db, '--json', '--limit', '1000']);
  assert.equal(p.exit.code, 0, p.describe());
  return (JSON.parse(p.stdout) as { executions: Listed[] }).executions;
}

function countByStatus(rows: readonly Listed[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

function simTerminalCounts(stats: SimStatsBody): Record<string, number> {
  const out: Record<string, number> = {};
  for (const st of TERMINAL) if ((stats.executionsByStatus[st] ?? 0) > 0) out[st] = stats.executionsByStatus[st]!;
  return out;
}

describe('jamjet serve fed by a jamjet sim that requires a token', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let sim: SimProcess;
  let overWs: ServeProcess;
  let overRest: ServeProcess;
  let stats: SimStatsBody;
  const seen: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-serve-'));
    sim = await startSimProcess(['--seed', '3', '--rate', '8', '--executions', String(EXECUTIONS), '--speed', '25', '--token', TOKEN]);
    [overWs, overRest] = await Promise.all([
      startServeProcess(['--url', sim.wsUrl, '--token', TOKEN, '--db', join(dir, 'ws.db'), '--metrics-port', '0']),
      startServeProcess(['--url', sim.httpUrl, '--token', TOKEN, '--db', join(dir, 'rest.db'), '--metrics-port', '0']),
    ]);
    stats = await waitForSimDone(sim, EXECUTIONS, E2E_WAIT_MS, TOKEN);
  });

  after(async () => {
    await killAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('/healthz reports each source connected, by a url without the token', async () => {
    for (const serve of [overWs, overRest]) {
      const body = await waitFor('a connected source with events', E2E_WAIT_MS, async () => {
        const h = await getJson<Health>(`${serve.metricsUrl}/healthz`);
        return h.sources.length === 1 && h.sources[0]!.connected && h.sources[0]!.events > 0 ? h : undefined;
      });
      assert.equal(body.status, 'ok');
      assert.ok(body.sources[0]!.url.startsWith('ws://127.0.0.1:') || body.sources[0]!.url.startsWith('http://127.0.0.1:'), body.sources[0]!.url);
      seen.push(JSON.stringify(body));
    }
  });

  test('/metrics counts every execution the sim ended, by status', async () => {
    const want = simTerminalCounts(stats);
    for (const serve of [overWs, overRest]) {
      let last = '';
      const got = await waitFor(() => `${serve.proc.label}: executions_total to reach ${JSON.stringify(want)} (last ${last})`, E2E_WAIT_MS, async () => {
        const text = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
        last = text.split('\n').filter((l) => l.startsWith('jamjet_executions_total') || l.startsWith('jamjet_top_')).join('\n');
        const counts: Record<string, number> = {};
        for (const m of text.matchAll(/^jamjet_executions_total\{[^}]*status="([a-z_]+)"[^}]*\} (\d+)/gm)) counts[m[1]!] = (counts[m[1]!] ?? 0) + Number(m[2]);
        seen.push(text);
        // Compared by value: the exposition lists statuses in first-seen order, not the order of `want`.
        return isDeepStrictEqual(counts, want) ? counts : undefined;
      });
      assert.deepEqual(got, want);
    }
  });

  test('SIGINT (websocket) and SIGTERM (REST) each exit 0 after flushing every event to the store', async () => {
    const [wsExit, restExit] = await Promise.all([overWs.proc.stop('SIGINT'), overRest.proc.stop('SIGTERM')]);
    assert.deepEqual(wsExit, { code: 0, signal: null }, overWs.proc.describe());
    assert.deepEqual(restExit, { code: 0, signal: null }, overRest.proc.describe());
    for (const db of ['ws.db', 'rest.db']) {
      const rows = await stored(join(dir, db));
      assert.equal(rows.length, stats.executionsStarted, `${db}: executions stored`);
      assert.deepEqual(countByStatus(rows), simTerminalCounts(stats), `${db}: statuses`);
      assert.equal(rows.reduce((n, r) => n + r.event_count, 0), stats.eventsEmitted, `${db}: events stored`);
    }
  });

  test('the token appears in no output, no /healthz and no /metrics', () => {
    assert.ok(seen.length >= 4, 'the earlier tests captured the bodies');
    for (const p of [overWs.proc, overRest.proc, sim.proc]) {
      assert.ok(!p.stdout.includes(TOKEN) && !p.stderr.includes(TOKEN), `token printed by ${p.label.replace(TOKEN, '<token>')}`);
    }
    for (const body of seen) assert.ok(!body.includes(TOKEN), 'token served over HTTP');
  });
});

describe('jamjet serve with a wrong token', { timeout: E2E_SUITE_MS }, () => {
  after(killAll);

  test('keeps running and reports the source not connected with the 401 message', async () => {
    const sim = await startSimProcess(['--seed', '1', '--executions', '1', '--token', TOKEN]);
    const serve = await startServeProcess(['--url', sim.wsUrl, '--token', 'not-the-token', '--db', ':memory:', '--metrics-port', '0']);
    const health = await waitFor('a 401 in /healthz', E2E_WAIT_MS, async () => {
      const h = await getJson<Health>(`${serve.metricsUrl}/healthz`);
      return h.sources[0]?.message?.includes('401') ? h : undefined;
    });
    assert.equal(health.status, 'degraded');
    assert.equal(health.sources[0]!.connected, false);
    assert.equal(serve.proc.exit, undefined, 'serve exited on a 401');
    assert.deepEqual(await serve.proc.stop('SIGTERM'), { code: 0, signal: null }, serve.proc.describe());
  });
});

describe('jamjet serve set-up errors exit 2', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let busy: Server | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-serve-bad-'));
  });

  after(async () => {
    await killAll();
    if (busy) await new Promise((resolve) => busy!.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a busy metrics port: exit 2 naming 127.0.0.1:<port>', async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy!.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const p = await runCli(['serve', '--db', ':memory:', '--metrics-port', String(port)]);
    assert.equal(p.exit.code, 2, p.describe());
    assert.match(p.stderr, new RegExp(`127\\.0\\.0\\.1:${port}\\b`));
  });

  test('a config value of the wrong type: exit 2 with file:line:col', async () => {
    const file = join(dir, 'jamjet.toml');
    writeFileSync(file, '[telemetry.prometheus]\nport = "abc"\n');
    const p = await runCli(['serve', '--db', ':memory:', '--config', file]);
    assert.equal(p.exit.code, 2, p.describe());
    assert.ok(p.stderr.includes(`${file}:2:`), p.describe());
    assert.match(p.stderr, /:2:\d+/);
  });

  test('an unknown flag: exit 2 naming it', async () => {
    const p = await runCli(['serve', '--db', ':memory:', '--no-such-flag']);
    assert.equal(p.exit.code, 2, p.describe());
    assert.match(p.stderr, /no-such-flag/);
  });
});
