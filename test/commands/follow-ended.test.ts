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

test('follow of a replay that stops mid-execution ends with exit 1 and says so, instead of waiting for ever', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-follow-cut-'));
  try {
    const file = join(dir, 'cut.jsonl');
    writeFileSync(file, `${readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 6).join('\n')}\n`);
    // The bound is generous: the command itself ends as soon as the file has been read.
    const run = spawnSync(process.execPath, [CLI_PATH, 'follow', 'exec_39201bc020354816b34546bc0da7d0fb', '--url', file], { encoding: 'utf8', timeout: E2E_WAIT_MS });
    assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /#6\s+node_started draft/);
    assert.match(run.stderr, /the source ended before exec_39201bc020354816b34546bc0da7d0fb finished \(running\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
