import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandExit, EXIT_USAGE, loadCommandConfig, monitorConfig, numberFlag, withCommandExit } from '../../../source/commands/wiring/load-command-config.js';
import { recordingIo, tempDir } from '../../helpers/cmd-io.js';

/** Runs fn expecting a CommandExit and returns it. */
function exitOf(fn: () => unknown): CommandExit {
  try {
    fn();
  } catch (error) {
    if (error instanceof CommandExit) return error;
    throw error;
  }
  assert.fail('expected a CommandExit');
}

async function exitOfAsync(fn: () => Promise<unknown>): Promise<CommandExit> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof CommandExit) return error;
    throw error;
  }
  assert.fail('expected a CommandExit');
}

describe('numberFlag', () => {
  test('returns the number when it is in range, undefined when the flag is absent', () => {
    assert.equal(numberFlag({ metricsPort: 9100 }, 'metricsPort', 0, 65535), 9100);
    assert.equal(numberFlag({ metricsPort: 0 }, 'metricsPort', 0, 65535), 0);
    assert.equal(numberFlag({}, 'metricsPort', 0, 65535), undefined);
  });

  test('names the flag in kebab-case with its range when the value is out of range', () => {
    const e = exitOf(() => numberFlag({ metricsPort: 70000 }, 'metricsPort', 0, 65535));
    assert.equal(e.code, EXIT_USAGE);
    assert.match(e.message, /^jamjet: --metrics-port expects a number from 0 to 65535, got "70000"$/);
  });

  test('rejects NaN (what the parser makes of --metrics-port abc) and infinities', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '12']) {
      const e = exitOf(() => numberFlag({ metricsPort: value }, 'metricsPort', 0, 65535));
      assert.equal(e.code, 2);
      assert.match(e.message, /--metrics-port expects a number/);
    }
  });

  test('rejects a value below the minimum', () => {
    assert.match(exitOf(() => numberFlag({ limit: 0 }, 'limit', 1, 100)).message, /--limit expects a number from 1 to 100, got "0"/);
  });
});

describe('loadCommandConfig', () => {
  test('maps the parsed flags onto the resolved config', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const { io } = recordingIo(tmp.dir);
    const config = await loadCommandConfig(
      {
        url: ['ws://127.0.0.1:7700/v1/events', 'http://127.0.0.1:8080'],
        token: 'flag-token',
        db: ':memory:',
        metricsHost: '0.0.0.0',
        metricsPort: 9200,
        logLevel: 'debug',
      },
      io,
    );
    assert.deepEqual(config.urls, ['ws://127.0.0.1:7700/v1/events', 'http://127.0.0.1:8080']);
    assert.equal(config.token, 'flag-token');
    assert.equal(config.db, ':memory:');
    assert.deepEqual(config.metrics, { enabled: true, host: '0.0.0.0', port: 9200 });
    assert.equal(config.logging.level, 'debug');
  });

  test('accepts a single --url given as a string', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const config = await loadCommandConfig({ url: 'ws://127.0.0.1:7700/v1/events' }, recordingIo(tmp.dir).io);
    assert.deepEqual(config.urls, ['ws://127.0.0.1:7700/v1/events']);
  });

  test('--no-metrics (metrics: false) disables metrics; without it they stay on', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    assert.equal((await loadCommandConfig({ metrics: false }, recordingIo(tmp.dir).io)).metrics.enabled, false);
    assert.equal((await loadCommandConfig({}, recordingIo(tmp.dir).io)).metrics.enabled, true);
  });

  test('takes the token from JAMJET_TOKEN when no flag is given, and the flag over it', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    assert.equal((await loadCommandConfig({}, recordingIo(tmp.dir, { JAMJET_TOKEN: 'env-token' }).io)).token, 'env-token');
    assert.equal((await loadCommandConfig({ token: 'flag' }, recordingIo(tmp.dir, { JAMJET_TOKEN: 'env-token' }).io)).token, 'flag');
  });

  test('a bad --metrics-port is a usage error before any file is read', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const e = await exitOfAsync(() => loadCommandConfig({ metricsPort: Number.NaN, config: 'missing.toml' }, recordingIo(tmp.dir).io));
    assert.equal(e.code, 2);
    assert.match(e.message, /--metrics-port/);
  });

  test('turns a configuration error into exit 2 with file:line:col', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    writeFileSync(join(tmp.dir, 'jamjet.toml'), '[telemetry.prometheus]\nenabled = true\nport = "abc"\n');
    const e = await exitOfAsync(() => loadCommandConfig({}, recordingIo(tmp.dir).io));
    assert.equal(e.code, 2);
    assert.match(e.message, /^jamjet: jamjet\.toml:3:8: \[telemetry\.prometheus\] port: /);
  });

  test('a missing --config file is exit 2 naming the file', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const e = await exitOfAsync(() => loadCommandConfig({ config: 'nope.toml' }, recordingIo(tmp.dir).io));
    assert.equal(e.code, 2);
    assert.match(e.message, /nope\.toml/);
  });

  test('writes unknown-key warnings to stderr with their line and carries on', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    writeFileSync(join(tmp.dir, 'jamjet.toml'), '[top]\ndb = ":memory:"\ncolour = true\n');
    const rec = recordingIo(tmp.dir);
    const config = await loadCommandConfig({}, rec.io);
    assert.equal(config.db, ':memory:');
    assert.equal(rec.stdout(), '');
    assert.match(rec.stderr(), /^jamjet: warning: jamjet\.toml:3: unknown key \[top\] colour/m);
  });

  test('never puts the token into a configuration error', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const e = await exitOfAsync(() => loadCommandConfig({ url: ['secret123'], token: 'secret123' }, recordingIo(tmp.dir).io));
    assert.equal(e.code, 2);
    assert.doesNotMatch(e.message, /secret123/);
  });
});

