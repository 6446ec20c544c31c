import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { SimRuntime, type StreamItem } from '../../../source/core/sim/sim-runtime.js';
import { toEventRow } from '../../../source/core/store/event-row.js';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreWriter } from '../../../source/core/store/store-writer.js';
import { decode, fixtureEvents } from '../../helpers/model-events.js';
import { SIM_T0 } from '../../helpers/sim-fixtures.js';

/** The sim's batches over `virtualMs` (one per 100 ms step that emitted anything), decoded. */
function simBatches(virtualMs: number): TypedEvent[][] {
  const clock = new ManualClock(SIM_T0);
  const rt = new SimRuntime({ seed: 11, rate: 3, clock });
  const batches: TypedEvent[][] = [];
  rt.subscribe((items: StreamItem[]) => batches.push(items.map((i) => decode(i.event, i.node_kind))));
  rt.start();
  for (let t = 0; t < virtualMs; t += 100) clock.advance(100);
  rt.stop();
  return batches;
}

describe('store and model agree on every status', () => {
  test('after every batch of the demo workload, approvals and two parallel approvals in one execution included', () => {
    const batches = simBatches(6 * 60_000);
    // The sim gates one node per execution; this fixture holds two at once and decides them 45 s apart.
    const parallel = fixtureEvents('lifecycle-parallel-approvals');
    const parallelId = parallel[0]!.executionId;
    parallel.forEach((e, i) => batches[40 + i * 25]!.push(e));

    const model = new ExecutionModel();
    const db = openSqliteDb(':memory:');
    const writer = new StoreWriter(db);
    const stored = db.prepare('SELECT status FROM executions WHERE execution_id = ?');
    const seen = new Map<string, number>();
    const parallelStatuses: string[] = [];
    for (const batch of batches) {
      const touched = new Set<string>();
      for (const e of batch) {
        model.apply(e, 'sim', e.time);
        touched.add(e.executionId);
      }
      writer.writeBatch(batch.map((e) => toEventRow(e, 'sim')), [], 0);
      for (const id of touched) {
        const mine = model.tree(id)?.summary.status;
        const theirs = (stored.get(id) as { status: string } | undefined)?.status;
        assert.equal(theirs, mine, `${id}: store says ${theirs}, model says ${mine}`);
        seen.set(theirs!, (seen.get(theirs!) ?? 0) + 1);
        if (id === parallelId) parallelStatuses.push(theirs!);
      }
    }
    for (const s of model.summaries()) {
      assert.equal((stored.get(s.id) as { status: string }).status, s.status, `${s.id} at the end`);
    }
    assert.ok((seen.get('paused') ?? 0) > 20, `approvals were exercised (${seen.get('paused') ?? 0} paused checks)`);
    for (const s of ['running', 'completed', 'failed', 'cancelled', 'limit_exceeded']) assert.ok((seen.get(s) ?? 0) > 0, `${s} was exercised`);
    // One event per batch: the first decision leaves it paused (the other node is still held) until the second.
    assert.deepEqual(parallelStatuses, [
      'running', 'running', 'running', 'running', 'running', 'paused', 'paused', 'paused', 'paused', 'paused', 'paused', 'running', 'running', 'failed',
    ]);
  });
});
