// Secrets given to real processes never come back out: the token (--token and JAMJET_TOKEN), OTLP header values
// (OTEL_EXPORTER_OTLP_HEADERS and [telemetry.otlp] headers) and credentials inside URLs (a source's user:password
// and ?token=, the OTLP endpoint's) appear in no log line, no HTTP answer (/healthz, /metrics, the APIs, a 404),
// no error message, no byte of the store, and nothing top prints. Each run also proves it did what the secret
// was for (events flowed with the token, the refused source and the failing export were reported).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cmd-io.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { E2E_SUITE_MS, freePort, killAll, runCli, spawnCli, startSimProcess, E2E_WAIT_MS, type SimProcess } from '../helpers/e2e-process.js';

const TOKEN = 'tok-SECRET-5f1e2d';
const SECRETS = {
  token: TOKEN,
  envHeader: 'hdr-SECRET-env-77a1',
  fileHeader: 'hdr-SECRET-file-03bc',
  urlPassword: 'pw-SECRET-url-91aa',
  urlQueryToken: 'q-SECRET-query-4e4e',
  otlpPassword: 'otp-SECRET-endpoint-2c2c',
  wrongToken: 'wrong-SECRET-token-8d8d',
} as const;

/** Fails naming the secret (by its key, never its value) when `text` holds any of them. */
function assertNoSecret(text: string, where: string): void {
  for (const [name, value] of Object.entries(SECRETS)) assert.ok(!text.includes(value), `${name} found in ${where}`);
  assert.ok(!text.includes('SECRET'), `something secret-looking found in ${where}`);
}

describe('secrets never appear in logs, HTTP answers, errors, the store or the screen', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-e2e-secrets-');
  let sim: SimProcess;
  let refusedUrl = '';
  let config = '';
  const otlpEnv = { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${SECRETS.envHeader}` };

  before(async () => {
    sim = await startSimProcess(['--seed', '5', '--rate', '20', '--executions', '6', '--speed', '25', '--token', TOKEN]);
    const closed = await freePort();
    refusedUrl = `http://admin:${SECRETS.urlPassword}@127.0.0.1:${closed}/api?token=${SECRETS.urlQueryToken}`;
    const otlpPort = await freePort();
    config = join(tmp.dir, 'jamjet.toml');
    writeFileSync(config, [
      '[logging]', 'level = "debug"', 'format = "json"',
      '[telemetry.otlp]', `endpoint = "http://otel:${SECRETS.otlpPassword}@127.0.0.1:${otlpPort}"`, `headers = { "x-api-key" = "${SECRETS.fileHeader}" }`, '',
    ].join('\n'));
  });
  after(async () => {
    await killAll();
    tmp.remove();
  });

  test('serve: logs, /healthz, /metrics, the APIs, a 404 and the store file hold none of them', async () => {
    const db = join(tmp.dir, 'serve.db');
    const p = spawnCli(['serve', '--url', sim.wsUrl, '--url', refusedUrl, '--token', TOKEN, '--db', db, '--metrics-port', '0', '--config', config], {
      env: cleanEnv(otlpEnv),
    });
    const m = await p.waitForOutput('stdout', /metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/);
    // What the secrets were for happened: events came with the token, the refused source and the export failure were said.
    await p.waitForOutput('stdout', /"event":"workflow_completed"/);
    await p.waitForOutput('stdout', /"source":"http:\/\/127\.0\.0\.1:\d+\/api\?token=\*\*\*"[^\n]*connection refused/);
    await p.waitForOutput('stdout', /"event":"otlp_export_failing"/);
    const bodies: string[] = [];
    for (const path of ['/healthz', '/metrics', '/api/v1/alerts', '/api/v1/rules', '/api/v1/query?query=up', '/no-such-path']) {
      const res = await fetch(`${m[1]}${path}`);
      bodies.push(`${path} ${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    }
    assert.match(bodies[0]!, /connection refused/, 'healthz reports the refused source');
    assert.deepEqual(await p.stop('SIGTERM'), { code: 0, signal: null }, p.describe().replaceAll('SECRET', '<secret>'));
    assertNoSecret(p.stdout, 'serve stdout');
    assertNoSecret(p.stderr, 'serve stderr');
    for (const body of bodies) assertNoSecret(body, `HTTP ${body.slice(0, body.indexOf(' '))}`);
    const storeFiles = readdirSync(tmp.dir).filter((f) => f.startsWith('serve.db'));
    assert.ok(storeFiles.length > 0);
    for (const f of storeFiles) assertNoSecret(readFileSync(join(tmp.dir, f)).toString('latin1'), `store file ${f}`);
    const listed = await runCli(['inspect', '--db', db, '--json'], undefined, { env: cleanEnv() });
    assert.ok((JSON.parse(listed.stdout) as { executions: unknown[] }).executions.length > 0, 'the store holds the executions');
  });

  test('top piped, token from JAMJET_TOKEN: the screen and stderr hold none of them', async () => {
    const p = spawnCli(['top', '--url', sim.wsUrl, '--url', refusedUrl, '--db', ':memory:', '--metrics-port', '0', '--config', config], {
      env: cleanEnv({ ...otlpEnv, JAMJET_TOKEN: TOKEN, COLUMNS: '400' }),
    });
    await p.waitForOutput('stdout', /exec_[0-9a-f]{32}/);
    await p.waitForOutput('stdout', /OTLP export to http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(http\/protobuf\) failing/);
    await p.stop('SIGTERM');
    assertNoSecret(p.stdout, 'top stdout');
    assertNoSecret(p.stderr, 'top stderr');
  });

  test('a refused token: the 401 is said, the token is not', async () => {
    const p = await runCli(['follow', 'exec_' + '0'.repeat(32), '--url', sim.httpUrl, '--token', SECRETS.wrongToken, '--connect-timeout', '3'], E2E_WAIT_MS, { env: cleanEnv() });
    assert.equal(p.exit.code, 1);
    assert.match(p.stderr, /401/, p.describe().replaceAll('SECRET', '<secret>'));
    assertNoSecret(p.stdout, 'follow stdout');
    assertNoSecret(p.stderr, 'follow stderr');
    const bad = await runCli(['serve', '--url', sim.wsUrl, '--token', `${SECRETS.wrongToken}\nx`, '--db', ':memory:', '--no-metrics'], E2E_WAIT_MS, { env: cleanEnv() });
    assert.equal(bad.exit.code, 2, 'a token with a line break is a configuration error');
    assertNoSecret(bad.stdout + bad.stderr, 'the configuration error');
  });
});
