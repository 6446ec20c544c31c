import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { pendingApprovals, SIM_MAX_COMMENT_CHARS } from '../../../source/core/sim/sim-actions.js';
import { SIM_MAX_REQUEST_BYTES } from '../../../source/core/sim/sim-http.js';
import { startSim, type SimHandle } from '../../../source/core/sim/sim-server.js';
import type { SimEnvelope } from '../../../source/core/sim/script-builder.js';
import { openWs, runSimFor, SIM_T0, type FrameLog } from '../../helpers/sim-fixtures.js';

const TOKEN = 'jj_actions';
const VIEWER = 'jj_viewer';

interface Answer { status: number; body: unknown }

describe('sim write routes: cancel and approve', () => {
  let sim: SimHandle;
  let clock: ManualClock;
  let stream: FrameLog;

  const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN): Promise<Answer> => {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(sim.httpUrl + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
  };
  const events = async (id: string): Promise<SimEnvelope[]> => ((await call('GET', `/executions/${id}/events`)).body as { events: SimEnvelope[] }).events;
  const records = (): { execution_id: string; status: string; workflow_id: string }[] =>
    sim.runtime.listExecutions({ limit: 10_000 }) as unknown as { execution_id: string; status: string; workflow_id: string }[];
  const waiting = (): string[] => records().filter((r) => r.status === 'running' && pendingApprovals(sim.runtime.getEvents(r.execution_id)!).length > 0).map((r) => r.execution_id);
  const streamed = (id: string): SimEnvelope[] => stream.items().map((i) => i.event).filter((e) => e.execution_id === id);
  const advance = (ms: number): void => {
    for (let t = 0; t < ms; t += 100) clock.advance(100);
  };

  before(async () => {
    clock = new ManualClock(SIM_T0);
    sim = await startSim({ clock, seed: 5, executions: 1_000, token: TOKEN, viewerToken: VIEWER });
    stream = await openWs(sim.wsUrl, { authorization: `Bearer ${TOKEN}` });
    advance(90_000);
    assert.ok(waiting().length >= 3, `${waiting().length} executions wait for an approval`);
  });
  after(async () => {
    stream.ws.close();
    await sim.close();
  });

  test('cancel of a running execution: 200, workflow_cancelled "user request" on the stream and in REST, and nothing scripted after it', async () => {
    const target = records().find((r) => r.status === 'running' && r.workflow_id === 'research_brief')!;
    const id = `exec_${target.execution_id.replace(/-/g, '')}`;
    assert.deepEqual(await call('POST', `/executions/${id}/cancel`), { status: 200, body: { execution_id: id, status: 'cancelled' } });
    const log = await events(id);
    const last = log[log.length - 1]!;
    assert.deepEqual(last.kind, { type: 'workflow_cancelled', reason: 'user request' });
    assert.deepEqual(log.map((e) => e.sequence), log.map((_, i) => i + 1), 'sequences stay contiguous');
    advance(100); // the stream batches on the clock
    await stream.until(() => streamed(target.execution_id).some((e) => e.kind.type === 'workflow_cancelled'), 'the cancel on the stream');
    assert.equal(((await call('GET', `/executions/${id}`)).body as { status: string }).status, 'cancelled');
    advance(30_000);
    assert.equal((await events(id)).length, log.length, 'the rest of its script was dropped');
  });

  test('cancel of a finished execution is 400; of an unknown one 404', async () => {
    const done = records().find((r) => r.status === 'completed')!;
    const answer = await call('POST', `/executions/${done.execution_id}/cancel`);
    assert.equal(answer.status, 400);
    assert.match((answer.body as { error: string }).error, /already completed/);
    assert.deepEqual(await call('POST', '/executions/exec_00000000000000000000000000000000/cancel'), { status: 404, body: { error: 'execution exec_00000000000000000000000000000000' } });
  });

  test('approve of a waiting approval: approval_received with the decision, user and comment, then the execution resumes to completion', async () => {
    const id = waiting()[0]!;
    const answer = await call('POST', `/executions/${id}/approve`, { decision: 'approved', user_id: 'dana', comment: 'ship it' });
    assert.deepEqual(answer, { status: 200, body: { execution_id: id, node_id: 'publish', accepted: true } });
    const received = (await events(id)).filter((e) => e.kind.type === 'approval_received');
    assert.deepEqual(received.map((e) => e.kind), [{ type: 'approval_received', node_id: 'publish', user_id: 'dana', decision: 'approved', comment: 'ship it', state_patch: null }]);
    advance(100);
    await stream.until(() => streamed(id).some((e) => e.kind.type === 'approval_received'), 'the approval on the stream');
    advance(10_000);
    const log = await events(id);
    assert.deepEqual(log.slice(-4).map((e) => e.kind.type), ['node_scheduled', 'node_started', 'node_completed', 'workflow_completed']);
    assert.deepEqual(log.map((e) => e.sequence), log.map((_, i) => i + 1));
    assert.equal(sim.runtime.getExecution(id)!.status, 'completed');
  });

  test('reject of a waiting approval fails the node with the runtime\'s wording, user and comment, then the workflow', async () => {
    const id = waiting()[0]!;
    assert.equal((await call('POST', `/executions/${id}/approve`, { decision: 'rejected', comment: 'wrong channel' })).status, 200);
    advance(5_000);
    const log = await events(id);
    const kinds = log.slice(-3).map((e) => e.kind);
    assert.deepEqual(kinds[0], { type: 'approval_received', node_id: 'publish', user_id: 'anonymous', decision: 'rejected', comment: 'wrong channel', state_patch: null });
    assert.equal(kinds[1]!.error, 'approval rejected by anonymous: wrong channel');
    assert.equal(kinds[2]!.type, 'workflow_failed');
    assert.equal(sim.runtime.getExecution(id)!.status, 'failed');
  });

  test('approve with nothing pending is 409, on a finished execution 409, an unknown decision 400, a bad body 400/422', async () => {
    const running = records().find((r) => r.status === 'running' && !waiting().includes(r.execution_id))!;
    const nothing = await call('POST', `/executions/${running.execution_id}/approve`, { decision: 'approved' });
    assert.equal(nothing.status, 409);
    assert.match((nothing.body as { error: string }).error, /no pending approval/);
    const done = records().find((r) => r.status === 'completed')!;
    assert.equal((await call('POST', `/executions/${done.execution_id}/approve`, { decision: 'approved' })).status, 409);
    const id = waiting()[0]!;
    assert.equal((await call('POST', `/executions/${id}/approve`, { decision: 'maybe' })).status, 400);
    assert.equal((await call('POST', `/executions/${id}/approve`, { decision: 'approved', node_id: 'draft_post' })).status, 409);
    assert.equal((await call('POST', `/executions/${id}/approve`, '{not json')).status, 400);
    assert.equal((await call('POST', `/executions/${id}/approve`, {})).status, 422);
    assert.equal((await call('POST', `/executions/${id}/approve`, { decision: 'approved', comment: 'x'.repeat(SIM_MAX_COMMENT_CHARS + 1) })).status, 400);
    assert.equal((await call('POST', `/executions/${id}/approve`, { decision: 'approved', comment: 'x'.repeat(SIM_MAX_REQUEST_BYTES) })).status, 413);
    assert.ok(waiting().includes(id), 'refused requests leave the approval pending');
  });

  test('a wrong token is 401; the viewer token reads but its writes get the runtime\'s 403', async () => {
    const id = waiting()[0]!;
    assert.deepEqual(await call('POST', `/executions/${id}/cancel`, undefined, 'wrong'), { status: 401, body: { error: 'invalid or expired token' } });
    assert.deepEqual(await call('POST', `/executions/${id}/approve`, { decision: 'approved' }, null), { status: 401, body: { error: 'missing Authorization: Bearer <token>' } });
    const forbidden = { status: 403, body: { error: 'insufficient role — developer or operator required', required: 'developer' } };
    assert.deepEqual(await call('POST', `/executions/${id}/cancel`, undefined, VIEWER), forbidden);
    assert.deepEqual(await call('POST', `/executions/${id}/approve`, { decision: 'approved' }, VIEWER), forbidden);
    assert.equal((await call('GET', `/executions/${id}`, undefined, VIEWER)).status, 200);
    assert.ok(waiting().includes(id));
  });
});

describe('sim determinism with actions', () => {
  test('a run with no actions is unchanged by the approval gates kept for REST decisions', () => {
    const a = runSimFor({ seed: 9 }, 60_000).items;
    const b = runSimFor({ seed: 9 }, 60_000).items;
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    const types = a.map((i) => i.event.kind.type);
    assert.ok(types.includes('approval_received') && types.includes('tool_approval_required'));
  });

  test('pendingApprovals pairs each hold with the decision after it', () => {
    const ev = (type: string, node_id: string) => ({ kind: { type, node_id } });
    assert.deepEqual(pendingApprovals([ev('tool_approval_required', 'a'), ev('tool_approval_required', 'b'), ev('approval_received', 'a')]), ['b']);
    assert.deepEqual(pendingApprovals([ev('tool_approval_required', 'a'), ev('approval_received', 'a'), ev('tool_approval_required', 'a')]), ['a']);
    assert.deepEqual(pendingApprovals([ev('node_started', 'a')]), []);
  });
});
