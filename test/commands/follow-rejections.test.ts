import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from '../helpers/cmd-run.js';
import { E2E_WAIT_MS } from '../helpers/e2e-process.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/events/model-success-run.jsonl', import.meta.url));

test('follow, piped, says which input it rejected on stderr and still follows the valid events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-follow-bad-'));
  try {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${readFileSync(FIXTURE, 'utf8').trimEnd()}\ngarbage {\n{"id":1}\n`);
    const run = spawnSync(process.execPath, [CLI_PATH, 'follow', 'exec_39201bc020354816b34546bc0da7d0fb', '--url', file], { encoding: 'utf8', timeout: E2E_WAIT_MS });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /rejected \(invalid_json\): line 13/);
    assert.match(run.stderr, /rejected \(wrong_type\): line 14/);
    assert.match(run.stdout, /#12\s+workflow_completed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
