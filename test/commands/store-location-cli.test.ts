// The store's location from the command line: a working folder where `.jamjet/` cannot be created sends `top`
// and `serve` to the state directory (saying so), `inspect` finds it there, and bad explicit paths are exit 2.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cmd-io.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { E2E_SUITE_MS, E2E_WAIT_MS, killAll, runCli, spawnCli } from '../helpers/e2e-process.js';

const REPLAY = fileURLToPath(new URL('../../../test/fixtures/inspect/completed.jsonl', import.meta.url));
const COMPLETED_ID = 'exec_39201bc020354816b34546bc0da7d0fb';

after(killAll);

/** A working folder where `.jamjet` is a regular file, so `.jamjet/top.db` cannot be created, for root too. */
function unwritableDefault(t: { after: (fn: () => void) => void }): { cwd: string; env: Record<string, string>; fallback: string } {
  const tmp = tempDir('jj-store-cli-');
  t.after(tmp.remove);
  const cwd = join(tmp.dir, 'work');
  mkdirSync(cwd);
  writeFileSync(join(cwd, '.jamjet'), '');
  const state = join(tmp.dir, 'state');
  return { cwd, env: cleanEnv({ XDG_STATE_HOME: state }), fallback: join(state, 'jamjet-top', 'top.db') };
}

describe('the default store location cannot be created', { timeout: E2E_SUITE_MS }, () => {
  test('top (piped) stores in the state directory, says so on its status line, and inspect reads it back', async (t) => {
    const { cwd, env, fallback } = unwritableDefault(t);
    const top = await runCli(['top', '--url', REPLAY, '--no-metrics'], E2E_WAIT_MS, { cwd, env });
    assert.equal(top.exit.code, 0, top.describe());
    const status = top.stdout.split('\n').find((l) => l.includes('store: using'));
    assert.ok(status, top.describe());
    assert.ok(status.includes(`store: using ${fallback} (.jamjet/top.db: .jamjet is not a directory)`), status);
    assert.ok(existsSync(fallback));

    const inspect = await runCli(['inspect', COMPLETED_ID, '--json'], E2E_WAIT_MS, { cwd, env });
    assert.equal(inspect.exit.code, 0, inspect.describe());
    assert.equal((JSON.parse(inspect.stdout) as { found_in: string }).found_in, 'store');
  });

  test('top (piped) in a folder it may not write (EACCES) falls back the same way (run as nobody when the tests run as root)', async (t) => {
    const tmp = tempDir('jj-store-ro-');
    t.after(() => {
      chmodSync(cwd, 0o755);
      tmp.remove();
    });
    const cwd = join(tmp.dir, 'readonly');
    mkdirSync(cwd);
    const state = join(tmp.dir, 'state');
    mkdirSync(state);
    const fallback = join(state, 'jamjet-top', 'top.db');
    const root = process.getuid?.() === 0;
    // Root ignores permission bits: the command runs as nobody, who may enter but not write the folder.
    chmodSync(tmp.dir, 0o755);
    chmodSync(cwd, 0o555);
    if (root) chmodSync(state, 0o777);
    const top = await runCli(['top', '--url', REPLAY, '--no-metrics'], E2E_WAIT_MS, {
      cwd, env: cleanEnv({ XDG_STATE_HOME: state }), ...(root ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(top.exit.code, 0, top.describe());
    const status = top.stdout.split('\n').find((l) => l.includes('store: using'));
    assert.ok(status?.includes(`store: using ${fallback} (.jamjet/top.db: cannot create .jamjet: permission denied)`), top.describe());
    assert.ok(existsSync(fallback));
    assert.equal(existsSync(join(cwd, '.jamjet')), false);
  });

  test('serve says where the store went in one log line on stdout, and still exits 0 on SIGINT', async (t) => {
    const { cwd, env, fallback } = unwritableDefault(t);
    const serve = spawnCli(['serve', '--url', REPLAY, '--no-metrics'], { cwd, env });
    await serve.waitForOutput('stdout', /serve_started reading /);
    const exit = await serve.stop('SIGINT');
    assert.equal(exit.code, 0, serve.describe());
    const lines = serve.stdout.split('\n').filter((l) => l.includes('store:'));
    assert.equal(lines.length, 1, serve.describe());
    assert.match(lines[0]!, /^\S+Z WARN {2}store_location store: using (.+) \(\.jamjet\/top\.db: \.jamjet is not a directory\)$/);
    assert.ok(lines[0]!.includes(`store: using ${fallback} (`), lines[0]);
    assert.equal(serve.stderr, '', 'nothing on stderr once serve runs');
  });

  test('an explicit --db there is exit 2 naming it, with no fallback', async (t) => {
    const { cwd, env, fallback } = unwritableDefault(t);
    for (const command of ['top', 'serve']) {
      const r = await runCli([command, '--url', REPLAY, '--no-metrics', '--db', '.jamjet/top.db'], E2E_WAIT_MS, { cwd, env });
      assert.equal(r.exit.code, 2, r.describe());
      assert.equal(r.stderr, 'jamjet: --db .jamjet/top.db: .jamjet is not a directory\n');
    }
    assert.equal(existsSync(fallback), false);
  });
});

describe('--db naming a directory', { timeout: E2E_SUITE_MS }, () => {
  test('is "jamjet: --db DIR: is a directory" and exit 2 for top, serve and inspect', async (t) => {
    const tmp = tempDir('jj-store-dir-');
    t.after(tmp.remove);
    for (const args of [['top', '--no-metrics', '--url', REPLAY], ['serve', '--no-metrics', '--url', REPLAY], ['inspect']]) {
      const r = await runCli([...args, '--db', tmp.dir], E2E_WAIT_MS, { cwd: tmp.dir, env: cleanEnv() });
      assert.equal(r.exit.code, 2, r.describe());
      assert.equal(r.stderr, `jamjet: --db ${tmp.dir}: is a directory\n`);
    }
  });
});
