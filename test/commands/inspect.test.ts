import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { FIXTURE_IDS, fixtureStore, inspectFixture, INSPECT_FIXTURES, inspectCaptured } from '../helpers/inspect-fixtures.js';

const run = inspectCaptured;

/** Compares with test/fixtures/inspect/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
function golden(name: string, actual: string): void {
  const path = inspectFixture(name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, actual);
  assert.ok(existsSync(path), `missing golden ${name}: run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'));
}

describe('jamjet inspect <id> from the store', () => {
  let db: string;
  let cleanup: () => void;
  before(async () => ({ db, cleanup } = await fixtureStore()));
  after(() => cleanup());

  for (const name of INSPECT_FIXTURES) {
    test(`prints the trace tree and summary of the ${name} execution (golden)`, async () => {
      const r = await run({ db, id: FIXTURE_IDS[name] });
      assert.equal(r.err, '');
      assert.equal(r.code, 0);
      golden(`${name}.txt`, r.out);
    });
  }

  test('--events prints the timeline and --state the final state, saying where it came from (golden)', async () => {
    const r = await run({ db, id: FIXTURE_IDS['child-workflow'], events: true, state: true });
    assert.equal(r.code, 0);
    assert.match(r.out, /^state: final_state of workflow_completed/m);
    assert.ok(!r.out.includes('"__budget"'), 'the budget key is hidden from the state');
    golden('child-workflow-events-state.txt', r.out);
  });

  test('accepts the hyphenated UUID form of an id', async () => {
    const a = await run({ db, id: FIXTURE_IDS.completed });
    const b = await run({ db, id: '39201bc0-2035-4816-b345-46bc0da7d0fb' });
    assert.equal(b.code, 0);
    assert.equal(b.out, a.out);
  });

  test('--json prints one document with the documented field names', async () => {
    const r = await run({ db, id: FIXTURE_IDS['child-workflow'], json: true, events: true, state: true });
    assert.equal(r.code, 0);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed document, checked field by field below
    const doc = JSON.parse(r.out) as Record<string, any>;
    assert.deepEqual(Object.keys(doc), ['format', 'found_in', 'execution', 'tree', 'totals', 'own', 'by_model', 'critical_path', 'events', 'state']);
    assert.equal(doc.format, 'jamjet-top/inspect@1');
    assert.equal(doc.found_in, 'store');
    assert.deepEqual(Object.keys(doc.execution), [
      'execution_id', 'workflow_id', 'workflow_version', 'status', 'started_at', 'ended_at', 'duration_ms', 'source', 'error',
      'parent_execution_id', 'parent_node_id', 'next_execution_id', 'event_count', 'stale', 'last_seen_at',
    ]);
    assert.deepEqual(Object.keys(doc.totals), ['input_tokens', 'output_tokens', 'cost_usd', 'unpriced_tokens']);
    assert.deepEqual(Object.keys(doc.tree[0]), ['node_id', 'kind', 'status', 'totals', 'attempts', 'child']);
    assert.deepEqual(Object.keys(doc.tree[0].attempts[0]), [
      'span_id', 'attempt', 'status', 'queue_type', 'worker_id', 'scheduled_at', 'started_at', 'ended_at', 'duration_ms', 'model', 'system',
      'input_tokens', 'output_tokens', 'cost_usd', 'cost_source', 'error', 'retryable', 'score', 'passed', 'waits', 'notes',
      'child_execution_id', 'child_workflow_id',
    ]);
    assert.equal(doc.tree[0].child.execution.execution_id, 'exec_03de218a0b5f443e8b254bc879fbc2f6', 'the child execution is nested');
    assert.deepEqual(doc.totals, { input_tokens: 5120, output_tokens: 880, cost_usd: 0.0216, unpriced_tokens: 0 }, 'totals include the child');
    assert.deepEqual(doc.own, { input_tokens: 0, output_tokens: 0, cost_usd: 0, unpriced_tokens: 0 }, 'own: the parent spent nothing itself');
    assert.deepEqual(Object.keys(doc.tree[0].child), ['execution', 'tree', 'totals', 'own']);
    assert.deepEqual(doc.by_model, [{ model: 'gpt-4o', calls: 1, input_tokens: 5120, output_tokens: 880, cost_usd: 0.0216 }]);
    assert.deepEqual(Object.keys(doc.critical_path[0]), ['span_id', 'node_id', 'attempt', 'started_at', 'ended_at', 'duration_ms']);
    assert.deepEqual(Object.keys(doc.events[0]), ['sequence', 'offset_ms', 'type', 'node_id', 'summary', 'envelope']);
    assert.equal(doc.events.length, 15);
    assert.deepEqual(Object.keys(doc.state), ['origin', 'patches', 'value']);
    assert.equal(doc.state.origin, 'final_state');
  });

  test('a child workflow inspected on its own names its parent from the store, as the list does', async () => {
    const child = 'exec_03de218a0b5f443e8b254bc879fbc2f6';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed document
    const doc = JSON.parse((await run({ db, id: child, json: true })).out) as Record<string, any>;
    assert.equal(doc.execution.parent_execution_id, FIXTURE_IDS['child-workflow']);
    assert.equal(doc.execution.parent_node_id, 'research');
    const listed = JSON.parse((await run({ db, json: true })).out) as { executions: Array<{ execution_id: string; parent_execution_id: string | null }> };
    assert.equal(listed.executions.find((e) => e.execution_id === child)?.parent_execution_id, FIXTURE_IDS['child-workflow']);
    const text = (await run({ db, id: child })).out;
    assert.match(text, /^tokens {9}5,120 in \/ 880 out$/m, 'no own/children split for an execution without children');
  });

  test('an unknown id exits 1 naming where it looked', async () => {
    const r = await run({ db, id: 'exec_ffffffffffffffffffffffffffffffff' });
    assert.equal(r.code, 1);
    assert.equal(r.err, `no execution exec_ffffffffffffffffffffffffffffffff in ${db}\n`);
    assert.equal(r.out, '');
  });

  test('a malformed id or bad flag exits 2 with a message naming it', async () => {
    assert.deepEqual((await run({ db, id: 'nope' })).code, 2);
    const since = await run({ db, since: 'yesterday' });
    assert.equal(since.code, 2);
    assert.match(since.err, /^--since: /);
    assert.match((await run({ db, status: 'done' })).err, /^--status: expected one of running, paused, completed/);
    assert.match((await run({ db, limit: 0 })).err, /^--limit: /);
  });

  test('on a TTY colours the tree and cuts every line to the terminal width', async () => {
    const r = await run({ db, id: FIXTURE_IDS['failed-after-retry'], color: true, isTTY: true, width: 40 });
    assert.equal(r.code, 0);
    assert.ok(r.out.includes('\u001b['), 'ANSI colour on a TTY');
    const plain = r.out.split('\u001b[').map((part, i) => (i === 0 ? part : part.replace(/^[0-9;]*m/, ''))).join('');
    for (const line of plain.split('\n')) assert.ok([...line].length <= 40, `too wide: ${line}`);
    const piped = await run({ db, id: FIXTURE_IDS['failed-after-retry'], color: true, isTTY: false, width: 40 });
    assert.ok(!piped.out.includes('\u001b'), 'no ANSI when piped');
    assert.ok(piped.out.split('\n').some((l) => l.length > 40), 'no truncation when piped');
  });
});
