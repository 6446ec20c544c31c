// A real Prometheus scrapes a real `jamjet serve --web-config`: the job with basic_auth and the job with a
// bearer token are up and store jamjet's series; the job with no credentials is down with a 401. Prometheus is
// a test dependency (scripts/ensure-test-tools.mjs installs it): when it is missing this test fails, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { tempDir } from '../helpers/cmd-io.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { E2E_SUITE_MS, E2E_WAIT_MS, freePort, killAll, spawnCli, spawnProcess, waitFor, type Spawned } from '../helpers/e2e-process.js';

const PASSWORD = 'scrape-pw-41c9';
const TOKEN = 'scrape-token-0b7e';

interface Target { labels: { job: string }; health: string; lastError: string }

describe('a real Prometheus scraping jamjet serve --web-config', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-prom-auth-');
  let prometheus: Spawned | undefined;
  let promUrl = '';

  async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${promUrl}/api/v1/${path}?${new URLSearchParams(params)}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  }
  const targets = async (): Promise<Map<string, Target>> =>
    new Map((await api<{ activeTargets: Target[] }>('targets', { state: 'active' })).activeTargets.map((t) => [t.labels.job, t]));

  before(async () => {
    const probe = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) assert.fail('prometheus is not installed: run node scripts/ensure-test-tools.mjs');
    const [promPort, servePort] = [await freePort(), await freePort()];
    promUrl = `http://127.0.0.1:${promPort}`;
    writeFileSync(join(tmp.dir, 'token'), `${TOKEN}\n`);
    writeFileSync(join(tmp.dir, 'web.yml'), `basic_auth_users:\n  prometheus: ${bcrypt.hashSync(PASSWORD, 10)}\nbearer_token_file: token\n`);
    const job = (name: string, auth: string[]) => [
      `  - job_name: ${name}`, '    scrape_interval: 1s', '    scrape_timeout: 900ms', ...auth,
      '    static_configs:', `      - targets: ['127.0.0.1:${servePort}']`,
    ];
    writeFileSync(join(tmp.dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', 'scrape_configs:',
      ...job('with-basic', ['    basic_auth:', '      username: prometheus', `      password: ${PASSWORD}`]),
      ...job('with-bearer', ['    authorization:', '      type: Bearer', `      credentials: ${TOKEN}`]),
      ...job('no-auth', []),
      '',
    ].join('\n'));
    prometheus = spawnProcess('prometheus', [
      `--config.file=${join(tmp.dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(tmp.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn',
    ]);
    await waitFor(() => `prometheus to be ready: ${prometheus!.describe()}`, E2E_WAIT_MS, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
    const serve = spawnCli(['serve', '--db', ':memory:', '--metrics-port', String(servePort), '--web-config', join(tmp.dir, 'web.yml')], { env: cleanEnv() });
    await serve.waitForOutput('stdout', /serve_started/);
    let seen = new Map<string, Target>();
    await waitFor(() => `each job scraped once since serve started: ${JSON.stringify([...seen.values()])}`, E2E_WAIT_MS, async () => {
      const t = (seen = await targets());
      return t.get('with-basic')?.health === 'up' && t.get('with-bearer')?.health === 'up' && t.get('no-auth')?.health === 'down' ? true : undefined;
    });
  });

  after(async () => {
    if (prometheus) await prometheus.stop('SIGTERM');
    await killAll();
    tmp.remove();
  });

  test('the jobs with basic_auth and with a bearer token are up; the one without credentials is down with a 401', async () => {
    const t = await targets();
    assert.equal(t.get('with-basic')?.lastError, '');
    assert.equal(t.get('with-bearer')?.lastError, '');
    assert.match(t.get('no-auth')?.lastError ?? '', /401 Unauthorized/);
  });

  test('what the authenticated jobs scraped is jamjet\'s series; the unauthenticated job stored none', async () => {
    await waitFor('jamjet_queue_depth from both authenticated jobs', E2E_WAIT_MS, async () =>
      (await api<{ result: unknown[] }>('query', { query: 'jamjet_queue_depth' })).result.length === 2 ? true : undefined,
    );
    const byJob = await api<{ result: Array<{ metric: { job: string } }> }>('query', { query: 'count by (job) ({__name__=~"jamjet_.*"})' });
    assert.deepEqual(byJob.result.map((r) => r.metric.job).sort(), ['with-basic', 'with-bearer']);
  });
});
