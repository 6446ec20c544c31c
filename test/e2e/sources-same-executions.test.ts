// The "Show it": one `jamjet sim`, read by two `jamjet serve` processes, one polling its REST
// routes and one on the stream; once the sim has finished, both stores hold the same executions with the
// same statuses, which are also the sim's own (GET /executions).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  E2E_WAIT_MS, E2E_SUITE_MS,
  getJson, killAll, runCli, startServeProcess, startSimProcess, waitFor, waitForSimDone,
  type ServeProcess, type SimProcess, type SimStatsBody,
} from '../helpers/e2e-process.js';

const EXECUTIONS = 6;

interface Listed { execution_id: string; status: string }

async function storedStatuses(db: string): Promise<Record<string, string>> {
  const p = await runCli(['inspect', '--json', '--db', db, '--limit', '100']);
  assert.equal(p.exit.code, 0, p.describe());
  const rows = (JSON.parse(p.stdout) as { executions: Listed[] }).executions;
  return Object.fromEntries(rows.map((r) => [r.execution_id, r.status]).sort());
}

/** How many executions a serve process has seen end, from its /metrics. */
async function endedIn(serve: ServeProcess): Promise<number> {
  const text = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^jamjet_executions_total\{[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

describe('the REST poller and the stream see the same executions of one sim', { timeout: E2E_SUITE_MS }, () => {
  let dir = '';
  let sim: SimProcess;
  let rest: ServeProcess;
  let ws: ServeProcess;
  let stats: SimStatsBody;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jamjet-e2e-same-'));
    sim = await startSimProcess(['--seed', '5', '--rate', '5', '--executions', String(EXECUTIONS), '--speed', '20']);
    [rest, ws] = await Promise.all([
      startServeProcess(['--url', `http://127.0.0.1:${sim.port}`, '--db', join(dir, 'rest.db'), '--metrics-port', '0']),
      startServeProcess(['--url', `ws://127.0.0.1:${sim.port}/v1/events`, '--db', join(dir, 'ws.db'), '--metrics-port', '0']),
    ]);
    stats = await waitForSimDone(sim, EXECUTIONS);
    const ended = stats.executionsStarted - stats.executionsByStatus.running!;
    for (const serve of [rest, ws]) {
      await waitFor(`${serve.proc.label} to see ${ended} executions end`, E2E_WAIT_MS, async () => ((await endedIn(serve)) >= ended ? true : undefined));
    }
  });

  after(async () => {
    await killAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('both serve processes stop on SIGTERM with exit 0', async () => {
    const exits = await Promise.all([rest.proc.stop('SIGTERM'), ws.proc.stop('SIGTERM')]);
    assert.deepEqual(exits, [{ code: 0, signal: null }, { code: 0, signal: null }], `${rest.proc.describe()}\n${ws.proc.describe()}`);
  });

  test('both stores hold identical execution ids and statuses, the sim\'s own', async () => {
    const fromRest = await storedStatuses(join(dir, 'rest.db'));
    const fromWs = await storedStatuses(join(dir, 'ws.db'));
    assert.equal(Object.keys(fromRest).length, stats.executionsStarted);
    assert.deepEqual(fromRest, fromWs);
    const listed = await getJson<{ executions: Array<{ execution_id: string; status: string }> }>(`${sim.httpUrl}/executions?limit=100`);
    const fromSim = Object.fromEntries(listed.executions.map((e) => [`exec_${e.execution_id.replaceAll('-', '')}`, e.status]).sort());
    assert.deepEqual(fromWs, fromSim);
    // Seed 5 ends one execution failed: the comparison covers more than one status.
    assert.ok(new Set(Object.values(fromWs)).size >= 2, JSON.stringify(fromWs));
  });

  test('the sim stops on SIGTERM with exit 0', async () => {
    assert.deepEqual(await sim.proc.stop('SIGTERM'), { code: 0, signal: null }, sim.proc.describe());
  });
});
