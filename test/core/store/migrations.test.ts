import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreQueries } from '../../../source/core/store/store-queries.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { envelope, execIdFor, typed, undoMigration5, uuidFor } from '../../helpers/store-fixtures.js';

const LINKS = 'SELECT parent_id, child_id, node_id FROM execution_links ORDER BY parent_id, child_id';

describe('migration 2: execution links', () => {
  test('backfills from a version-1 store exactly the links the writer records, for every spelling of a child id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-migrate-'));
    try {
      const path = join(dir, 'top.db');
      const spellings = [
        execIdFor(2), uuidFor(3), execIdFor(4).toUpperCase(), `EXEC_${uuidFor(5)}`, execIdFor(6).slice(5).toUpperCase(),
        `exec_${uuidFor(7).replace(/-/g, '')}-`, 'not-an-id', `${uuidFor(8).slice(0, 8)}x${uuidFor(8).slice(9)}`, uuidFor(1),
      ];
      const kinds: { type: string; [k: string]: unknown }[] = [
        { type: 'workflow_started', workflow_id: 'p', workflow_version: '1', initial_input: {} },
        ...spellings.map((c, i) => ({ type: i % 2 ? 'child_workflow_started' : 'child_workflow_failed', node_id: `n${i}`, child_execution_id: c, child_workflow_id: 'c', error: 'e' })),
        { type: 'node_completed', node_id: 'm', output: {}, state_patch: {}, duration_ms: 1, input_tokens: 100, output_tokens: 10 },
      ];
      const child = (n: number) => toEventRow(typed(envelope(n, 1, {
        type: 'node_completed', node_id: 'm', output: {}, state_patch: {}, duration_ms: 1, input_tokens: n, output_tokens: 0,
      }, 5)), 's');
      const db = openSqliteDb(path);
      new StoreWriter(db).writeBatch([...kinds.map((k, i) => toEventRow(typed(envelope(1, i + 1, k, i)), 's')), child(2), child(5)], [], 0);
      const written = db.prepare(LINKS).all();
      assert.deepEqual(written.map((r) => (r as { child_id: string }).child_id), [execIdFor(2), execIdFor(3), execIdFor(4), execIdFor(5), execIdFor(6)]);
      // What a build before migration 2 left behind: the same events, no links table.
      undoMigration5(db);
      db.exec('DROP TABLE held_nodes; DROP TABLE execution_links; DROP TABLE sources; PRAGMA user_version = 1;');
      db.close();

      const migrated = openSqliteDb(path);
      assert.deepEqual(migrated.prepare(LINKS).all(), written);
      const e = new StoreQueries(migrated).getExecution(execIdFor(1))!;
      assert.deepEqual([e.inputTokens, e.own?.inputTokens], [107, 100], 'an old store lists totals with children too');
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 4: held nodes', () => {
  test('backfills the nodes held right now and redoes the statuses an older writer got wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-migrate-'));
    try {
      const path = join(dir, 'top.db');
      const gate = (node: string) => ({ type: 'tool_approval_required', node_id: node, tool_name: 't', approver: 'human', context: {} });
      const decided = (node: string) => ({ type: 'approval_received', node_id: node, user_id: 'u', decision: 'approved', comment: null, state_patch: null });
      const begin = { type: 'workflow_started', workflow_id: 'wf', workflow_version: '1', initial_input: {} };
      const runs: { type: string; [k: string]: unknown }[][] = [
        [begin, gate('a'), gate('b'), decided('a')], // two parallel gates, one decided: paused
        [begin, gate('a'), decided('a'), { type: 'node_started', node_id: 'a', worker_id: 'w', attempt: 0 }], // decided: running
        [begin, gate('a'), { type: 'node_failed', node_id: 'a', error: 'rejected', attempt: 0, retryable: false }], // released by its end: running
        [begin, gate('a'), { type: 'workflow_cancelled', reason: null }], // finished: left as it is
      ];
      const db = openSqliteDb(path);
      new StoreWriter(db).writeBatch(runs.flatMap((kinds, n) => kinds.map((k, i) => toEventRow(typed(envelope(n + 1, i + 1, k, i)), 's'))), [], 0);
      // What a build before migration 4 left behind: no held_nodes, "running" after any approval_received and
      // "paused" after a gate until one came, however the held node ended.
      undoMigration5(db);
      db.exec('DROP TABLE held_nodes; PRAGMA user_version = 3;');
      db.prepare('UPDATE executions SET status = ? WHERE execution_id = ?').run('running', execIdFor(1));
      db.prepare('UPDATE executions SET status = ? WHERE execution_id = ?').run('paused', execIdFor(3));
      db.close();

      const migrated = openSqliteDb(path);
      const status = (n: number) => (migrated.prepare('SELECT status FROM executions WHERE execution_id = ?').get(execIdFor(n)) as { status: string }).status;
      assert.deepEqual([1, 2, 3, 4].map(status), ['paused', 'running', 'running', 'cancelled']);
      assert.deepEqual(migrated.prepare('SELECT execution_id, node_id FROM held_nodes').all(), [{ execution_id: execIdFor(1), node_id: 'b' }]);
      // The writer carries on from there: deciding the other gate resumes it.
      new StoreWriter(migrated).writeBatch([toEventRow(typed(envelope(1, 5, decided('b'), 9)), 's')], [], 0);
      assert.equal(status(1), 'running');
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 5: events keyed by execution number', () => {
  test('keeps every event, execution and cursor of a version-4 store, and a replay after it stores nothing twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-migrate-'));
    try {
      const path = join(dir, 'top.db');
      const run = (n: number, kinds: { type: string; [k: string]: unknown }[]) => kinds.map((k, i) => toEventRow(typed(envelope(n, i + 1, k, n * 10 + i)), 's'));
      const begin = { type: 'workflow_started', workflow_id: 'wf', workflow_version: '1', initial_input: {} };
      const done = (node: string) => ({ type: 'node_completed', node_id: node, output: {}, state_patch: {}, duration_ms: 1, input_tokens: 7, output_tokens: 3 });
      const rows = [
        ...run(1, [begin, done('a'), { type: 'workflow_completed', final_state: {} }]),
        ...run(2, [begin, { type: 'child_workflow_started', node_id: 'c', child_execution_id: execIdFor(1), child_workflow_id: 'wf' }, done('b')]),
      ];
      const db = openSqliteDb(path);
      new StoreWriter(db).writeBatch(rows, [{ sourceKey: 's', cursor: '42' }], 5);
      const read = (d: typeof db) => {
        const q = new StoreQueries(d);
        return {
          list: q.listExecutions(), texts: [1, 2].map((n) => q.getEventTexts(execIdFor(n))), cursors: [...q.cursors()],
          events: d.prepare('SELECT rowid, execution_id, sequence, type, time, node_id, source FROM events ORDER BY rowid').all(),
        };
      };
      const before = read(db);
      undoMigration5(db);
      assert.deepEqual(db.prepare('SELECT rowid, execution_id, sequence, type, time, node_id, source FROM events ORDER BY rowid').all(), before.events);
      db.close();

      const migrated = openSqliteDb(path);
      assert.equal(migrated.pragmaValue('user_version'), 5);
      assert.deepEqual(read(migrated), before);
      const again = new StoreWriter(migrated).writeBatch(rows, [], 6);
      assert.deepEqual(again, { inserted: 0, duplicates: rows.length });
      const more = new StoreWriter(migrated).writeBatch([...run(3, [begin]), toEventRow(typed(envelope(2, 4, done('b'), 30)), 's')], [], 7);
      assert.deepEqual(more, { inserted: 2, duplicates: 0 });
      const list = new StoreQueries(migrated).listExecutions();
      assert.equal(list.length, 3);
      assert.equal(list.find((x) => x.executionId === execIdFor(2))?.nodeCount, 1, 'a node it had before is not counted again');
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
