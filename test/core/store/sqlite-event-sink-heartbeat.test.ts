// The sources table: what the monitor writing a store knows of each source, stamped while it runs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../source/core/clock.js';
import { HEARTBEAT_INTERVAL_MS } from '../../../source/core/store/source-heartbeat.js';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { SqliteEventSink } from '../../../source/core/store/sqlite-event-sink.js';
import { StoreQueries } from '../../../source/core/store/store-queries.js';
import { completedRun, undoMigration5 } from '../../helpers/store-fixtures.js';

const T0 = Date.parse('2026-03-16T10:00:00Z');

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'jj-heartbeat-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Reads the sources table through a separate read-only connection, as inspect does. */
function heartbeats(path: string) {
  const db = openSqliteDb(path, { readonly: true });
  try {
    return Object.fromEntries(new StoreQueries(db).sourceHeartbeats());
  } finally {
    db.close();
  }
}

describe('SqliteEventSink source heartbeats', () => {
  for (const thread of ['inline', 'worker'] as const) {
    test(`writes a source's state at once, stamps it every heartbeat, and marks it disconnected on close (${thread})`, async (t) => {
      await withDir(async (dir) => {
        const path = join(dir, 'top.db');
        const clock = new ManualClock(T0);
        const sink = new SqliteEventSink({ path, clock, thread });
        t.after(() => sink.close()); // a failed assertion must not leave the write thread running
        sink.write(completedRun(1, T0, { end: false }), 'ws://a/v1/events', '4');
        sink.sourceState('ws://a/v1/events', 'connecting');
        clock.advance(100);
        sink.sourceState('ws://a/v1/events', 'connected');
        await sink.flush();
        assert.deepEqual(heartbeats(path)['ws://a/v1/events'], {
          sourceKey: 'ws://a/v1/events', connected: true, state: 'connected', changedAt: T0 + 100, heartbeatAt: T0 + 100,
        });

        clock.advance(HEARTBEAT_INTERVAL_MS * 2);
        await sink.flush();
        const stamped = heartbeats(path)['ws://a/v1/events'];
        assert.equal(stamped?.heartbeatAt, T0 + HEARTBEAT_INTERVAL_MS * 2, 'stamped on the heartbeat, with no events to write');
        assert.equal(stamped?.changedAt, T0 + 100, 'still connected since then');

        clock.advance(1_000);
        sink.sourceState('ws://a/v1/events', 'reconnecting');
        await sink.flush();
        assert.deepEqual(heartbeats(path)['ws://a/v1/events'], {
          sourceKey: 'ws://a/v1/events', connected: false, state: 'reconnecting', changedAt: clock.now(), heartbeatAt: clock.now(),
        });

        clock.advance(500);
        sink.sourceState('ws://a/v1/events', 'connected');
        clock.advance(500);
        await sink.close();
        assert.deepEqual(heartbeats(path)['ws://a/v1/events'], {
          sourceKey: 'ws://a/v1/events', connected: false, state: 'ended', changedAt: clock.now(), heartbeatAt: clock.now(),
        });
      });
    });
  }

  test('stamps nothing when no source was ever reported, and never after close', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'top.db');
      const clock = new ManualClock(T0);
      const sink = new SqliteEventSink({ path, clock, thread: 'inline' });
      clock.advance(HEARTBEAT_INTERVAL_MS * 3);
      await sink.flush();
      assert.deepEqual(heartbeats(path), {});
      sink.sourceState('s', 'connected');
      await sink.close();
      const closedAt = clock.now();
      clock.advance(HEARTBEAT_INTERVAL_MS * 3);
      sink.sourceState('s', 'connected');
      assert.equal(heartbeats(path)['s']?.heartbeatAt, closedAt);
    });
  });

  test('a store written before sources were recorded (schema 2) is migrated by a writer and records sources from then on', async () => {
    await withDir(async (dir) => {
      const path = join(dir, 'old.db');
      const db = openSqliteDb(path);
      undoMigration5(db);
      db.exec('DROP TABLE held_nodes; DROP TABLE sources; PRAGMA user_version = 2');
      db.close();
      // A read-only reader refuses it (it never migrates; see sqlite-db.test.ts); opened for writing, it is migrated.
      const sink = new SqliteEventSink({ path, clock: new ManualClock(T0), thread: 'inline' });
      sink.sourceState('s', 'connected');
      await sink.close();
      assert.equal(heartbeats(path)['s']?.state, 'ended');
    });
  });
});
