import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { StoreQueries, DEFAULT_LIST_LIMIT, MAX_LINK_DEPTH, MAX_LIST_LIMIT } from '../../../source/core/store/store-queries.js';
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

/** Execution `n`: started, one model call of `input`/`output` tokens costing `cost`, a child_workflow_* event per child, completed. */
function family(n: number, t0: number, input: number, cost: number, children: readonly number[] = [], linkType = 'child_workflow_started') {
  const kinds: { type: string; [k: string]: unknown }[] = [
    { type: 'workflow_started', workflow_id: `wf${n}`, workflow_version: '1', initial_input: {} },
    ...children.map((c) => ({ type: linkType, node_id: 'sub', child_execution_id: c % 2 === 0 ? execIdFor(c) : uuidFor(c), child_workflow_id: 'child', result: {}, error: 'x' })),
    { type: 'node_completed', node_id: 'm', output: {}, state_patch: {}, duration_ms: 1, gen_ai_model: 'gpt-4o', input_tokens: input, output_tokens: input / 10, cost_usd: cost },
    { type: 'workflow_completed', final_state: {} },
  ];
  return kinds.map((k, i) => toEventRow(typed(envelope(n, i + 1, k, t0 + i)), 's'));
}

describe('StoreQueries totals include child workflows', () => {
  function usage(q: StoreQueries, n: number) {
    const e = q.getExecution(execIdFor(n))!;
    return { total: [e.inputTokens, e.outputTokens, Number(e.costUsd!.toFixed(9))], own: [e.own!.inputTokens, e.own!.outputTokens, e.own!.costUsd], parent: e.parentExecutionId };
  }

  test('sums the whole subtree, nested children included, and keeps the own share apart', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    w.writeBatch([...family(1, 0, 1000, 0.5, [2, 3]), ...family(2, 10, 100, 0.25, [4]), ...family(3, 20, 10, 0.125), ...family(4, 30, 1000, 1)], [], 0);
    const q = new StoreQueries(db);
    assert.deepEqual(usage(q, 1), { total: [2110, 211, 1.875], own: [1000, 100, 0.5], parent: undefined });
    assert.deepEqual(usage(q, 2), { total: [1100, 110, 1.25], own: [100, 10, 0.25], parent: execIdFor(1) });
    assert.deepEqual(usage(q, 4), { total: [1000, 100, 1], own: [1000, 100, 1], parent: execIdFor(2) });
    const listed = q.listExecutions({ workflow: 'wf1' });
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.inputTokens, 2110, 'children count even when the filter leaves their rows out');
    assert.deepEqual(q.listExecutions({ limit: 10 }).map((e) => e.inputTokens), [1000, 10, 1100, 2110], 'same order as before, newest start first');
    db.close();
  });

  test('a child stored before its parent\'s link event still rolls up, and a link repeated by completed/failed counts once', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    w.writeBatch(family(6, 10, 500, 0.5), [], 0);
    assert.equal(new StoreQueries(db).getExecution(execIdFor(6))!.parentExecutionId, undefined);
    w.writeBatch(family(5, 0, 100, 0.25, [6]), [], 0);
    const done = { type: 'child_workflow_completed', node_id: 'sub', child_execution_id: uuidFor(6), result: {} };
    w.writeBatch([toEventRow(typed(envelope(5, 9, done, 50)), 's')], [], 0);
    const q = new StoreQueries(db);
    assert.deepEqual(usage(q, 5).total, [600, 60, 0.75]);
    assert.equal(usage(q, 6).parent, execIdFor(5));
    db.close();
  });

  test('a cycle of links and self links count each execution once; nesting stops MAX_LINK_DEPTH levels down', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    // 10 → 11 → 10 (a cycle), 11 → 11 (itself).
    w.writeBatch([...family(10, 0, 100, 1, [11]), ...family(11, 10, 10, 1, [10, 11])], [], 0);
    const q = new StoreQueries(db);
    assert.deepEqual(usage(q, 10).total, [110, 11, 2]);
    assert.deepEqual(usage(q, 11).total, [110, 11, 2]);
    // A chain 20 → 21 → … → 20 + MAX_LINK_DEPTH + 2: the root sums MAX_LINK_DEPTH + 1 levels (itself and 8 below).
    const last = 20 + MAX_LINK_DEPTH + 2;
    const rows = [];
    for (let n = 20; n <= last; n++) rows.push(...family(n, n, 100, 0, n < last ? [n + 1] : []));
    w.writeBatch(rows, [], 0);
    assert.equal(usage(q, 20).total[0], 100 * (MAX_LINK_DEPTH + 1));
    assert.equal(usage(q, last - 1).total[0], 200);
    db.close();
  });

  test('a child_execution_id that is not an execution id links nothing', () => {
    const db = openSqliteDb(':memory:');
    const w = new StoreWriter(db);
    const rows = family(30, 0, 100, 0.5, [31]);
    const bad = toEventRow(typed(envelope(30, 9, { type: 'child_workflow_started', node_id: 'sub', child_execution_id: 'not-an-id', child_workflow_id: 'c' }, 9)), 's');
    w.writeBatch([...rows, bad, ...family(31, 5, 10, 0.25)], [], 0);
    assert.deepEqual(db.prepare('SELECT parent_id, child_id FROM execution_links').all(), [{ parent_id: execIdFor(30), child_id: execIdFor(31) }]);
    db.close();
  });
});
