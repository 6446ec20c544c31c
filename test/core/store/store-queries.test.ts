import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { StoreQueries, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../../../source/core/store/store-queries.js';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { completedRun, envelope, execIdFor, typed, uuidFor } from '../../helpers/store-fixtures.js';

describe('StoreQueries', () => {
  test('lists DEFAULT_LIST_LIMIT rows by default and never more than MAX_LIST_LIMIT', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    const rows = [];
    for (let n = 1; n <= MAX_LIST_LIMIT + 5; n++) {
      rows.push(toEventRow(typed(envelope(n, 1, { type: 'workflow_started', workflow_id: 'w', workflow_version: '1', initial_input: {} }, n)), 's'));
    }
    w.writeBatch(rows, [], 0);
    const q = new StoreQueries(db);
    assert.equal(q.listExecutions().length, DEFAULT_LIST_LIMIT);
    assert.equal(q.listExecutions({ limit: MAX_LIST_LIMIT * 2 }).length, MAX_LIST_LIMIT);
    assert.equal(q.listExecutions({ limit: 1 })[0]!.executionId, execIdFor(MAX_LIST_LIMIT + 5), 'newest start first');
    db.close();
  });

  test('accepts every spelling of an id and answers undefined for a malformed one', () => {
    const db = openSqliteDb(':memory:');
    new StoreWriter(db).writeBatch(completedRun(3, 0).map((e) => toEventRow(e, 's')), [], 0);
    const q = new StoreQueries(db);
    for (const id of [execIdFor(3), uuidFor(3), execIdFor(3).slice(5), execIdFor(3).toUpperCase().replace('EXEC_', 'exec_')]) {
      assert.equal(q.getExecution(id)?.executionId, execIdFor(3), id);
      assert.equal(q.getEvents(id).length, 5);
    }
    assert.equal(q.getExecution('exec_zz'), undefined);
    assert.deepEqual(q.getEvents('nope'), []);
    db.close();
  });

  test('counts running and paused executions as running, oldest first', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    w.writeBatch(completedRun(1, 100, { end: false }).map((e) => toEventRow(e, 's')), [], 0);
    w.writeBatch(completedRun(2, 0).map((e) => toEventRow(e, 's')), [], 0);
    const paused = [
      typed(envelope(4, 1, { type: 'workflow_started', workflow_id: 'w', workflow_version: '1', initial_input: {} }, 50)),
      typed(envelope(4, 2, { type: 'interrupt_raised', node_id: 'r', reason: 'check', state_for_review: {} }, 51)),
    ];
    w.writeBatch(paused.map((e) => toEventRow(e, 's')), [], 0);
    const q = new StoreQueries(db);
    assert.equal(q.getExecution(execIdFor(4))!.status, 'paused');
    assert.deepEqual(q.runningExecutionIds(), [execIdFor(4), execIdFor(1)]);
    db.close();
  });
});
