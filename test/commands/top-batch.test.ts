import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../source/core/clock.js';
import { ExecutionModel } from '../../source/core/model/execution-model.js';
import { SnapshotPublisher } from '../../source/core/snapshot/snapshot-publisher.js';
import type { SourceStatus } from '../../source/core/sources/event-source.js';
import {
  BATCH_MAX_ROWS, BATCH_MAX_WIDTH, BATCH_MIN_WIDTH, BATCH_WIDTH, batchBlock, batchWidth, blockPrinter,
} from '../../source/commands/top-batch.js';
import { snapshotWith } from '../helpers/view-fixtures.js';

const CLI = fileURLToPath(new URL('../../source/cli.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/events/model-success-run.jsonl', import.meta.url));
const FIXTURE_ID = 'exec_39201bc020354816b34546bc0da7d0fb';

/** Collects what a block printer writes, one entry per write. */
function collector(): { write(text: string): void; blocks: string[] } {
  const blocks: string[] = [];
  return { blocks, write: (text: string) => void blocks.push(text) };
}

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

  test('prints whole execution ids, which follow and inspect accept, under a header that lines up', () => {
    const snapshot = snapshotWith({}, 3);
    const lines = batchBlock(snapshot, 80).split('\n');
    for (const [i, e] of snapshot.executions.entries()) {
      assert.ok(lines[2 + i]!.includes(` ${e.id} `), `whole id in: ${lines[2 + i]}`);
      assert.equal(lines[2 + i]!.indexOf(e.id), lines[1]!.indexOf('EXECUTION'), 'the id sits under its header');
    }
    assert.ok(!/exec_[0-9a-f]*…/.test(lines.join('\n')), 'no id cut');
    assert.match(snapshot.executions[0]!.id, /^exec_[0-9a-f]{32}$/);
  });

  test('takes its width from COLUMNS when that is a positive integer, else the default', () => {
    assert.equal(batchWidth({ COLUMNS: '90' }), 90);
    assert.equal(batchWidth({ COLUMNS: '90' }, 200), 90);
    for (const bad of ['0', '-5', 'wide', '', '80.5']) assert.equal(batchWidth({ COLUMNS: bad }), BATCH_WIDTH, `COLUMNS=${bad}`);
    assert.equal(batchWidth({}), BATCH_WIDTH);
    assert.equal(batchWidth({}, 150), 150);
    // Never so narrow that the whole ids would be cut, nor absurdly wide.
    assert.equal(batchWidth({ COLUMNS: '20' }), BATCH_MIN_WIDTH);
    assert.equal(batchWidth({ COLUMNS: '999999' }), BATCH_MAX_WIDTH);
    const narrow = snapshotWith({}, 3);
    const lines = batchBlock(narrow, BATCH_MIN_WIDTH).split('\n');
    for (const line of lines.slice(1)) assert.ok(line.length <= BATCH_MIN_WIDTH, line);
    for (const [i, e] of narrow.executions.entries()) assert.ok(lines[2 + i]!.includes(e.id), `whole id at the narrowest width: ${lines[2 + i]}`);
  });

  test('prints a new block as of each print even when nothing changed, never the same timestamp twice', () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 7, 9, 31, 0));
    const reconnecting: SourceStatus = { id: 'ws://127.0.0.1:1/v1/events', url: 'ws://127.0.0.1:1/v1/events', kind: 'websocket', state: 'reconnecting', events: 0, rejected: 0, reconnects: 3 };
    const publisher = new SnapshotPublisher({ model: new ExecutionModel(), clock, demo: false, sources: () => [reconnecting] });
    const out = collector();
    const print = blockPrinter(publisher, out, 100);
    assert.equal(print(), true);
    clock.advance(2000);
    assert.equal(print(), true);
    assert.equal(print(), false, 'the clock did not move: no second block with the same timestamp');
    clock.advance(2000);
    assert.equal(print(), true);
    const stamps = out.blocks.map((b) => b.slice(0, 24));
    assert.deepEqual(stamps, ['2026-03-07T09:31:00.000Z', '2026-03-07T09:31:02.000Z', '2026-03-07T09:31:04.000Z']);
    for (const block of out.blocks) assert.ok(block.endsWith('\n\n'), 'blocks are separated by a blank line');
  });

  test('piped, a finished replay prints plain blocks with whole ids and exits 0 by itself', () => {
    const run = spawnSync(process.execPath, [CLI, 'top', '--url', FIXTURE, '--db', ':memory:', '--no-metrics'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`✔ ${FIXTURE_ID} research`));
    assert.ok(!run.stdout.includes('\u001b'), 'no escape codes');
    const table = run.stdout.split('\n').filter((l) => l.startsWith('  '));
    assert.ok(table.length > 0 && table.every((l) => l.length <= 100), 'COLUMNS=100 is honoured');
    const stamps = run.stdout.split('\n').filter((l) => /^\d{4}-/.test(l)).map((l) => l.slice(0, 24));
    assert.equal(new Set(stamps).size, stamps.length, 'each timestamp once');
  });
});
