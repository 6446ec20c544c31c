// `npm test` first runs scripts/ensure-test-tools.mjs: with the tools on PATH it is silent and exits 0;
// with them missing and no way to install them, it stops at once with the exact command to run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/scripts/: the script lives in the repository's scripts/, three levels up.
const SCRIPT = fileURLToPath(new URL('../../../scripts/ensure-test-tools.mjs', import.meta.url));

describe('scripts/ensure-test-tools.mjs', () => {
  test('exits 0 and says nothing when tmux, prometheus, promtool and prometheus-alertmanager are on PATH', () => {
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  test('names each missing tool and the exact install command when it cannot install them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'jamjet-no-tools-'));
    try {
      // An empty PATH: no tool, no apt-get, no sudo, so there is nothing it may run.
      const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { PATH: empty } });
      assert.equal(run.status, 1, run.stderr);
      for (const tool of ['tmux', 'prometheus', 'promtool', 'prometheus-alertmanager']) assert.match(run.stderr, new RegExp(`${tool} is missing`));
      assert.match(run.stderr, /sudo apt-get update && sudo apt-get install -y --no-install-recommends tmux prometheus prometheus-alertmanager/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
