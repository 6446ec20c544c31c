import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { StoreQueries } from '../../../source/core/store/store-queries.js';
import { Retention, RETENTION_CHUNK_EXECUTIONS } from '../../../source/core/store/retention.js';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { completedRun, envelope, execIdFor, typed } from '../../helpers/store-fixtures.js';

function seeded() {
  const db = openSqliteDb(':memory:');
  const writer = new StoreWriter(db);
  const add = (n: number, t0: number, end = true): void => {
    writer.writeBatch(completedRun(n, t0, { end }).map((e) => toEventRow(e, 's')), [], t0);
  };
  return { db, add, q: new StoreQueries(db) };
}

const DAY = 86_400_000;

describe('Retention', () => {
  test('by age deletes finished executions that ended before now - maxAge, and nothing else', () => {
    const { db, add, q } = seeded();
    add(1, 0); // old, finished
    add(2, 0, false); // old, still running: never deleted
    add(3, 9 * DAY); // recent, finished
    const r = new Retention(db, { maxAgeMs: 7 * DAY });
    assert.equal(r.runAll(10 * DAY), 1);
    assert.equal(q.getExecution(execIdFor(1)), undefined);
    assert.equal(q.getEventTexts(execIdFor(1)).length, 0);
    assert.ok(q.getExecution(execIdFor(2)));
    assert.equal(q.getEventTexts(execIdFor(2)).length, 4);
    assert.ok(q.getExecution(execIdFor(3)));
    db.close();
  });

  test('deletes in chunks of RETENTION_CHUNK_EXECUTIONS, reporting more until done', () => {
    const { db, add, q } = seeded();
    const n = RETENTION_CHUNK_EXECUTIONS + 7;
    for (let i = 1; i <= n; i++) add(i, i);
    const r = new Retention(db, { maxAgeMs: DAY });
    const first = r.step(10 * DAY);
    assert.equal(first.deleted, RETENTION_CHUNK_EXECUTIONS);
    assert.equal(first.more, true);
    assert.equal(r.step(10 * DAY).deleted, 7);
    assert.deepEqual(r.step(10 * DAY), { deleted: 0, more: false });
    assert.equal(q.listExecutions({ limit: 1000 }).length, 0);
    db.close();
  });

  test('by size deletes the oldest finished executions until under the limit, keeping running ones', () => {
    const { db, add, q } = seeded();
    for (let i = 1; i <= 400; i++) add(i, i * 1000, i % 10 !== 0);
    const r = new Retention(db, { maxBytes: Number.MAX_SAFE_INTEGER });
    const before = r.usedBytes();
    const limit = Math.floor(before / 2);
    const sized = new Retention(db, { maxBytes: limit }, 10);
    const deleted = sized.runAll(0);
    assert.ok(deleted > 0 && deleted < 360);
    assert.ok(sized.usedBytes() <= limit);
    const left = q.listExecutions({ limit: 1000 });
    assert.equal(left.filter((e) => e.status === 'running').length, 40, 'running executions are never deleted');
    const gone = Array.from({ length: 400 }, (_, i) => i + 1).filter((i) => !q.getExecution(execIdFor(i)));
    assert.equal(Math.max(...gone) < Math.min(...left.filter((e) => e.status !== 'running').map((e) => parseInt(e.executionId.slice(5), 16))), true, 'oldest went first');
    db.close();
  });

  test('does nothing without limits', () => {
    const { db, add } = seeded();
    add(1, 0);
    assert.deepEqual(new Retention(db, {}).step(100 * DAY), { deleted: 0, more: false });
    db.close();
  });

  test('a child workflow is kept while its parent is, and goes with it', () => {
    const { db, add, q } = seeded();
    const link = (parent: number, child: number, t: number): void => {
      const kind = { type: 'child_workflow_started', node_id: 'sub', child_execution_id: execIdFor(child), child_workflow_id: 'c' };
      new StoreWriter(db).writeBatch([toEventRow(typed(envelope(parent, 9, kind, t)), 's')], [], t);
    };
    add(1, 0); // parent, ended at 30
    add(2, 0); link(1, 2, 5); // child ended at 30 too: held (the parent's id is smaller)
    add(3, -20); link(2, 3, 5); // grandchild, ended earliest
    add(4, 5 * DAY, false); add(5, 0); link(4, 5, 5 * DAY); // a running parent holds its old finished child
    add(6, 0); add(7, 0); link(6, 7, 1); link(7, 6, 1); // a cycle still goes
    const r = new Retention(db, { maxAgeMs: DAY });
    assert.equal(r.runAll(2 * DAY), 5);
    assert.deepEqual(q.listExecutions({ limit: 10 }).map((e) => e.executionId), [execIdFor(4), execIdFor(5)]);
    assert.equal(q.getExecution(execIdFor(4))!.inputTokens, 200, 'the running parent still counts its child');
    assert.deepEqual(db.prepare('SELECT parent_id, child_id FROM execution_links').all(), [{ parent_id: execIdFor(4), child_id: execIdFor(5) }]);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM events').get(), { n: 4 + 1 + 5 }, 'the others\' events are gone');
    db.close();
  });
});
