import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { StoreQueries } from '../../../source/core/store/store-queries.js';
import { restoreState, MAX_RESTORE_EVENTS } from '../../../source/core/store/restore.js';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { completedRun, execIdFor } from '../../helpers/store-fixtures.js';

describe('restoreState', () => {
  function store() {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    w.writeBatch(completedRun(1, 0).map((e) => toEventRow(e, 'ws://a')), [{ sourceKey: 'ws://a', cursor: '42' }], 0);
    w.writeBatch(completedRun(2, 100, { end: false }).map((e) => toEventRow(e, 'ws://a')), [], 0);
    w.writeBatch(completedRun(3, 200, { end: false }).map((e) => toEventRow(e, 'ws://a')), [], 0);
    return { db, q: new StoreQueries(db) };
  }

  test('returns the events of running executions, oldest first, in sequence order, with every cursor', () => {
    const { db, q } = store();
    const r = restoreState(q);
    assert.equal(r.executions, 2);
    assert.deepEqual(r.events.map((e) => [e.execution_id.replace(/-/g, ''), e.sequence]), [
      ...[1, 2, 3, 4].map((s) => [execIdFor(2).slice(5), s]),
      ...[1, 2, 3, 4].map((s) => [execIdFor(3).slice(5), s]),
    ]);
    assert.deepEqual([...r.cursors], [['ws://a', '42']]);
    db.close();
  });

  test('names the source each restored execution was stored under, so it goes stale with that source', () => {
    const { db, q } = store();
    const r = restoreState(q);
    assert.deepEqual([...(r.sourceOf ?? [])].sort(), [[execIdFor(2), 'ws://a'], [execIdFor(3), 'ws://a']]);
    db.close();
  });

  test('keeps the newest running executions when over the event cap', () => {
    assert.ok(MAX_RESTORE_EVENTS >= 100_000);
    const { db, q } = store();
    const r = restoreState(q, 5);
    assert.equal(r.executions, 1);
    assert.equal(r.skippedExecutions, 1);
    assert.ok(r.events.every((e) => e.execution_id.replace(/-/g, '') === execIdFor(3).slice(5)));
    db.close();
  });
});
