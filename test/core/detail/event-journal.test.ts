import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventJournal, MAX_JOURNAL_EVENTS, MAX_JOURNAL_EXECUTIONS, MAX_PENDING_PATCHES } from '../../../source/core/detail/event-journal.js';
import { completed, ev, execId, nodeStarted, run, scheduled } from '../../helpers/model-events.js';

const startedWith = (input: Record<string, unknown>) => ({ type: 'workflow_started', workflow_id: 'wf', workflow_version: '1', initial_input: input });

describe('EventJournal', () => {
  test('keeps the last MAX_JOURNAL_EVENTS events of an execution in sequence order and counts every one seen', () => {
    const journal = new EventJournal();
    const total = MAX_JOURNAL_EVENTS + 50;
    const events = [ev(1, 1, startedWith({}), 0)];
    for (let seq = 2; seq <= total; seq++) events.push(ev(1, seq, seq % 2 ? scheduled(`n${seq}`) : nodeStarted(`n${seq - 1}`), seq));
    journal.events(events);
    const view = journal.view(execId(1))!;
    assert.equal(view.seen, total);
    assert.equal(view.events.length, MAX_JOURNAL_EVENTS);
    assert.equal(view.events[0]!.sequence, total - MAX_JOURNAL_EVENTS + 1);
    assert.equal(view.events.at(-1)!.sequence, total);
    assert.equal(view.events[0]!.offsetMs, 0, 'times are relative to the first event kept');
  });

  test('counts a repeated event once, and takes an out-of-order one in its place', () => {
    const journal = new EventJournal();
    const [a, b, c] = run(1, [[startedWith({}), 0], [scheduled('x'), 5], [nodeStarted('x'), 9]]);
    journal.events([a!, c!, c!, b!, a!]);
    const view = journal.view(execId(1))!;
    assert.equal(view.seen, 3);
    assert.deepEqual(view.events.map((e) => e.sequence), [1, 2, 3]);
  });

  test('folds the state from initial_input and every state patch, beyond the pending-patch batch, with __budget hidden', () => {
    const journal = new EventJournal();
    const events = [ev(1, 1, startedWith({ topic: 'x', __budget: { tokens: 1 } }), 0)];
    const patches = MAX_PENDING_PATCHES * 2 + 3;
    for (let i = 0; i < patches; i++) events.push(ev(1, i + 2, completed(`n${i}`, 10, { state_patch: i === 0 ? { k0: 0, topic: null } : { [`k${i % 5}`]: i } }), i + 1));
    journal.events(events);
    const view = journal.view(execId(1))!;
    assert.equal(view.stateOrigin, 'folded');
    const expected: Record<string, number> = {};
    for (let i = 0; i < patches; i++) expected[`k${i % 5}`] = i;
    assert.deepEqual(view.state, expected);
  });

  test('shows final_state once the workflow completed, and ignores patches after it', () => {
    const journal = new EventJournal();
    journal.events(run(1, [[startedWith({ a: 1 }), 0], [{ type: 'workflow_completed', final_state: { done: true } }, 5], [completed('late', 1, { state_patch: { a: 2 } }), 6]]));
    const view = journal.view(execId(1))!;
    assert.equal(view.stateOrigin, 'final_state');
    assert.deepEqual(view.state, { done: true });
  });

  test('has no state before its workflow_started', () => {
    const journal = new EventJournal();
    journal.events([ev(1, 5, completed('x', 1, { state_patch: { a: 1 } }), 0)]);
    assert.equal(journal.view(execId(1))!.state, undefined);
  });

  test('forgets the execution idle the longest past MAX_JOURNAL_EXECUTIONS, never a recently active one', () => {
    const journal = new EventJournal();
    for (let n = 1; n <= MAX_JOURNAL_EXECUTIONS; n++) journal.events([ev(n, 1, startedWith({}), n)]);
    journal.events([ev(1, 2, scheduled('x'), 1_000)]); // execution 1 active again: execution 2 is now the oldest
    journal.events([ev(MAX_JOURNAL_EXECUTIONS + 1, 1, startedWith({}), 2_000)]);
    assert.equal(journal.size, MAX_JOURNAL_EXECUTIONS);
    assert.equal(journal.forgotten, 1);
    assert.ok(journal.view(execId(1)));
    assert.equal(journal.view(execId(2)), undefined);
    assert.ok(journal.view(execId(MAX_JOURNAL_EXECUTIONS + 1)));
  });

  test('never forgets the execution on screen, however long it is quiet', () => {
    const journal = new EventJournal();
    journal.events([ev(1, 1, startedWith({}), 0)]);
    assert.ok(journal.view(execId(1)));
    for (let n = 2; n <= MAX_JOURNAL_EXECUTIONS * 3; n++) journal.events([ev(n, 1, startedWith({}), n)]);
    assert.equal(journal.size, MAX_JOURNAL_EXECUTIONS);
    assert.ok(journal.view(execId(1)));
  });

  test('hands out the same view until the execution gets another event', () => {
    const journal = new EventJournal();
    journal.events([ev(1, 1, startedWith({}), 0)]);
    const first = journal.view(execId(1));
    assert.equal(journal.view(execId(1)), first);
    journal.events([ev(1, 2, scheduled('x'), 1)]);
    assert.notEqual(journal.view(execId(1)), first);
  });
});
