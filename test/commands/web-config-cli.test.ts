// --web-config and --metrics-host on real `top` and `serve` processes: a bad web config is exit 2 with
// file:line:col before anything starts; a good one guards every endpoint; listening beyond loopback is said
// exactly once (serve's log, top's stderr), and not at all on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { tempDir } from '../helpers/cmd-io.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { E2E_SUITE_MS, killAll, runCli, spawnCli } from '../helpers/e2e-process.js';
import { writeHostileJsonl } from '../helpers/hostile-strings.js';

const WARNING = /serving \/metrics and the API on 0\.0\.0\.0:\d+: reachable from other machines/g;

describe('--web-config and --metrics-host', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-web-config-');
  const env = cleanEnv();
  let replay = '';
  let good = '';
  before(() => {
    replay = writeHostileJsonl(tmp.dir);
    good = join(tmp.dir, 'web.yml');
    writeFileSync(good, `basic_auth_users:\n  alice: ${bcrypt.hashSync('pw', 4)}\n`);
  });
  after(async () => {
    await killAll();
    tmp.remove();
  });

  test('a web config asking for TLS, or with a plain password for a hash, is exit 2 with file:line:col, for serve and top', async () => {
    const tls = join(tmp.dir, 'tls.yml');
    writeFileSync(tls, `basic_auth_users:\n  alice: ${bcrypt.hashSync('pw', 4)}\ntls_server_config:\n  cert_file: server.crt\n`);
    const plain = join(tmp.dir, 'plain.yml');
    writeFileSync(plain, 'basic_auth_users:\n  alice: hunter2\n');
    for (const command of ['serve', 'top']) {
      const a = await runCli([command, '--url', replay, '--db', ':memory:', '--metrics-port', '0', '--web-config', tls], undefined, { env });
      assert.equal(a.exit.code, 2, a.describe());
      assert.equal(a.stderr, `jamjet: ${tls}:3:1: tls_server_config: TLS is not supported by jamjet-top; terminate TLS in a reverse proxy (nginx, Caddy) in front of it and keep it on loopback, or remove the key\n`);
      assert.equal(a.stdout, '', 'nothing started');
      const b = await runCli([command, '--url', replay, '--db', ':memory:', '--web-config', plain], undefined, { env });
      assert.equal(b.exit.code, 2, b.describe());
      assert.match(b.stderr, new RegExp(`^jamjet: ${plain.replaceAll('.', '\\.')}:2:10: basic_auth_users\\.alice: expected a bcrypt hash`));
      assert.ok(!b.stderr.includes('hunter2'));
    }
    const missing = await runCli(['serve', '--web-config', join(tmp.dir, 'nope.yml'), '--db', ':memory:'], undefined, { env });
    assert.equal(missing.exit.code, 2);
    assert.match(missing.stderr, /--web-config: cannot read .*nope\.yml: ENOENT/);
  });

  test('serve on 0.0.0.0 with a web config: one warning in its log, 401 without credentials, 200 with them', async () => {
    const p = spawnCli(['serve', '--url', replay, '--db', ':memory:', '--metrics-host', '0.0.0.0', '--metrics-port', '0', '--web-config', good], { env });
    const m = await p.waitForOutput('stdout', /metrics at http:\/\/0\.0\.0\.0:(\d+)\/metrics/);
    const url = `http://127.0.0.1:${m[1]}`;
    const denied = await fetch(`${url}/metrics`);
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    const allowed = await fetch(`${url}/metrics`, { headers: { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` } });
    assert.equal(allowed.status, 200);
    assert.match(await allowed.text(), /jamjet_executions_total/);
    await p.stop('SIGTERM');
    assert.equal(p.stdout.match(WARNING)?.length, 1, p.describe());
    assert.match(p.stdout, /WARN +metrics_exposed serving \/metrics and the API on 0\.0\.0\.0:\d+: reachable from other machines; --web-config requires credentials, but they travel unencrypted/);
  });

  test('top on 0.0.0.0 without a web config: one warning on stderr naming --web-config; on loopback, none', async () => {
    const wide = await runCli(['top', '--url', replay, '--db', ':memory:', '--metrics-host', '0.0.0.0', '--metrics-port', '0'], undefined, { env });
    assert.equal(wide.exit.code, 0, wide.describe());
    assert.equal(wide.stderr.match(WARNING)?.length, 1, wide.describe());
    assert.match(wide.stderr, /^jamjet top: warning: serving \/metrics and the API on 0\.0\.0\.0:\d+: reachable from other machines, with no auth; set --web-config to require it/m);
    const local = await runCli(['top', '--url', replay, '--db', ':memory:', '--metrics-port', '0'], undefined, { env });
    assert.equal(local.exit.code, 0, local.describe());
    assert.doesNotMatch(local.stderr, /reachable from other machines/);
    const serveLocal = spawnCli(['serve', '--url', replay, '--db', ':memory:', '--metrics-host', 'localhost', '--metrics-port', '0'], { env });
    await serveLocal.waitForOutput('stdout', /serve_started/);
    await serveLocal.stop('SIGTERM');
    assert.doesNotMatch(serveLocal.stdout, /reachable from other machines/);
  });
});
