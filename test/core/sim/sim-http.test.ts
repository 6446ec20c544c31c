import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { authError, parseExecutionId } from '../../../source/core/sim/sim-http.js';
import { startSim, type SimHandle } from '../../../source/core/sim/sim-server.js';
import { SIM_T0 } from '../../helpers/sim-fixtures.js';

const TOKEN = 'jj_0123abcd';
const RECORD_KEYS = ['execution_id', 'workflow_id', 'workflow_version', 'status', 'initial_input', 'current_state', 'started_at', 'updated_at', 'completed_at', 'segment_number'];

describe('sim REST routes', () => {
  let sim: SimHandle;
  // Response bodies are arbitrary JSON the assertions walk freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string, token: string | null = TOKEN): Promise<{ status: number; body: any }> => {
    const res = await fetch(sim.httpUrl + path, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
  };

  before(async () => {
    const clock = new ManualClock(SIM_T0);
    sim = await startSim({ clock, seed: 11, executions: 400, token: TOKEN });
    for (let i = 0; i < 1_500; i++) clock.advance(100); // 150 s virtual: a mix of running and finished
  });
  after(() => sim.close());

  test('GET /health is public and answers like the runtime', async () => {
    assert.deepEqual(await get('/health', null), { status: 200, body: { status: 'ok', version: '0.4.0' } });
  });

  test('every other route needs the bearer token, with the runtime\'s 401 bodies', async () => {
    for (const path of ['/executions', '/executions/exec_00000000000000000000000000000000', '/sim/stats']) {
      assert.deepEqual(await get(path, null), { status: 401, body: { error: 'missing Authorization: Bearer <token>' } });
      assert.deepEqual(await get(path, 'wrong'), { status: 401, body: { error: 'invalid or expired token' } });
    }
  });

  test('GET /executions returns records with exactly the runtime fields, hyphenated ids, default limit 50', async () => {
    const { status, body } = await get('/executions');
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['executions']);
    assert.equal(body.executions.length, 50);
    for (const r of body.executions) {
      const keys = Object.keys(r);
      assert.deepEqual(keys.filter((k) => k !== 'parent_execution_id'), RECORD_KEYS);
      assert.match(r.execution_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(r.completed_at === null ? r.status === 'running' : r.status !== 'running');
      if ('parent_execution_id' in r) assert.equal(r.segment_number, 1);
    }
  });

  test('lists newest updated_at first and pages with limit and offset', async () => {
    const all = (await get('/executions?limit=1000')).body.executions;
    assert.ok(all.length > 80);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].updated_at >= all[i].updated_at);
    const page = (await get('/executions?limit=7&offset=20')).body.executions;
    assert.deepEqual(page, all.slice(20, 27));
    assert.deepEqual((await get('/executions?limit=0')).body.executions, []);
  });

  test('the status filter recognises only running/paused/completed/failed and ignores anything else', async () => {
    const all = (await get('/executions?limit=1000')).body.executions;
    for (const s of ['completed', 'failed', 'running']) {
      const got = (await get(`/executions?limit=1000&status=${s}`)).body.executions;
      assert.ok(got.length > 0, s);
      assert.deepEqual(got, all.filter((r: { status: string }) => r.status === s));
    }
    assert.deepEqual((await get('/executions?limit=1000&status=paused')).body.executions, []);
    for (const s of ['cancelled', 'limit_exceeded', 'bogus']) assert.deepEqual((await get(`/executions?limit=1000&status=${s}`)).body.executions, all);
  });

  test('a bad limit is rejected like axum\'s query extractor: 400 in plain text', async () => {
    assert.deepEqual(await get('/executions?limit=ten'), { status: 400, body: 'Failed to deserialize query string: limit: invalid digit found in string' });
  });

  test('GET /executions/:id accepts the exec_ form and the hyphenated form', async () => {
    const rec = (await get('/executions?limit=1')).body.executions[0];
    const simple = `exec_${rec.execution_id.replace(/-/g, '')}`;
    assert.deepEqual((await get(`/executions/${simple}`)).body, rec);
    assert.deepEqual((await get(`/executions/${rec.execution_id}`)).body, rec);
    assert.deepEqual((await get(`/executions/${simple.toUpperCase().replace('EXEC_', 'exec_')}`)).body, rec);
  });

  test('unknown ids are 404 {"error": "execution <id as given>"}; unparsable ids are 400', async () => {
    assert.deepEqual(await get('/executions/0ba5eba1-0000-4000-8000-000000000000'), { status: 404, body: { error: 'execution 0ba5eba1-0000-4000-8000-000000000000' } });
    assert.deepEqual(await get('/executions/exec_0ba5eba1000040008000000000000000'), { status: 404, body: { error: 'execution exec_0ba5eba1000040008000000000000000' } });
    assert.deepEqual(await get('/executions/not-an-id'), { status: 400, body: { error: 'invalid execution id: not-an-id' } });
  });

  test('an unknown id has an empty event log, as the runtime\'s plain lookup gives', async () => {
    assert.deepEqual(await get('/executions/exec_0ba5eba1000040008000000000000000/events'), { status: 200, body: { events: [] } });
  });

  test('GET /executions/:id/events returns the full log, ascending, with hyphenated ids inside', async () => {
    const rec = (await get('/executions?limit=1&status=completed')).body.executions[0];
    const { status, body } = await get(`/executions/exec_${rec.execution_id.replace(/-/g, '')}/events`);
    assert.equal(status, 200);
    assert.deepEqual(body, { events: sim.runtime.getEvents(rec.execution_id) });
    const events = body.events as { execution_id: string; kind: { type: string } }[];
    assert.ok(events.every((e) => e.execution_id === rec.execution_id));
    assert.equal(events.at(-1)?.kind.type, 'workflow_completed');
  });

  test('GET /sim/stats serves the runtime\'s exact stats', async () => {
    assert.deepEqual((await get('/sim/stats')).body, sim.stats());
  });

  test('unknown paths fall through like the runtime\'s SPA fallback', async () => {
    assert.deepEqual(await get('/metrics', null), { status: 404, body: 'web companion not built' });
  });
});

describe('id parsing and auth helpers', () => {
  test('parseExecutionId normalises both forms and rejects anything else', () => {
    const hy = '39201bc0-2035-4816-b345-46bc0da7d0fb';
    assert.equal(parseExecutionId('exec_39201bc020354816b34546bc0da7d0fb'), hy);
    assert.equal(parseExecutionId(hy), hy);
    assert.equal(parseExecutionId(`exec_${hy}`), hy);
    assert.equal(parseExecutionId('exec_123'), null);
    assert.equal(parseExecutionId('39201bc0-2035-4816-b345'), null);
  });

  test('authError allows everything without a token and requires the exact Bearer prefix with one', () => {
    assert.equal(authError(undefined, undefined), null);
    assert.equal(authError('Bearer t', 't'), null);
    assert.equal(authError('bearer t', 't'), 'missing Authorization: Bearer <token>');
    assert.equal(authError('Bearer u', 't'), 'invalid or expired token');
  });
});
