// The WAL is copied into the database file by a connection on a thread of its own, not by the write thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../source/core/clock.js';
import { WAL_CHECKPOINT_PAGES } from '../../../source/core/store/sqlite-db.js';
import { SqliteEventSink } from '../../../source/core/store/sqlite-event-sink.js';
import { completedRun } from '../../helpers/store-fixtures.js';

test('the checkpoint thread copies committed pages into the file while the WAL is far below the writer\'s own threshold', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jj-ckpt-'));
  const path = join(dir, 'top.db');
  const sink = new SqliteEventSink({ path, clock: systemClock() });
  try {
    const empty = statSync(path).size;
    for (let n = 1; n <= 40; n++) sink.write(completedRun(n, 200), 'src1', String(n));
    await sink.flush();
    const wal = statSync(`${path}-wal`).size;
    // Far below the write thread's autocheckpoint: only the other thread can have copied these pages.
    assert.ok(wal < (WAL_CHECKPOINT_PAGES * 4096) / 4, `the WAL (${wal} bytes) stays well under the writer's threshold`);
    let size = empty;
    for (let i = 0; i < 600 && size <= empty; i++) {
      await new Promise((r) => setTimeout(r, 50));
      size = statSync(path).size;
    }
    assert.ok(size > empty, `the file grew from ${empty} bytes: pages were checkpointed into it`);
  } finally {
    await sink.close();
  }
  assert.equal(existsSync(`${path}-wal`), false, 'closed: the last connection checkpointed and removed the WAL');
  rmSync(dir, { recursive: true, force: true });
});
