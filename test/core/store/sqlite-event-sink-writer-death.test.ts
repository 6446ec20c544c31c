// If the write thread dies, the sink must not hang its callers: flush and close return, later events
// are counted as lost, and the owner is told once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { systemClock } from '../../../source/core/clock.js';
import { SqliteEventSink } from '../../../source/core/store/sqlite-event-sink.js';
import { completedRun } from '../../helpers/store-fixtures.js';

test('a dead write thread releases flush and close, counts later events as lost and says so once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-writer-death-'));
  const errors: string[] = [];
  const sink = new SqliteEventSink({ path: join(dir, 'top.db'), clock: systemClock(), onError: (m) => errors.push(m) });
  try {
    sink.write(completedRun(1, 1_000), 'src', '1');
    await sink.flush();
    assert.equal(sink.stats().inserted, completedRun(1, 1_000).length);
    // Kill the writer as a crash would (the worker is private: reach it the way a crash reaches it).
    await (sink as unknown as { worker: Worker }).worker.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lost = completedRun(2, 2_000);
    sink.write(lost, 'src', '2');
    await sink.flush(); // must resolve, not wait for a writer that is gone
    assert.equal(sink.stats().lost, lost.length);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /store writer exited; events are no longer stored/);
    await sink.close(); // must resolve too
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
