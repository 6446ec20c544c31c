import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../source/core/clock.js';
import { loadConfig } from '../../../source/core/config/load-config.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { createMetrics } from '../../../source/commands/wiring/start-metrics.js';
import { applyAll, run, scheduled, started, T0 } from '../../helpers/model-events.js';
import { parseExposition, sumSamples } from '../../helpers/parse-exposition.js';

describe('createMetrics attached to a model', () => {
  test('jamjet_queue_depth leaves out what stale executions had queued, and jamjet_top_executions counts them as stale', async () => {
    const { config } = loadConfig({ flags: { noMetrics: true }, env: {}, cwd: '/' });
    const metrics = createMetrics(config, new ManualClock(T0));
    const model = new ExecutionModel();
    metrics.attach(model, () => []);
    const scrape = async () => parseExposition((await metrics.prom.render(false)).body);
    model.sourceState('live', 'connected', T0);
    model.sourceState('dead', 'connected', T0);
    applyAll(model, run(1, [[started(), 0], [scheduled('a'), 1], [scheduled('b'), 2]]), 'dead', T0);
    applyAll(model, run(2, [[started(), 0], [scheduled('c'), 1]]), 'live', T0);
    let exp = await scrape();
    assert.equal(sumSamples(exp, 'jamjet_queue_depth'), 3);
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'running' }), 2);

    model.sourceState('dead', 'ended', T0 + 1);
    exp = await scrape();
    assert.equal(sumSamples(exp, 'jamjet_queue_depth'), 1, 'a dead source\'s queue is not known to be queued');
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'running' }), 1);
    assert.equal(sumSamples(exp, 'jamjet_top_executions', { state: 'stale' }), 1);
    await metrics.close();
  });
});
