// Property-based fuzzing of the config loader: any jamjet.toml text (known keys in every TOML layout, good and bad
// values, cut and spliced, noise) loads, or stops with the project's ConfigError pointing at a line and column of
// the file, and the command path turns it into exit 2. FUZZ_RUNS=n runs n times as many cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigError } from '../../../source/core/config/config-error.js';
import { loadConfig, loadConfigParser } from '../../../source/core/config/load-config.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig } from '../../../source/commands/wiring/load-command-config.js';
import { recordingIo, tempDir } from '../../helpers/cmd-io.js';
import { cleanEnv, runCli } from '../../helpers/cmd-run.js';
import { hostileToml } from '../../helpers/hostile-config.js';
import { fuzzParams } from '../../helpers/fuzz-runs.js';

const FILE = 'jamjet.toml';

/** Loads `text` as ./jamjet.toml (given with --config); returns the error, or undefined when it loads. */
function loadError(text: string): unknown {
  try {
    const { config } = loadConfig({ flags: { config: FILE }, env: {}, cwd: '/work', readFile: () => text });
    assert.ok(config.refreshMs >= 50 && config.refreshMs <= 10_000, `refresh ${config.refreshMs}`);
    assert.ok(Number.isInteger(config.metrics.port) && config.metrics.port >= 0 && config.metrics.port <= 65535, `port ${config.metrics.port}`);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** A ConfigError about the file: `jamjet.toml:line:col: …`, the line and column inside the text. */
function assertPlaced(error: unknown, text: string, file = FILE): asserts error is ConfigError {
  assert.ok(error instanceof ConfigError, `not a ConfigError: ${String((error as Error)?.stack ?? error)}`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  assert.equal(error.file, file, error.message);
  assert.ok(error.line !== undefined && error.line >= 1 && error.line <= lines.length + 1, `line ${error.line} of ${lines.length}: ${error.message}`);
  assert.ok(error.column !== undefined && error.column >= 1 && error.column <= (lines[error.line - 1]?.length ?? 0) + 1, `column ${error.column}: ${error.message}`);
  assert.ok(error.message.startsWith(`${file}:${error.line}:${error.column}: `), error.message);
}

describe('the config loader under any jamjet.toml', () => {
  test('loads it, or throws ConfigError with file:line:col inside the file; nothing else', async () => {
    await loadConfigParser();
    fc.assert(fc.property(hostileToml, (text) => {
      const error = loadError(text);
      if (error !== undefined) assertPlaced(error, text);
    }), fuzzParams(1000));
  });

  test('through the command path, a bad file is exit 2 with file:line:col, and the token never shows', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const path = join(tmp.dir, FILE);
    await fc.assert(fc.asyncProperty(hostileToml, async (text) => {
      writeFileSync(path, text);
      const { io } = recordingIo(tmp.dir, { JAMJET_TOKEN: 'tok-SECRET' });
      try {
        await loadCommandConfig({ config: FILE }, io);
      } catch (error) {
        assert.ok(error instanceof CommandExit, String(error));
        assert.equal(error.code, EXIT_USAGE);
        assert.match(error.message, /^jamjet: jamjet\.toml:\d+:\d+: /);
        assert.doesNotMatch(error.message, /tok-SECRET/);
      }
    }), fuzzParams(100));
  });

  test('the CLI exits 2 naming file, line and column for a few of those files', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const bad = ['[top]\nexternal_labels = { "1bad" = "x" }\n', '[top]\nrefresh = "fast"\n', 'top.url = [5]\n', '[telemetry.prometheus]\nport = nan\n', '[top\n'];
    for (const text of bad) {
      writeFileSync(join(tmp.dir, FILE), text);
      const r = await runCli(['rules', 'list', '--config', FILE], { cwd: tmp.dir, env: cleanEnv() });
      assert.equal(r.code, 2, `${text}: ${r.stderr}`);
      assert.match(r.stderr, /^jamjet: jamjet\.toml:\d+:\d+: /, text);
    }
  });
});
