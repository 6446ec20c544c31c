import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { openSqliteDb, type SqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { envelope, execIdFor, typed } from '../../helpers/store-fixtures.js';

type Kind = { type: string; [k: string]: unknown };

const gate = (node: string): Kind => ({ type: 'tool_approval_required', node_id: node, tool_name: 'cms.publish', approver: 'human', context: { node_id: node } });
const approval = (node: string): Kind => ({ type: 'approval_received', node_id: node, user_id: 'alice', decision: 'approved', comment: null, state_patch: null });
const started = (node: string): Kind => ({ type: 'node_started', node_id: node, worker_id: 'w', attempt: 0 });

/** Writes each group of kinds of execution 1 as one batch; returns the stored status after each batch. */
function statuses(db: SqliteDb, batches: readonly (readonly Kind[])[], writer = new StoreWriter(db), first = 1): string[] {
  const out: string[] = [];
  let seq = first;
  for (const kinds of batches) {
    writer.writeBatch(kinds.map((k) => toEventRow(typed(envelope(1, seq, k, seq++ * 10)), 's')), [], 0);
    out.push((db.prepare('SELECT status FROM executions WHERE execution_id = ?').get(execIdFor(1)) as { status: string }).status);
  }
  return out;
}

const begin: Kind = { type: 'workflow_started', workflow_id: 'wf', workflow_version: '1', initial_input: {} };

describe('StoreWriter status', () => {
  test('stays paused while a second parallel approval is still pending, batch by batch and inside one batch', () => {
    const db = openSqliteDb(':memory:');
    assert.deepEqual(
      statuses(db, [[begin, started('a'), started('b')], [gate('a')], [gate('b')], [approval('a')], [approval('b')]]),
      ['running', 'paused', 'paused', 'paused', 'running'],
    );
    const one = openSqliteDb(':memory:');
    assert.deepEqual(statuses(one, [[begin, started('a'), started('b'), gate('a'), gate('b'), approval('a')]]), ['paused']);
  });

  test('releases a held node on its next lifecycle event, and a repeated gate or a stray decision changes nothing', () => {
    const db = openSqliteDb(':memory:');
    assert.deepEqual(
      statuses(db, [[begin, gate('a'), gate('a')], [approval('b')], [{ type: 'node_scheduled', node_id: 'a', queue_type: 'tool' }]]),
      ['paused', 'paused', 'running'],
    );
  });

  test('the end releases every hold, and a gate raised after the end holds nothing', () => {
    const db = openSqliteDb(':memory:');
    assert.deepEqual(
      statuses(db, [[begin, gate('a'), gate('b')], [{ type: 'workflow_cancelled', reason: null }], [gate('c')]]),
      ['paused', 'cancelled', 'cancelled'],
    );
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM held_nodes').get() as { n: number }).n, 0);
  });

  test('a new writer on the same store carries on from the stored holds (a restart)', () => {
    const db = openSqliteDb(':memory:');
    assert.deepEqual(statuses(db, [[begin, gate('a'), gate('b')]]), ['paused']);
    assert.deepEqual(statuses(db, [[approval('a')], [approval('b')]], new StoreWriter(db), 4), ['paused', 'running']);
  });
});

describe('StoreWriter remembers executions between batches', () => {
  const statusOf = (db: SqliteDb): string => (db.prepare('SELECT status FROM executions WHERE execution_id = ?').get(execIdFor(1)) as { status: string }).status;

  test('another connection\'s commit on the same file is seen: a gate after its end holds nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-writer-'));
    const a = openSqliteDb(join(dir, 'top.db'));
    const b = openSqliteDb(join(dir, 'top.db'));
    try {
      const mine = new StoreWriter(a);
      mine.writeBatch([toEventRow(typed(envelope(1, 1, begin, 10)), 's')], [], 0);
      new StoreWriter(b).writeBatch([toEventRow(typed(envelope(1, 2, { type: 'workflow_completed', final_state: {} }, 20)), 's')], [], 0);
      // Remembering 'running' from its own commit, the first writer would take this gate as a pause.
      mine.writeBatch([toEventRow(typed(envelope(1, 3, gate('a'), 30)), 's')], [], 0);
      assert.equal(statusOf(a), 'completed');
      assert.equal((a.prepare('SELECT event_count FROM executions').get() as { event_count: number }).event_count, 3);
    } finally {
      a.close();
      b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('forget() after a delete on the same connection: the execution gets a row again, with its events', () => {
    const db = openSqliteDb(':memory:');
    const writer = new StoreWriter(db);
    writer.writeBatch([toEventRow(typed(envelope(1, 1, begin, 10)), 's')], [], 0);
    db.exec('DELETE FROM event_log; DELETE FROM executions;');
    writer.forget();
    writer.writeBatch([toEventRow(typed(envelope(1, 2, started('a'), 20)), 's')], [], 0);
    const row = db.prepare('SELECT e.event_count, (SELECT COUNT(*) FROM events) AS stored FROM executions e').get() as { event_count: number; stored: number };
    assert.deepEqual({ ...row }, { event_count: 1, stored: 1 });
  });
});
