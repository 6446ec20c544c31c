// The demo runtime is new on every run: `top` and `serve` on it keep nothing unless --db is given.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_SUITE_MS, E2E_WAIT_MS, getJson, killAll, runCli, spawnCli, waitFor } from '../helpers/e2e-process.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { tempDir } from '../helpers/cmd-io.js';

interface Listed { execution_id: string; status: string; source: string; stale: boolean }

async function listed(cwd: string, db: string): Promise<Listed[]> {
  const p = await runCli(['inspect', '--db', db, '--json', '--limit', '1000'], E2E_WAIT_MS, { cwd, env: cleanEnv() });
  assert.equal(p.exit.code, 0, p.describe());
  return (JSON.parse(p.stdout) as { executions: Listed[] }).executions;
}

describe('a demo run and the store', { timeout: E2E_SUITE_MS }, () => {
  after(() => killAll());

  for (const command of ['serve', 'top'] as const) {
    test(`${command} --demo writes no .jamjet/top.db under the working directory`, async (t) => {
      const tmp = tempDir('jamjet-demo-');
      t.after(tmp.remove);
      const p = spawnCli([command, '--demo', '--metrics-port', '0'], { cwd: tmp.dir, env: cleanEnv() });
      // serve logs where it reads on stdout; top, piped, prints a block with the demo's executions.
      if (command === 'serve') await p.waitForOutput('stdout', /serve_started reading demo runtime/);
      else await p.waitForOutput('stdout', /DEMO.*\n.*EXECUTION[^\n]*\n\s+\S+ exec_/);
      const exit = await p.stop('SIGTERM');
      assert.equal(exit.code, 0, p.describe());
      assert.equal(existsSync(join(tmp.dir, '.jamjet')), false, 'a demo run created .jamjet/');
    });
  }

  test('serve --demo --db FILE honours the explicit store', async (t) => {
    const tmp = tempDir('jamjet-demo-');
    t.after(tmp.remove);
    const db = join(tmp.dir, 'demo.db');
    const p = spawnCli(['serve', '--demo', '--db', db, '--metrics-port', '0'], { cwd: tmp.dir, env: cleanEnv() });
    const m = await p.waitForOutput('stdout', /serve_started reading demo runtime.*; metrics at (http:\/\/[^/]+)\/metrics/);
    await waitFor('the demo source to deliver events', E2E_WAIT_MS, async () => {
      const health = await getJson<{ sources: { events: number }[] }>(`${m[1]!}/healthz`);
      return health.sources.some((s) => s.events > 0) ? true : undefined;
    });
    const exit = await p.stop('SIGTERM');
    assert.equal(exit.code, 0, p.describe());
    assert.equal(existsSync(join(tmp.dir, '.jamjet')), false);
    const rows = await listed(tmp.dir, db);
    assert.ok(rows.length > 0, 'the demo history was stored');
    // Its leftovers never finish: once the run is over they are stale, never running with a growing age.
    const open = rows.filter((r) => r.status === 'running' || r.status === 'paused');
    assert.ok(open.length > 0, 'the demo had executions running when it stopped');
    assert.ok(open.every((r) => r.stale), 'every unfinished demo execution is stale');
    assert.ok(rows.every((r) => /^demo@\d{4}-\d{2}-\d{2}T/.test(r.source)), 'stored under this run\'s own key');

    // A second demo run on the same store is a new runtime: its heartbeat does not vouch for the first run's leftovers.
    const again = spawnCli(['serve', '--demo', '--db', db, '--metrics-port', '0'], { cwd: tmp.dir, env: cleanEnv() });
    const m2 = await again.waitForOutput('stdout', /serve_started reading demo runtime.*; metrics at (http:\/\/[^/]+)\/metrics/);
    await waitFor('the second demo run to store events', E2E_WAIT_MS, async () => {
      const now = await listed(tmp.dir, db);
      return now.some((r) => r.source !== open[0]!.source && (r.status === 'running' || r.status === 'paused')) ? true : undefined;
    });
    const during = await listed(tmp.dir, db);
    assert.ok(await getJson(`${m2[1]!}/healthz`));
    for (const r of during.filter((x) => x.source === open[0]!.source && (x.status === 'running' || x.status === 'paused'))) {
      assert.equal(r.stale, true, `${r.execution_id} of the first run`);
    }
    assert.ok(during.some((r) => r.source !== open[0]!.source && r.status === 'running' && !r.stale), 'the second run\'s own executions are live');
    assert.equal((await again.stop('SIGTERM')).code, 0, again.describe());
  });
});
