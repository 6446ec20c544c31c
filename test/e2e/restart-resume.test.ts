// A restart of `jamjet serve` resumes from the store: every event the sim emitted ends up stored once,
// and the second run is delivered only what the first had not stored (it resumed from the stored cursor,
// not from the start). Checked for the websocket stream and the REST poller, after SIGTERM and SIGKILL.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  E2E_WAIT_MS,
  getJson, killAll, runCli, startServeProcess, startSimProcess, waitFor, waitForSimDone, type SimProcess,
} from '../helpers/e2e-process.js';

interface ListedExecution { execution_id: string; status: string; event_count: number }

async function storedExecutions(db: string): Promise<ListedExecution[]> {
  const p = await runCli(['inspect', '--db', db, '--json', '--limit', '10000']);
  assert.equal(p.exit.code, 0, p.describe());
  return (JSON.parse(p.stdout) as { executions: ListedExecution[] }).executions;
}

const storedEvents = (rows: readonly ListedExecution[]): number => rows.reduce((n, r) => n + r.event_count, 0);

async function ingestedBy(metricsUrl: string): Promise<number> {
  const body = await (await fetch(`${metricsUrl}/metrics`)).text();
  let total = 0;
  for (const m of body.matchAll(/^jamjet_top_events_ingested_total\{[^}]*\} (\d+)/gm)) total += Number(m[1]);
  return total;
}

async function restartScenario(kind: 'ws' | 'http', signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-restart-'));
  try {
    const db = join(dir, 'top.db');
    const sim: SimProcess = await startSimProcess(['--seed', '9', '--rate', '4', '--executions', '16', '--speed', '20']);
    const url = kind === 'ws' ? sim.wsUrl : sim.httpUrl;
    const args = ['--url', url, '--db', db, '--metrics-port', '0'];

    const first = await startServeProcess(args);
    await waitFor('the first run to store a few executions', E2E_WAIT_MS, async () => ((await storedExecutions(db)).length >= 3 ? true : undefined));
    const exit = await first.proc.stop(signal);
    if (signal === 'SIGTERM') assert.equal(exit.code, 0, first.proc.describe());
    const before = storedEvents(await storedExecutions(db));
    assert.ok(before > 0);

    const second = await startServeProcess(args);
    const stats = await waitForSimDone(sim, 16, E2E_WAIT_MS);
    const simExecutions = (await getJson<{ executions: { execution_id: string }[] }>(`${sim.httpUrl}/executions?limit=1000`)).executions;
    const rows = await waitFor('the store to hold every event the sim emitted', E2E_WAIT_MS, async () => {
      const r = await storedExecutions(db);
      return storedEvents(r) >= stats.eventsEmitted ? r : undefined;
    });
    // Stored once each: the totals match exactly, execution by execution.
    assert.equal(storedEvents(rows), stats.eventsEmitted);
    assert.equal(rows.length, simExecutions.length);
    // Resumed, not restarted: the second run was delivered exactly what the first had not stored.
    await waitFor('the second run to report what it ingested', E2E_WAIT_MS, async () =>
      (await ingestedBy(second.metricsUrl)) === stats.eventsEmitted - before ? true : undefined);
    assert.equal((await second.proc.stop('SIGTERM')).code, 0, second.proc.describe());
    await sim.proc.stop('SIGTERM');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('serve restarted on the same store', () => {
  after(killAll);
  test('websocket source: after SIGTERM it resumes from the stored cursor, losing and doubling nothing', () => restartScenario('ws', 'SIGTERM'));
  test('websocket source: after SIGKILL mid-ingest it resumes from the last committed cursor', () => restartScenario('ws', 'SIGKILL'));
  test('REST poller: after SIGTERM it fetches only what was not stored', () => restartScenario('http', 'SIGTERM'));
  test('REST poller: after SIGKILL mid-ingest nothing is lost or stored twice', () => restartScenario('http', 'SIGKILL'));
});
