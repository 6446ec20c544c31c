import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInspect, type InspectArgs } from '../../source/commands/inspect.js';
import { ManualClock } from '../../source/core/clock.js';
import type { RawEnvelope } from '../../source/core/decode/event.js';
import { foldState, hideBudget } from '../../source/core/inspect/fold-state.js';
import { UNAUTHORIZED_MESSAGE } from '../../source/core/runtime-api/failure-reason.js';
import { REST_MAX_RESPONSE_BYTES } from '../../source/core/runtime-api/runtime-client.js';
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

  test('a wrong token is reported as the REST source reports it, without the token, and the id is then not found', async () => {
    const r = await run({ id: completed[0]!, token: 'wrong-token' });
    assert.equal(r.code, 1);
    assert.equal(r.err.split('\n')[0], `${sim.httpUrl}: ${UNAUTHORIZED_MESSAGE}`);
    assert.ok(!r.err.includes('wrong-token'));
  });
});

describe('jamjet inspect against a runtime whose answer is over the response cap', () => {
  const ID = 'f'.repeat(32);
  let server: Server;
  let url: string;
  let eventBytesSent = 0;

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === `/executions/exec_${ID}`) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ execution_id: ID, status: 'running', workflow_id: 'wf' }));
        return;
      }
      if (path !== `/executions/exec_${ID}/events`) return void res.writeHead(404).end();
      // A valid JSON body one MiB past the cap, streamed without a length so only reading it finds the size.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(1024 * 1024);
      let left = REST_MAX_RESPONSE_BYTES / chunk.length + 1;
      res.write('{"events":[],"pad":"');
      const more = (): void => {
        while (left > 0) {
          left--;
          eventBytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('"}');
      };
      res.on('close', () => (left = 0));
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('refuses the event log past REST_MAX_RESPONSE_BYTES, says so and exits 1, as the REST source does', async () => {
    const out = capture();
    const err = capture();
    const code = await runInspect({ id: `exec_${ID}`, db: ':memory:', urls: [url], color: false, width: 100, isTTY: false }, { stdout: out.stream, stderr: err.stream });
    assert.equal(code, 1);
    assert.match(err.text(), new RegExp(`^${url}: bad response from GET /executions/exec_${ID}/events: body larger than ${REST_MAX_RESPONSE_BYTES} bytes\n`));
    assert.ok(eventBytesSent < REST_MAX_RESPONSE_BYTES + 8 * 1024 * 1024, `stopped reading near the cap (${eventBytesSent} bytes sent)`);
  });
});
