// inspect reads the store maybe long after the monitor that wrote it is gone: an unfinished execution is
// stale (with when it was last seen, its duration stopped there) unless a monitor still follows its source.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ManualClock } from '../../source/core/clock.js';
import { HEARTBEAT_FRESH_MS } from '../../source/core/store/source-heartbeat.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { tempDir } from '../helpers/cmd-io.js';
import { inspectCaptured } from '../helpers/inspect-fixtures.js';
import { completedRun, execIdFor } from '../helpers/store-fixtures.js';

const T0 = Date.parse('2026-03-16T09:00:00Z');
/** When the monitor last stamped its sources: events end at T0 + 30 (completedRun), the monitor ran on. */
const WRITTEN_AT = T0 + 60_000;
const A = 'ws://a.example/v1/events';
const B = 'ws://b.example/v1/events';

interface Listed { execution_id: string; status: string; stale: boolean; last_seen_at: string | null }

/** inspect at `now`, wide enough for the stale column. */
const run = (args: Parameters<typeof inspectCaptured>[0] & { now: number }) => inspectCaptured({ width: 200, ...args });

/** A store a monitor is writing: execution 1 running from A, 2 completed from A, 3 running from B; both sources connected. */
async function monitoredStore(dir: string) {
  const db = join(dir, 'top.db');
  const clock = new ManualClock(T0);
  const sink = new SqliteEventSink({ path: db, clock, thread: 'inline' });
  sink.sourceState(A, 'connected');
  sink.sourceState(B, 'connected');
  sink.write([...completedRun(1, T0, { end: false }), ...completedRun(2, T0)], A, undefined);
  sink.write(completedRun(3, T0 + 5, { end: false }), B, undefined);
  clock.advance(WRITTEN_AT - T0);
  sink.heartbeat();
  await sink.flush();
  return { db, clock, sink };
}

const listed = async (db: string, now: number): Promise<Map<string, Listed>> => {
  const r = await run({ db, now, json: true });
  assert.equal(r.code, 0, r.err);
  return new Map((JSON.parse(r.out) as { executions: Listed[] }).executions.map((e) => [e.execution_id, e]));
};

describe('jamjet inspect and stale executions', () => {
  test('while the monitor runs (fresh heartbeat, sources connected) running executions are running', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const { db, sink } = await monitoredStore(tmp.dir);
    t.after(() => sink.close());
    const rows = await listed(db, WRITTEN_AT + 1_000);
    assert.deepEqual([1, 2, 3].map((n) => [rows.get(execIdFor(n))?.status, rows.get(execIdFor(n))?.stale]), [['running', false], ['completed', false], ['running', false]]);
    assert.equal(rows.get(execIdFor(1))?.last_seen_at, new Date(T0 + 30).toISOString());
    const text = (await run({ db, now: WRITTEN_AT + 1_000 })).out;
    assert.doesNotMatch(text, /stale/);
  });

  test('a monitor killed without a word (heartbeat three intervals old): list, detail and --json say stale, last seen', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const { db, sink } = await monitoredStore(tmp.dir);
    t.after(() => sink.close());
    const now = WRITTEN_AT + HEARTBEAT_FRESH_MS;
    const rows = await listed(db, now);
    assert.deepEqual([1, 2, 3].map((n) => rows.get(execIdFor(n))?.stale), [true, false, true]);
    assert.equal(rows.get(execIdFor(1))?.status, 'running', 'the stored status stays the runtime\'s');
    assert.equal(rows.get(execIdFor(1))?.last_seen_at, new Date(T0 + 30).toISOString());

    const table = (await run({ db, now })).out.split('\n');
    const one = table.find((l) => l.startsWith(execIdFor(1)));
    assert.match(one ?? '', /\sstale, last seen 09:00:00\s+2026-03-16 09:00:00\s+30ms\s/);
    const later = (await run({ db, now: now + 3_600_000 })).out.split('\n').find((l) => l.startsWith(execIdFor(1)));
    assert.equal(later, one, 'the duration stops at last seen: an hour later the row is the same');

    const detail = await run({ db, now, id: execIdFor(1) });
    assert.equal(detail.code, 0, detail.err);
    assert.match(detail.out, /^execution exec_0+1 wf \(30ms\) ◌ stale: running when last seen 2026-03-16 09:00:00 UTC$/m);
    assert.match(detail.out, /^status {9}stale: running when last seen 2026-03-16 09:00:00 UTC; nothing follows its source any more$/m);
    assert.match(detail.out, /^duration {7}30ms until last seen$/m);
    const doc = JSON.parse((await run({ db, now, id: execIdFor(1), json: true })).out) as { execution: { status: string; stale: boolean; last_seen_at: string } };
    assert.deepEqual([doc.execution.status, doc.execution.stale, doc.execution.last_seen_at], ['running', true, new Date(T0 + 30).toISOString()]);
    const done = JSON.parse((await run({ db, now, id: execIdFor(2), json: true })).out) as { execution: { stale: boolean } };
    assert.equal(done.execution.stale, false, 'a finished execution is never stale');
  });

  test('one source down past the grace makes only its executions stale', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const { db, clock, sink } = await monitoredStore(tmp.dir);
    t.after(() => sink.close());
    sink.sourceState(B, 'reconnecting');
    await sink.flush();
    assert.equal((await listed(db, clock.now() + 1_000)).get(execIdFor(3))?.stale, false, 'within the grace: a blip');
    const rows = await listed(db, clock.now() + 6_000);
    assert.deepEqual([rows.get(execIdFor(1))?.stale, rows.get(execIdFor(3))?.stale], [false, true]);
  });

  test('after a clean shutdown every unfinished execution is stale at once', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const { db, clock, sink } = await monitoredStore(tmp.dir);
    await sink.close();
    const rows = await listed(db, clock.now());
    assert.deepEqual([1, 2, 3].map((n) => rows.get(execIdFor(n))?.stale), [true, false, true]);
  });
});
