import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BATCH_MAX_ROWS, batchBlock } from '../../source/commands/top-batch.js';
import { snapshotWith } from '../helpers/view-fixtures.js';

const CLI = fileURLToPath(new URL('../../source/cli.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/events/model-success-run.jsonl', import.meta.url));

describe('jamjet top with stdout not a terminal', () => {
  test('a block is the status line, the table header and one plain row per execution, with no escape codes', () => {
    const snapshot = snapshotWith({}, 60);
    const block = batchBlock(snapshot, 120);
    const lines = block.split('\n');
    assert.match(lines[0]!, /^\d{4}-\d{2}-\d{2}T.*jamjet-top/);
    assert.match(lines[1]!, /EXECUTION/);
    // More executions than fit: the first BATCH_MAX_ROWS, then one line saying how many more.
    assert.ok(snapshot.executions.length > BATCH_MAX_ROWS);
    assert.equal(lines.length, 2 + BATCH_MAX_ROWS + 1);
    assert.equal(lines.at(-1), `  … ${snapshot.executions.length - BATCH_MAX_ROWS} more`);
    assert.ok(!block.includes('\u001b'), 'no escape codes');
    assert.doesNotMatch(lines[0]!, /\? help/);
    for (const line of lines.slice(1)) assert.ok(line.length <= 120, line);
  });

  test('piped, a finished replay prints plain blocks and exits 0 by itself', () => {
    const run = spawnSync(process.execPath, [CLI, 'top', '--url', FIXTURE, '--db', ':memory:', '--no-metrics'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /✔ exec_39201bc0… research_brief/);
    assert.ok(!run.stdout.includes('\u001b'), 'no escape codes');
  });
});
