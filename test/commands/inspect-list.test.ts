import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSince, } from '../../source/commands/inspect.js';
import { ManualClock } from '../../source/core/clock.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { fixtureStore, inspectCaptured } from '../helpers/inspect-fixtures.js';
import { envelope, execIdFor, typed } from '../helpers/store-fixtures.js';

const hasRawControl = (s: string): boolean => ['\u001b', '\u009b', '\u202e'].some((c) => s.includes(c));

const run = inspectCaptured;

describe('jamjet inspect with no id', () => {
  let db: string;
  let cleanup: () => void;
  before(async () => ({ db, cleanup } = await fixtureStore()));
  after(() => cleanup());

  test('prints a table of recent executions, newest first', async () => {
    const r = await run({ db });
    assert.equal(r.code, 0);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^EXECUTION\s+WORKFLOW\s+STATUS\s+STARTED \(UTC\)\s+DURATION\s+NODES\s+TOKENS\s+COST$/);
    assert.equal(lines.length, 6);
    assert.match(lines[1]!, /^exec_2082f363273940928c357778775308a1\s+cms_publisher\s+completed/);
    assert.match(lines[5]!, /^exec_39201bc020354816b34546bc0da7d0fb\s+research_brief/);
  });

  test('filters by --status, --workflow, --since and --limit', async () => {
    const failed = await run({ db, status: 'failed', json: true });
    assert.deepEqual((JSON.parse(failed.out) as { executions: { execution_id: string }[] }).executions.map((e) => e.execution_id), ['exec_3110084bdce044b9bd8c0a4862b0c1dd']);
    const wf = JSON.parse((await run({ db, workflow: 'research_brief', json: true })).out) as { executions: unknown[] };
    assert.equal(wf.executions.length, 2);
    const since = JSON.parse((await run({ db, since: '2026-03-15', json: true })).out) as { executions: unknown[] };
    assert.equal(since.executions.length, 3);
    const recent = JSON.parse((await run({ db, since: '36h', json: true })).out) as { executions: unknown[] };
    assert.equal(recent.executions.length, 3);
    const limited = JSON.parse((await run({ db, limit: 2, json: true })).out) as { executions: unknown[] };
    assert.equal(limited.executions.length, 2);
  });

  test('--json lists executions with the documented field names', async () => {
    const doc = JSON.parse((await run({ db, json: true, limit: 1 })).out) as { format: string; executions: Record<string, unknown>[] };
    assert.equal(doc.format, 'jamjet-top/inspect@1');
    assert.deepEqual(Object.keys(doc.executions[0]!), [
      'execution_id', 'workflow_id', 'workflow_version', 'status', 'started_at', 'ended_at', 'duration_ms',
      'input_tokens', 'output_tokens', 'cost_usd', 'node_count', 'event_count', 'error', 'source', 'parent_execution_id', 'own', 'stale', 'last_seen_at',
    ]);
    assert.deepEqual(Object.keys(doc.executions[0]!['own'] as object), ['input_tokens', 'output_tokens', 'cost_usd']);
  });

  test('a parent\'s tokens and cost include its child workflow\'s; the child\'s row is marked and names its parent', async () => {
    type Row = { execution_id: string; input_tokens: number; output_tokens: number; cost_usd: number; parent_execution_id: string | null; own: { input_tokens: number; output_tokens: number; cost_usd: number } };
    const rows = (JSON.parse((await run({ db, json: true })).out) as { executions: Row[] }).executions;
    const parent = rows.find((r) => r.execution_id === 'exec_10c16f5ddac84fb6af102c604002573a')!;
    const child = rows.find((r) => r.execution_id === 'exec_03de218a0b5f443e8b254bc879fbc2f6')!;
    assert.deepEqual([parent.input_tokens, parent.output_tokens, parent.cost_usd, parent.parent_execution_id], [5120, 880, 0.0216, null]);
    assert.deepEqual(parent.own, { input_tokens: 0, output_tokens: 0, cost_usd: 0 });
    assert.deepEqual([child.input_tokens, child.parent_execution_id], [5120, parent.execution_id]);
    assert.deepEqual(child.own, { input_tokens: 5120, output_tokens: 880, cost_usd: 0.0216 });
    const table = (await run({ db })).out.split('\n');
    assert.match(table.find((l) => l.startsWith(parent.execution_id))!, /\spublish_report\s.*\s6,000\s+\$0\.0216$/);
    assert.match(table.find((l) => l.startsWith(child.execution_id))!, /\s↳ deep_research\s.*\s6,000\s+\$0\.0216$/);
  });

  test('says so when nothing matches, on stderr', async () => {
    const r = await run({ db, workflow: 'nope' });
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.equal(r.err, `no executions in ${db} matching the filters\n`);
  });
});

describe('jamjet inspect errors and hostile content', () => {
  test('a corrupt database is a one-line error and exit 2, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-bad-'));
    try {
      const db = join(dir, 'top.db');
      writeFileSync(db, 'garbage'.repeat(1000));
      const r = await run({ db, id: execIdFor(1) });
      assert.equal(r.code, 2);
      assert.equal(r.err, `jamjet: --db ${db}: file is not a database\n`);
      assert.equal((await run({ db })).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing database file is simply an empty store', async () => {
    const r = await run({ db: '/nonexistent/dir/top.db', id: execIdFor(1) });
    assert.equal(r.code, 1);
    assert.equal(r.err, `no execution ${execIdFor(1)} in /nonexistent/dir/top.db\n`);
  });

  test('control characters from the wire are shown escaped, never emitted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-esc-'));
    try {
      const db = join(dir, 'top.db');
      const sink = new SqliteEventSink({ path: db, clock: new ManualClock(0), thread: 'inline' });
      const evil = 'x\u001b[2J\u009b31m\u202e';
      sink.write([
        typed(envelope(9, 1, { type: 'workflow_started', workflow_id: evil, workflow_version: '1', initial_input: { k: evil } }, 0)),
        typed(envelope(9, 2, { type: 'node_scheduled', node_id: evil, queue_type: 'tool' }, 1)),
        typed(envelope(9, 3, { type: 'workflow_failed', error: `bad${evil}` }, 2)),
      ], 's', undefined);
      await sink.close();
      for (const args of [{}, { events: true }, { state: true }] as const) {
        const r = await run({ db, id: execIdFor(9), ...args });
        assert.equal(r.code, 0);
        assert.ok(!hasRawControl(r.out), `raw control character in ${JSON.stringify(args)} output`);
        assert.ok(r.out.includes('\\x1b') || r.out.includes('\\u001b'), 'shown escaped');
      }
      const table = await run({ db });
      assert.ok(!hasRawControl(table.out));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('parseSince reads durations and dates and refuses anything else', () => {
    assert.equal(parseSince('90s', 100_000), 10_000);
    assert.equal(parseSince('2h', 10_000_000), 10_000_000 - 7_200_000);
    assert.equal(parseSince('2026-03-14T00:00:00Z', 0), Date.parse('2026-03-14T00:00:00Z'));
    assert.equal(parseSince(undefined, 0), undefined);
    assert.throws(() => parseSince('soon', 0), /--since/);
  });
});
