// What `jamjet inspect` loads: every module costs a short process its start, so --json of a stored execution
// must not load the text output or the runtime client. The text run is the control that the log sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanEnv, runCli } from '../helpers/cmd-run.js';
import { tempDir } from '../helpers/cmd-io.js';
import { FIXTURE_IDS, fixtureStore } from '../helpers/inspect-fixtures.js';

const MODULE_LOG = pathToFileURL(fileURLToPath(new URL('../helpers/module-log.js', import.meta.url))).href;
/** Modules only the text output or a runtime lookup needs. */
const NOT_FOR_JSON = [
  'source/core/inspect/inspect-text.js', 'source/view/format/truncate.js', 'source/view/format/trace-lines.js',
  'source/view/format/duration.js', 'source/view/format/money.js',
  'source/core/inspect/runtime-lookup.js', 'source/core/runtime-api/runtime-client.js',
];

async function loadedBy(args: string[]): Promise<string[]> {
  const { db, cleanup } = await fixtureStore();
  const { dir, remove } = tempDir();
  try {
    const log = join(dir, 'modules.log');
    const env = cleanEnv({ NODE_OPTIONS: `--import=${MODULE_LOG}`, JAMJET_TEST_MODULE_LOG: log });
    const r = await runCli(['inspect', FIXTURE_IDS.completed, '--db', db, ...args], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    return readFileSync(log, 'utf8').trim().split('\n');
  } finally {
    cleanup();
    remove();
  }
}

const named = (loaded: string[]): string[] => NOT_FOR_JSON.filter((m) => loaded.some((url) => url.endsWith(m)));

test('inspect --json of a stored execution loads neither the text output nor the runtime client', async () => {
  const loaded = await loadedBy(['--json']);
  assert.ok(loaded.some((url) => url.endsWith('source/core/inspect/inspect-report.js')), 'the log sees the modules inspect loads');
  assert.deepEqual(named(loaded), []);
});

test('inspect as text loads the text output (and still no runtime client when none is configured)', async () => {
  const loaded = await loadedBy([]);
  assert.deepEqual(named(loaded), NOT_FOR_JSON.filter((m) => !m.includes('runtime')));
});
