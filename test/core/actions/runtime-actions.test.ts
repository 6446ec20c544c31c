import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { actionTarget } from '../../../source/core/actions/action-targets.js';
import { cleanComment, RuntimeActions } from '../../../source/core/actions/runtime-actions.js';
import { RuntimeClient } from '../../../source/core/runtime-api/runtime-client.js';
import { pendingApprovals } from '../../../source/core/sim/sim-actions.js';
import { startSim, type SimHandle } from '../../../source/core/sim/sim-server.js';
import { ACTION_COMMENT_MAX_CHARS, actionAvailability } from '../../../source/core/snapshot/action-availability.js';
import { SIM_T0 } from '../../helpers/sim-fixtures.js';
import { summary } from '../../helpers/view-fixtures.js';

const ID = 'exec_0123456789abcdef0123456789abcdef';

describe('action availability', () => {
  const sources = [
    { key: 'http://rt:7700/', url: 'http://rt:7700/' },
    { key: 'ws://rt:7701/v1/events', url: 'ws://rt:7701/v1/events' },
    { key: 'events.jsonl', url: 'events.jsonl' },
    { key: 'demo', url: 'http://127.0.0.1:40000' },
  ];
  const data = new RuntimeActions({ readOnly: false, sources }).data;

  test('REST sources and the demo take actions; a websocket stream and a replay say why not', () => {
    assert.deepEqual(Object.keys(data.sources), sources.map((s) => s.key));
    assert.equal(data.sources['http://rt:7700/'], null);
    assert.equal(data.sources.demo, null);
    assert.match(data.sources['ws://rt:7701/v1/events']!, /websocket stream/);
    assert.match(data.sources['events.jsonl']!, /replay/);
    assert.deepEqual(actionTarget({ key: '-', url: '-' }), { ok: false, reason: 'a replay: there is no runtime to act on' });
  });

  test('cancel needs an unfinished execution; approve one that waits for an approval', () => {
    const running = actionAvailability(summary({ id: ID, status: 'running', source: 'demo' }), data);
    assert.deepEqual(running, { cancel: { ok: true }, approve: { ok: false, reason: 'no approval is waiting' } });
    const waiting = actionAvailability(summary({ id: ID, status: 'running', source: 'demo', waitingApproval: true }), data);
    assert.deepEqual(waiting, { cancel: { ok: true }, approve: { ok: true } });
    const done = actionAvailability(summary({ id: ID, status: 'completed', source: 'demo' }), data);
    assert.deepEqual(done, { cancel: { ok: false, reason: 'already completed' }, approve: { ok: false, reason: 'already completed' } });
  });

  test('read-only, a stream source, an unknown source and no actions data block both actions', () => {
    const readOnly = new RuntimeActions({ readOnly: true, sources }).data;
    const waiting = (source: string) => summary({ id: ID, status: 'running', source, waitingApproval: true });
    assert.deepEqual(actionAvailability(waiting('demo'), readOnly).cancel, { ok: false, reason: 'read-only: started with --read-only' });
    assert.equal(actionAvailability(waiting('ws://rt:7701/v1/events'), data).approve.ok, false);
    assert.deepEqual(actionAvailability(waiting('elsewhere'), data).cancel, { ok: false, reason: 'unknown source elsewhere' });
    assert.deepEqual(actionAvailability(waiting('demo'), undefined).cancel, { ok: false, reason: 'actions are not available in this view' });
  });

  test('a comment loses control characters and is capped', () => {
    assert.equal(cleanComment('  ok\u001b[31m\nfine  '), 'ok [31m fine');
    assert.equal(cleanComment('x'.repeat(ACTION_COMMENT_MAX_CHARS + 50))!.length, ACTION_COMMENT_MAX_CHARS);
    assert.equal(cleanComment(' \n '), undefined);
  });
});

describe('RuntimeActions.act', () => {
  let sim: SimHandle;
  before(async () => {
    const clock = new ManualClock(SIM_T0);
    sim = await startSim({ clock, seed: 8, executions: 1_000, token: 'tok', viewerToken: 'view' });
    for (let i = 0; i < 900; i++) clock.advance(100);
  });
  after(() => sim.close());

  test('read-only sends nothing: the client is never built', async () => {
    let built = 0;
    const actions = new RuntimeActions({
      readOnly: true, sources: [{ key: 'rt', url: sim.httpUrl }], client: (u, o) => (built++, new RuntimeClient(u, o)),
    });
    const outcome = await actions.act({ kind: 'cancel', executionId: ID, source: 'rt' });
    assert.deepEqual(outcome, { ok: false, failure: { kind: 'unavailable', message: 'read-only: started with --read-only' } });
    assert.equal(built, 0);
  });

  test('cancel and approve reach the runtime with the token; a viewer token reads as the runtime\'s 403', async () => {
    const running = sim.runtime.listExecutions({ status: 'running', limit: 1_000 });
    const waiting = running.find((r) => pendingApprovals(sim.runtime.getEvents(r.execution_id)!).length > 0)!;
    const other = running.find((r) => r !== waiting)!;
    const id = (uuid: string): string => `exec_${uuid.replace(/-/g, '')}`;
    const viewer = new RuntimeActions({ readOnly: false, sources: [{ key: 'rt', url: sim.httpUrl }], token: 'view' });
    const refused = await viewer.act({ kind: 'cancel', executionId: id(other.execution_id), source: 'rt' });
    assert.deepEqual(refused, { ok: false, failure: { kind: 'forbidden', status: 403, message: '403 forbidden: insufficient role — developer or operator required' } });
    const actions = new RuntimeActions({ readOnly: false, sources: [{ key: 'rt', url: sim.httpUrl }], token: 'tok', userId: 'ops' });
    assert.deepEqual(await actions.act({ kind: 'cancel', executionId: id(other.execution_id), source: 'rt' }), { ok: true, message: `cancelled ${id(other.execution_id)}` });
    const approved = await actions.act({ kind: 'approve', executionId: id(waiting.execution_id), source: 'rt', decision: 'rejected', comment: 'not\u0007 now' });
    assert.deepEqual(approved, { ok: true, message: `rejected publish on ${id(waiting.execution_id)}` });
    const received = sim.runtime.getEvents(waiting.execution_id)!.find((e) => e.kind.type === 'approval_received')!;
    assert.deepEqual([received.kind.user_id, received.kind.comment, received.kind.decision], ['ops', 'not  now', 'rejected']);
  });

  test('the demo runtime takes no token, and a malformed id is a failed outcome, not a throw', async () => {
    const actions = new RuntimeActions({ readOnly: false, sources: [{ key: 'demo', url: sim.httpUrl }], token: 'tok', tokenless: ['demo'] });
    const outcome = await actions.act({ kind: 'cancel', executionId: ID, source: 'demo' });
    assert.equal(outcome.ok ? '' : outcome.failure.kind, 'unauthorized', 'the sim here wants a token the demo key never sends');
    const bad = await actions.act({ kind: 'cancel', executionId: 'nope', source: 'demo' });
    assert.equal(bad.ok ? '' : bad.failure.kind, 'invalid');
  });
});
