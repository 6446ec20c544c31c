// Large output through a pipe arrives whole: the CLI waits for stdout to drain before it exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../source/core/clock.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { completedRun } from '../helpers/store-fixtures.js';
import { CLI_PATH } from '../helpers/cmd-run.js';

test('inspect --json of hundreds of executions through a pipe is complete JSON (far past the 64 KiB pipe buffer)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-cli-output-'));
  try {
    const db = join(dir, 'top.db');
    const sink = new SqliteEventSink({ path: db, clock: new ManualClock(0), thread: 'inline' });
    for (let n = 1; n <= 600; n++) sink.write(completedRun(n, Date.UTC(2026, 2, 14) + n * 1000), 'src', undefined);
    await sink.close();
    const run = spawnSync(process.execPath, [CLI_PATH, 'inspect', '--db', db, '--json', '--limit', '1000'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.length > 128 * 1024, `only ${run.stdout.length} bytes: not a test of a full pipe`);
    const doc = JSON.parse(run.stdout) as { executions: unknown[] };
    assert.equal(doc.executions.length, 600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that goes away early (jamjet … | head) ends the command quietly with exit 0, no stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-cli-epipe-'));
  try {
    const db = join(dir, 'top.db');
    const sink = new SqliteEventSink({ path: db, clock: new ManualClock(0), thread: 'inline' });
    for (let n = 1; n <= 600; n++) sink.write(completedRun(n, Date.UTC(2026, 2, 14) + n * 1000), 'src', undefined);
    await sink.close();
    const child = spawn(process.execPath, [CLI_PATH, 'inspect', '--db', db, '--json', '--limit', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Read one chunk, then hang up, as `head -c` would.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
