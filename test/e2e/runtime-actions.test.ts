// The dashboard's actions against a real `jamjet sim` process: cancel shows as cancelled on the stream and
// in REST, an approval resumes the execution, and a viewer token's writes are refused with the runtime's 403.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeActions } from '../../source/core/actions/runtime-actions.js';
import { pendingApprovals } from '../../source/core/sim/sim-actions.js';
import type { SimEnvelope } from '../../source/core/sim/script-builder.js';
import { E2E_SUITE_MS, E2E_WAIT_MS, getJson, startSimProcess, waitFor, type SimProcess } from '../helpers/e2e-process.js';
import { openWs, type FrameLog } from '../helpers/sim-fixtures.js';

const TOKEN = 'e2e_operator';
const VIEWER = 'e2e_viewer';

interface Listed { execution_id: string; status: string; workflow_id: string }

const execId = (uuid: string): string => `exec_${uuid.replace(/-/g, '')}`;

describe('actions against jamjet sim', { timeout: E2E_SUITE_MS }, () => {
  let sim: SimProcess;
  let stream: FrameLog;
  const events = async (uuid: string): Promise<SimEnvelope[]> => (await getJson<{ events: SimEnvelope[] }>(`${sim.httpUrl}/executions/${uuid}/events`, TOKEN)).events;
  const running = async (): Promise<Listed[]> => (await getJson<{ executions: Listed[] }>(`${sim.httpUrl}/executions?status=running&limit=500`, TOKEN)).executions;
  const actions = (token: string): RuntimeActions => new RuntimeActions({ readOnly: false, sources: [{ key: sim.httpUrl, url: sim.httpUrl }], token });

  before(async () => {
    sim = await startSimProcess(['--speed', '4', '--rate', '4', '--token', TOKEN, '--viewer-token', VIEWER]);
    stream = await openWs(sim.wsUrl, { authorization: `Bearer ${TOKEN}` });
  });
  after(async () => {
    stream.ws.close();
    await sim.proc.stop();
  });

  test('cancel: workflow_cancelled "user request" reaches the stream and the REST log', async () => {
    const target = await waitFor('a running execution', E2E_WAIT_MS, async () => (await running())[0]);
    const outcome = await actions(TOKEN).act({ kind: 'cancel', executionId: execId(target.execution_id), source: sim.httpUrl });
    assert.deepEqual(outcome, { ok: true, message: `cancelled ${execId(target.execution_id)}` });
    const log = await events(target.execution_id);
    assert.deepEqual(log.find((e) => e.kind.type === 'workflow_cancelled')?.kind, { type: 'workflow_cancelled', reason: 'user request' });
    await stream.until(() => stream.items().some((i) => i.event.execution_id === target.execution_id && i.event.kind.type === 'workflow_cancelled'), 'the cancel on the stream');
    const again = await actions(TOKEN).act({ kind: 'cancel', executionId: execId(target.execution_id), source: sim.httpUrl });
    assert.equal(again.ok ? '' : again.failure.kind, 'invalid');
  });

  test('a viewer token is refused with 403; approve then resumes the waiting execution to completion', async () => {
    const waiting = await waitFor('an execution waiting for approval', E2E_WAIT_MS, async () => {
      for (const r of await running()) if (pendingApprovals(await events(r.execution_id)).length > 0) return r;
      return undefined;
    });
    const request = { kind: 'approve' as const, executionId: execId(waiting.execution_id), source: sim.httpUrl, decision: 'approved' as const, comment: 'e2e says yes' };
    const refused = await actions(VIEWER).act(request);
    assert.deepEqual(refused, { ok: false, failure: { kind: 'forbidden', status: 403, message: '403 forbidden: insufficient role — developer or operator required' } });
    assert.deepEqual(await actions(TOKEN).act(request), { ok: true, message: `approved publish on ${execId(waiting.execution_id)}` });
    const done = await waitFor('the approved execution to complete', E2E_WAIT_MS, async () => {
      const log = await events(waiting.execution_id);
      return log[log.length - 1]?.kind.type === 'workflow_completed' ? log : undefined;
    });
    const received = done.filter((e) => e.kind.type === 'approval_received');
    assert.deepEqual(received.map((e) => [e.kind.decision, e.kind.comment]), [['approved', 'e2e says yes']]);
  });
});
