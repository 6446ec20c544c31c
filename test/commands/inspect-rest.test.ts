import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runInspect, type InspectArgs } from '../../source/commands/inspect.js';
import { ManualClock } from '../../source/core/clock.js';
import type { RawEnvelope } from '../../source/core/decode/event.js';
import { foldState, hideBudget } from '../../source/core/inspect/fold-state.js';
import { startSim, type SimHandle } from '../../source/core/sim/sim-server.js';
import { capture } from '../helpers/inspect-fixtures.js';
import { SIM_T0 } from '../helpers/sim-fixtures.js';

const TOKEN = 'jj_secret_0123456789';

describe('jamjet inspect against a runtime (the sim) when the store does not have the execution', () => {
  let sim: SimHandle;
  let completed: string[];
  const get = async (path: string): Promise<any> => // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON bodies
    (await fetch(sim.httpUrl + path, { headers: { authorization: `Bearer ${TOKEN}` } })).json();

  async function run(args: Partial<InspectArgs>): Promise<{ code: number; out: string; err: string }> {
    const out = capture();
    const err = capture();
    const code = await runInspect(
      { db: ':memory:', urls: [sim.httpUrl], token: TOKEN, color: false, width: 100, isTTY: false, now: SIM_T0 + 600_000, ...args },
      { stdout: out.stream, stderr: err.stream },
    );
    return { code, out: out.text(), err: err.text() };
  }

  before(async () => {
    const clock = new ManualClock(SIM_T0);
    sim = await startSim({ clock, seed: 5, executions: 60, rate: 4, token: TOKEN });
    for (let i = 0; i < 3_000; i++) clock.advance(100); // 300 s virtual: every execution has finished
    const list = (await get('/executions?status=completed&limit=1000')) as { executions: { execution_id: string }[] };
    completed = list.executions.map((e) => e.execution_id);
    assert.ok(completed.length >= 10, `the sim completed ${completed.length} executions`);
  });
  after(() => sim.close());

  test('--state equals final_state for every completed execution, and so does folding the patches', async () => {
    for (const id of completed) {
      const events = ((await get(`/executions/${id}/events`)) as { events: RawEnvelope[] }).events;
      const final = events.find((e) => e.kind.type === 'workflow_completed')!.kind['final_state'];
      const r = await run({ id, state: true, json: true });
      assert.equal(r.code, 0, r.err);
      const doc = JSON.parse(r.out) as { found_in: string; state: { origin: string; value: unknown } };
      assert.equal(doc.found_in, 'runtime');
      assert.equal(doc.state.origin, 'final_state');
      assert.deepEqual(doc.state.value, hideBudget(final as never));
      assert.deepEqual(hideBudget(foldState(events, false).state), hideBudget(final as never), `fold of ${id}`);
    }
  });

  test('shows the same tree as from the store, and never prints the token', async () => {
    const r = await run({ id: completed[0]! });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^execution exec_[0-9a-f]{32} /);
    assert.match(r.out, /^status\s+completed$/m);
    assert.ok(!r.out.includes(TOKEN) && !r.err.includes(TOKEN));
  });

  test('with no id and no store file, lists the runtime\'s executions with the same filters', async () => {
    const table = await run({ limit: 5 });
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trimEnd().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0]!, /^EXECUTION\s+WORKFLOW\s+STATUS/);
    // The runtime's list has no tokens, cost or counts: shown as unknown, never as zeros.
    assert.doesNotMatch(lines[1]!, /\$0\.00/);
    const failed = JSON.parse((await run({ status: 'failed', json: true, limit: 1000 })).out) as { executions: { status: string; input_tokens: unknown; cost_usd: unknown; node_count: unknown }[] };
    assert.ok(failed.executions.length > 0);
    assert.deepEqual([failed.executions[0]!.input_tokens, failed.executions[0]!.cost_usd, failed.executions[0]!.node_count], [null, null, null]);
    assert.ok(failed.executions.every((e) => e.status === 'failed'));
    const cancelled = JSON.parse((await run({ status: 'cancelled', json: true, limit: 1000 })).out) as { executions: { status: string }[] };
    assert.ok(cancelled.executions.every((e) => e.status === 'cancelled'), 'filtered here even though the runtime ignores this status filter');
  });

  test('an id the runtime does not know exits 1 naming the store and the runtime', async () => {
    const r = await run({ id: 'exec_00000000000000000000000000000abc' });
    assert.equal(r.code, 1);
    assert.equal(r.err, `no execution exec_00000000000000000000000000000abc in :memory: or at ${sim.httpUrl}\n`);
  });

  test('a wrong token is reported without the token, and the id is then not found', async () => {
    const r = await run({ id: completed[0]!, token: 'wrong-token' });
    assert.equal(r.code, 1);
    assert.match(r.err, /returned 401 \(check --token\)/);
    assert.ok(!r.err.includes('wrong-token'));
  });
});
