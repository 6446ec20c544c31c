// Reloading rule files in a running `jamjet serve`, as Prometheus does: POST /-/reload and SIGHUP read the
// files again; an alert of an unchanged rule keeps its state; a file that no longer loads leaves the
// running rules in place and says why.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_WAIT_MS, E2E_SUITE_MS, killAll, startServeProcess, waitFor, type ServeProcess } from '../helpers/e2e-process.js';

const ALWAYS = '      - alert: Always\n        expr: vector(1) > 0\n        labels:\n          severity: info\n';
const file = (rules: string) => `groups:\n  - name: reload\n    rules:\n${rules}`;

interface Rules {
  data: { groups: { rules: { name: string; alerts?: { activeAt: string; state: string }[] }[] }[] };
}

describe('reloading rules in a running serve', { timeout: E2E_SUITE_MS }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-reload-'));
  const path = join(dir, 'rules.yml');
  let serve: ServeProcess;
  after(async () => {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  });
  const rules = async () => ((await (await fetch(`${serve.metricsUrl}/api/v1/rules`)).json()) as Rules).data.groups.flatMap((g) => g.rules);
  const activeAt = async () => (await rules()).find((r) => r.name === 'Always')?.alerts?.[0]?.activeAt;

  test('POST /-/reload and SIGHUP load new rules, keep alert state, and refuse a broken file', async () => {
    writeFileSync(path, file(ALWAYS));
    serve = await startServeProcess(['--db', ':memory:', '--metrics-port', '0', '--rules', path]);
    const since = await waitFor('Always to be active', E2E_WAIT_MS, activeAt);

    writeFileSync(path, file(`${ALWAYS}      - record: one\n        expr: vector(1)\n`));
    const res = await fetch(`${serve.metricsUrl}/-/reload`, { method: 'POST' });
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual((await rules()).map((r) => r.name), ['Always', 'one']);
    assert.equal(await activeAt(), since, 'the alert of the unchanged rule kept its activeAt');

    writeFileSync(path, file('      - alert: Broken\n        expr: sum(\n'));
    serve.proc.child.kill('SIGHUP');
    await serve.proc.waitForOutput('stdout', /rules not reloaded \(the old ones keep running\): .*rules\.yml:5:\d+: /);
    assert.deepEqual((await rules()).map((r) => r.name), ['Always', 'one'], 'the running rules stayed');
    const refused = await fetch(`${serve.metricsUrl}/-/reload`, { method: 'POST' });
    assert.equal(refused.status, 500);
    assert.match(await refused.text(), /failed to reload config: .*rules\.yml:5:\d+/);

    writeFileSync(path, file('      - record: two\n        expr: vector(2)\n'));
    serve.proc.child.kill('SIGHUP');
    await serve.proc.waitForOutput('stdout', /rules reloaded/);
    assert.deepEqual((await rules()).map((r) => r.name), ['two']);
    assert.equal((await serve.proc.stop('SIGTERM')).code, 0);
  });
});
