import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { StoreQueries } from '../../../source/core/store/store-queries.js';
import { restoreState, MAX_RESTORE_EVENTS } from '../../../source/core/store/restore.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { completedRun, envelope, execIdFor, typed } from '../../helpers/store-fixtures.js';

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

describe('restoreState with child workflows', () => {
  test('restores a running parent with its stored children, finished or not, so its totals stay whole', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    const link = (child: number) => ({ type: 'child_workflow_started', node_id: 'sub', child_execution_id: execIdFor(child), child_workflow_id: 'c' });
    // 1 (running) → 2 (completed) → 3 (completed); 4 completed and unrelated; 5 running, child of 1 too.
    w.writeBatch([
      ...completedRun(1, 0, { end: false }), typed(envelope(1, 5, link(2), 40)), typed(envelope(1, 6, link(5), 50)),
      ...completedRun(2, 100), typed(envelope(2, 6, link(3), 150)), ...completedRun(3, 200), ...completedRun(4, 300),
      ...completedRun(5, 400, { end: false }),
    ].map((e) => toEventRow(e, 'ws://a')), [], 0);
    const r = restoreState(new StoreQueries(db));
    const ids = [...new Set(r.events.map((e) => e.execution_id))].map((id) => `exec_${id.replace(/-/g, '')}`).sort();
    assert.deepEqual(ids, [execIdFor(1), execIdFor(2), execIdFor(3), execIdFor(5)]);
    assert.equal(r.executions, 2);
    assert.equal(r.events.length, 6 + 6 + 5 + 4, 'each execution once');
    const model = new ExecutionModel();
    for (const e of r.events) model.apply(typed(e), 'store', 0);
    const listed = new StoreQueries(db).getExecution(execIdFor(1))!;
    assert.equal(listed.inputTokens, 400);
    assert.equal(model.tree(execIdFor(1))!.summary.subtreeTotals.inputTokens, listed.inputTokens, 'the restarted dashboard agrees with the list');
    db.close();
  });
});
