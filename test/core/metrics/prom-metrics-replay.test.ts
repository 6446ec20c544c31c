import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import type { TypedEvent } from '../../../source/core/decode/event.js';
import { metricsRig } from '../../helpers/metrics-rig.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { parseExposition, sumSamples } from '../../helpers/parse-exposition.js';

const EXEC = 'exec_' + 'ab'.repeat(16);

function events(): TypedEvent[] {
  const kinds = [
    { type: 'workflow_started', workflow_id: 'wf', workflow_version: '1', initial_input: {} },
    { type: 'node_scheduled', node_id: 'plan', queue_type: 'model' },
    { type: 'node_started', node_id: 'plan', worker_id: 'w1', attempt: 0 },
    {
      type: 'node_completed', node_id: 'plan', output: {}, state_patch: {}, duration_ms: 800,
      gen_ai_system: 'openai', gen_ai_model: 'gpt-4o', input_tokens: 100, output_tokens: 40, cost_usd: 0.002,
    },
    { type: 'workflow_completed', final_state: {} },
  ];
  return kinds.map((kind, i) => {
    const r = decodeEnvelope({
      id: `00000000-0000-4000-8000-00000000000${i}`, execution_id: EXEC, sequence: i + 1, kind,
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    }, 'model');
    if (!r.ok) throw new Error(r.rejection.detail);
    return r.event;
  });
}

test('counters stay the same when a reconnect or replay delivers the same events again', async () => {
  const model = new ExecutionModel();
  const { series, prom } = metricsRig();
  const feed = (evs: TypedEvent[], now: number) => {
    for (const e of evs) model.apply(e, 'src1', now);
    series.apply(model.drainEffects(), now);
    series.observeTotal('eventsDuplicate', model.ingest().duplicates, now);
  };
  feed(events(), 1);
  const once = parseExposition((await prom.render(false)).body);
  feed(events(), 2); // the source reconnects from an older cursor
  feed(events().slice(2), 3); // and a partial replay
  const again = parseExposition((await prom.render(false)).body);
  for (const name of ['jamjet_executions_total', 'jamjet_execution_duration_ms_count', 'jamjet_node_duration_ms_count', 'jamjet_model_tokens_total', 'jamjet_model_cost_usd_total']) {
    assert.equal(sumSamples(again, name), sumSamples(once, name), name);
  }
  assert.equal(sumSamples(once, 'jamjet_executions_total', { workflow_id: 'wf', status: 'completed' }), 1);
  assert.equal(sumSamples(once, 'jamjet_model_tokens_total', { model: 'gpt-4o' }), 140);
  assert.equal(sumSamples(again, 'jamjet_top_events_duplicate_total'), 8);
});
