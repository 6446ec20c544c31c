// A store whose disk stalls: another process holds SQLite's write lock for longer than the busy timeout. The write
// thread keeps the batch and tries again (STORE_LOCKED_RETRY_MS) instead of losing it; past MAX_QUEUED_EVENTS in
// flight, `write` waits for it (backpressure, counted), so memory stays bounded and nothing is dropped.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../source/core/clock.js';
import { SqliteEventSink } from '../../../source/core/store/sqlite-event-sink.js';
import { killAll, spawnProcess } from '../../helpers/e2e-process.js';
import { storedKeys } from '../../helpers/fault-rig.js';
import { envelope, typed } from '../../helpers/store-fixtures.js';

const SQLITE_DB = new URL('../../../source/core/store/sqlite-db.js', import.meta.url).href;
/** Longer than SQLite's busy timeout (5 s): before the retry, the batch waiting on it was lost. */
const LOCK_MS = 6_500;

describe('the store with its disk stalled (write lock held elsewhere)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-stall-store-'));
  after(async () => {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps every event: the batch is retried, ingest waits at the queue cap, memory stays bounded', async () => {
    const path = join(dir, 'top.db');
    const maxQueued = 400;
    const sink = new SqliteEventSink({ path, clock: systemClock(), maxQueued, batchSize: 100, flushMs: 10 });
    // The lock holder: another process, so this thread can block on backpressure without holding it.
    const holder = spawnProcess(process.execPath, ['--input-type=module', '-e', `
      const { openSqliteDb } = await import(${JSON.stringify(SQLITE_DB)});
      const db = openSqliteDb(${JSON.stringify(path)});
      db.exec('BEGIN EXCLUSIVE');
      console.log('locked');
      setTimeout(() => { db.exec('COMMIT'); db.close(); console.log('released'); }, ${LOCK_MS});`]);
    await holder.waitForOutput('stdout', /locked/);

    const started = performance.now();
    const total = 2_000;
    for (let i = 0; i < total / 20; i++) {
      const events = Array.from({ length: 20 }, (_, j) => typed(envelope(i, j + 1, { type: 'node_scheduled', node_id: `n${j}`, queue_type: 'general' }, 1_000 + j)));
      sink.write(events, 'src', String((i + 1) * 20));
    }
    const writeMs = performance.now() - started;
    await sink.flush();
    await holder.exited;
    const stats = sink.stats();
    await sink.close();

    assert.match(holder.stdout, /released/);
    assert.ok(stats.backpressureWaits >= 1, `ingest waited at the cap (${JSON.stringify(stats)})`);
    assert.ok(writeMs >= 1_000, `write waited for the writer (${Math.round(writeMs)} ms)`);
    assert.equal(stats.failedBatches, 0, 'no batch given up on');
    assert.equal(stats.inserted, total);
    assert.equal(storedKeys(path).rows, total, 'every event stored');
  });
});
