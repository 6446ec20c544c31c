import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { ACTION_MESSAGE_MAX_CHARS, serverMessage, statusFailure } from '../../../source/core/runtime-api/action-result.js';
import { RuntimeClient, type FetchLike } from '../../../source/core/runtime-api/runtime-client.js';
import { pendingApprovals } from '../../../source/core/sim/sim-actions.js';
import { startSim, type SimHandle } from '../../../source/core/sim/sim-server.js';
import { SIM_T0 } from '../../helpers/sim-fixtures.js';

const ID = 'exec_0123456789abcdef0123456789abcdef';

/** A fetch double answering every request with one status and body, recording what was sent. */
function answering(status: number, body: string, type = 'application/json'): { fetch: FetchLike; sent: { url: string; method: string; headers: Record<string, string>; body?: string }[] } {
  const sent: { url: string; method: string; headers: Record<string, string>; body?: string }[] = [];
  return {
    sent,
    fetch: async (url, init) => {
      sent.push({ url, method: init.method, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) });
      return new Response(body, { status, headers: { 'content-type': type } });
    },
  };
}

describe('RuntimeClient actions: error mapping', () => {
  test('a 403 is a forbidden failure carrying the runtime\'s own message', async () => {
    const f = answering(403, JSON.stringify({ error: 'insufficient role — developer or operator required', required: 'developer' }));
    const r = await new RuntimeClient('http://rt:7700', { fetch: f.fetch, token: 'tok' }).cancel(ID);
    assert.deepEqual(r, { ok: false, failure: { kind: 'forbidden', status: 403, message: '403 forbidden: insufficient role — developer or operator required' } });
    assert.equal(f.sent[0]!.method, 'POST');
    assert.equal(f.sent[0]!.url, `http://rt:7700/executions/${ID}/cancel`);
    assert.equal(f.sent[0]!.headers.authorization, 'Bearer tok');
  });

  test('401, 400, 404 and 409 each have their kind and wording; another status names the route', async () => {
    const cases: [number, string, string, string][] = [
      [401, '{"error":"invalid or expired token"}', 'unauthorized', '401 unauthorized: invalid or expired token (check --token or JAMJET_TOKEN)'],
      [400, '{"error":"execution x is already completed"}', 'invalid', '400 bad request: execution x is already completed'],
      [404, '{"error":"execution x"}', 'not_found', '404 not found: execution x'],
      [409, '{"error":"no pending approval for execution x"}', 'conflict', '409 conflict: no pending approval for execution x'],
      [500, 'boom\nstack', 'http', `HTTP 500 Internal Server Error from POST /executions/${ID}/approve: boom`],
    ];
    for (const [status, body, kind, message] of cases) {
      const r = await new RuntimeClient('http://rt', { fetch: answering(status, body).fetch }).approve(ID, { decision: 'approved' });
      assert.deepEqual(r, { ok: false, failure: { kind, status, message } });
    }
  });

  test('approve sends the decision, node, user and comment as the runtime\'s body, and nothing empty', async () => {
    const f = answering(200, JSON.stringify({ execution_id: ID, node_id: 'publish', accepted: true }));
    const client = new RuntimeClient('http://rt', { fetch: f.fetch });
    const r = await client.approve(ID, { decision: 'rejected', nodeId: 'publish', comment: 'not yet', userId: 'ops' });
    assert.deepEqual(r, { ok: true, value: { executionId: ID, nodeId: 'publish', accepted: true } });
    assert.deepEqual(JSON.parse(f.sent[0]!.body!), { decision: 'rejected', node_id: 'publish', user_id: 'ops', comment: 'not yet' });
    assert.equal(f.sent[0]!.headers['content-type'], 'application/json');
    await client.approve(ID, { decision: 'approved', comment: '' });
    assert.deepEqual(JSON.parse(f.sent[1]!.body!), { decision: 'approved' });
  });

  test('no answer is a network failure with the socket\'s reason; a non-JSON 2xx a bad response', async () => {
    const refused: FetchLike = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    assert.deepEqual(await new RuntimeClient('http://rt', { fetch: refused }).cancel(ID), { ok: false, failure: { kind: 'network', message: 'connection refused' } });
    const html = await new RuntimeClient('http://rt', { fetch: answering(200, '<html>', 'text/html').fetch }).cancel(ID);
    assert.equal(html.ok ? '' : html.failure.kind, 'bad_response');
  });

  test('a long server message is capped; a plain-text body is read by its first line', () => {
    assert.equal(serverMessage(JSON.stringify({ error: 'x'.repeat(ACTION_MESSAGE_MAX_CHARS * 2) })).length, ACTION_MESSAGE_MAX_CHARS);
    assert.equal(serverMessage('Failed to parse the request body as JSON\nmore'), 'Failed to parse the request body as JSON');
    assert.equal(statusFailure(403, 'POST', '/p', '').message, '403 forbidden: the token\'s role may not act (developer or operator required)');
  });
});

describe('RuntimeClient actions against the sim', () => {
  let sim: SimHandle;
  let clock: ManualClock;
  before(async () => {
    clock = new ManualClock(SIM_T0);
    sim = await startSim({ clock, seed: 3, executions: 1_000, token: 'tok', viewerToken: 'view' });
    for (let i = 0; i < 900; i++) clock.advance(100);
  });
  after(() => sim.close());

  test('cancel and approve succeed with the operator token; the viewer token is refused with 403', async () => {
    const records = sim.runtime.listExecutions({ status: 'running', limit: 1_000 });
    const waiting = records.find((r) => pendingApprovals(sim.runtime.getEvents(r.execution_id)!).length > 0)!;
    const other = records.find((r) => r !== waiting)!;
    const viewer = new RuntimeClient(sim.httpUrl, { token: 'view' });
    const refused = await viewer.cancel(other.execution_id);
    assert.equal(refused.ok ? '' : refused.failure.message, '403 forbidden: insufficient role — developer or operator required');
    const client = new RuntimeClient(sim.httpUrl, { token: 'tok' });
    const cancelled = await client.cancel(other.execution_id);
    assert.deepEqual(cancelled, { ok: true, value: { executionId: `exec_${other.execution_id.replace(/-/g, '')}`, status: 'cancelled' } });
    const again = await client.cancel(other.execution_id);
    assert.equal(again.ok ? '' : again.failure.kind, 'invalid');
    const approved = await client.approve(waiting.execution_id, { decision: 'approved', comment: 'ok' });
    assert.equal(approved.ok && approved.value.nodeId, 'publish');
    const twice = await client.approve(waiting.execution_id, { decision: 'approved' });
    assert.equal(twice.ok ? '' : twice.failure.kind, 'conflict');
    const wrong = await new RuntimeClient(sim.httpUrl, { token: 'nope' }).cancel(waiting.execution_id);
    assert.equal(wrong.ok ? '' : wrong.failure.kind, 'unauthorized');
  });
});