describe('monitorConfig', () => {
  test('a demo run keeps nothing (:memory:) unless --db was given, whatever jamjet.toml says', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    writeFileSync(join(tmp.dir, 'jamjet.toml'), '[top]\ndb = "kept.db"\n');
    const io = recordingIo(tmp.dir).io;
    assert.equal(monitorConfig(await loadCommandConfig({}, io), {}).db, ':memory:');
    assert.equal(monitorConfig(await loadCommandConfig({ demo: true }, io), { demo: true }).db, ':memory:');
    const flags = { demo: true, db: 'demo.db' };
    assert.equal(monitorConfig(await loadCommandConfig(flags, io), flags).db, 'demo.db');
  });

  test('a real runtime keeps the configured store', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const io = recordingIo(tmp.dir).io;
    const flags = { url: ['ws://127.0.0.1:7700/v1/events'] };
    assert.equal(monitorConfig(await loadCommandConfig(flags, io), flags).db, '.jamjet/top.db');
  });
});

describe('withCommandExit', () => {
  test('returns the body’s code when it succeeds and writes nothing', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const rec = recordingIo(tmp.dir);
    assert.equal(await withCommandExit(rec.io, async () => 0), 0);
    assert.equal(rec.stderr(), '');
  });

  test('prints a CommandExit’s message on stderr and returns its code', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const rec = recordingIo(tmp.dir);
    const code = await withCommandExit(rec.io, async () => {
      throw new CommandExit('jamjet: --port expects a number', 2);
    });
    assert.equal(code, 2);
    assert.equal(rec.stderr(), 'jamjet: --port expects a number\n');
    assert.equal(rec.stdout(), '');
  });

  test('turns any other error into exit 1 and one line, without a stack trace', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const rec = recordingIo(tmp.dir);
    const code = await withCommandExit(rec.io, async () => {
      throw new Error('socket hang up');
    });
    assert.equal(code, 1);
    assert.equal(rec.stderr(), 'jamjet: socket hang up\n');
    assert.doesNotMatch(rec.stderr(), /\bat /);
  });

  test('reports a thrown non-Error value as exit 1 too', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const rec = recordingIo(tmp.dir);
    const code = await withCommandExit(rec.io, async () => { throw 'boom'; });
    assert.equal(code, 1);
    assert.equal(rec.stderr(), 'jamjet: boom\n');
  });
});
