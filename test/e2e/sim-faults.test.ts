// `jamjet sim`'s fault-injection flags, end to end: serve reads a stream that drops its connection,
// sends malformed frames and duplicates; every event is still stored exactly once, and the damage is
// counted where a user can see it (/healthz reconnects and rejections, jamjet_top_* metrics).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_WAIT_MS, getJson, killAll, runCli, startServeProcess, startSimProcess, waitFor, waitForSimDone } from '../helpers/e2e-process.js';

interface Health { sources: { reconnects: number; rejected: number; events: number }[] }

describe('jamjet sim fault injection', () => {
  after(killAll);

  test('dropped connections, malformed frames and duplicates lose and double nothing, and are counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-faults-'));
    try {
      const sim = await startSimProcess(['--seed', '3', '--rate', '4', '--executions', '6', '--speed', '20',
        '--drop-every', '45', '--malformed-every', '20', '--duplicate-every', '15']);
      // Its own line, after the one startSimProcess waits for: it can arrive in a later chunk.
      await sim.proc.waitForOutput('stdout', /injecting faults: dropEveryEvents=45, malformedEvery=20, duplicateEvery=15/);
      const db = join(dir, 'top.db');
      const serve = await startServeProcess(['--url', sim.wsUrl, '--db', db, '--metrics-port', '0']);
      const stats = await waitForSimDone(sim, 6, E2E_WAIT_MS);
      const stored = await waitFor('every emitted event to be stored', E2E_WAIT_MS, async () => {
        const p = await runCli(['inspect', '--db', db, '--json', '--limit', '1000']);
        const rows = (JSON.parse(p.stdout) as { executions: { event_count: number }[] }).executions;
        const n = rows.reduce((a, r) => a + r.event_count, 0);
        return n >= stats.eventsEmitted ? n : undefined;
      });
      assert.equal(stored, stats.eventsEmitted);
      const health = await getJson<Health>(`${serve.metricsUrl}/healthz`);
      assert.ok(health.sources[0]!.reconnects >= 1, `reconnects ${health.sources[0]!.reconnects}`);
      assert.ok(health.sources[0]!.rejected >= 1, `rejected ${health.sources[0]!.rejected}`);
      const metrics = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
      const duplicates = Number(/^jamjet_top_events_duplicate_total (\d+)/m.exec(metrics)?.[1]);
      assert.ok(duplicates >= 1, `duplicates ${duplicates}`);
      const completed = Number(/^jamjet_executions_total\{[^}]*status="completed"[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
      assert.ok(completed <= (stats.executionsByStatus.completed ?? 0), 'no execution counted twice');
      assert.equal((await serve.proc.stop('SIGTERM')).code, 0);
      await sim.proc.stop('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
