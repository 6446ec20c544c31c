import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ManualClock, systemClock } from '../../../source/core/clock.js';
import { loadConfig } from '../../../source/core/config/load-config.js';
import { createMonitor, MODEL_TICK_MS, MonitorSetupError } from '../../../source/core/monitor/monitor.js';
import { MemorySink } from '../../../source/core/monitor/monitor-sink.js';
import { E2E_WAIT_MS, waitFor } from '../../helpers/e2e-process.js';

const REPLAY = fileURLToPath(new URL('../../../../test/fixtures/events/model-success-run.jsonl', import.meta.url));

const configFor = (urls: string[], refreshMs?: number) => {
  const { config } = loadConfig({ flags: { url: urls, noMetrics: true, db: ':memory:' }, env: {}, cwd: '/' });
  return refreshMs === undefined ? config : { ...config, refreshMs };
};

describe('createMonitor', () => {
  test('builds model, sinks and sources but runs nothing until start()', async () => {
    const log: string[] = [];
    const sink = new MemorySink('a', undefined, (_, call) => log.push(call.type));
    const monitor = await createMonitor({ config: configFor([REPLAY]), clock: new ManualClock(0), stdin: new PassThrough(), sinks: () => [sink] });
    assert.deepEqual(log, []);
    assert.equal(monitor.sources.length, 1);
    assert.equal(monitor.sourceStatuses()[0]?.url, REPLAY);
    await monitor.stop();
    assert.deepEqual(log, ['flush', 'close']);
  });

  test('the sink factory gets the model the monitor feeds, before any source exists', async () => {
    let seen: unknown;
    const monitor = await createMonitor({
      config: configFor([REPLAY]), clock: new ManualClock(0), stdin: new PassThrough(),
      sinks: (parts) => {
        seen = parts.model;
        assert.deepEqual(parts.sourceStatuses(), []);
        return [];
      },
    });
    assert.equal(seen, monitor.model);
    await monitor.stop();
  });

  test('feeds each sink events, effects and the batch in that order, then flushes and closes the sinks last-added first', async () => {
    const order: string[] = [];
    const first = new MemorySink('first', undefined, (s, call) => order.push(`${s.name}:${call.type}`));
    const second = new MemorySink('second', undefined, (s, call) => order.push(`${s.name}:${call.type}`));
    const monitor = await createMonitor({ config: configFor([REPLAY]), clock: systemClock(), stdin: new PassThrough(), sinks: () => [first, second] });
    monitor.start();
    await waitFor('the replay to end', E2E_WAIT_MS, () => (monitor.sourceStatuses()[0]?.state === 'ended' ? true : undefined));
    await monitor.stop();
    const fed = order.filter((o) => /events|effects|batch/.test(o));
    assert.deepEqual(fed.slice(0, 6), ['first:events', 'second:events', 'first:effects', 'second:effects', 'first:batch', 'second:batch']);
    assert.deepEqual(order.slice(-4), ['first:flush', 'second:flush', 'second:close', 'first:close']);
    assert.equal(first.allEvents().length, monitor.model.ingest().applied + monitor.model.ingest().duplicates);
    assert.ok(first.allEffects().some((e) => e.type === 'execution_ended'));
    assert.deepEqual(first.callsOf('status').map((c) => c.status.state).at(-1), 'ended');
    const after = order.length;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(order.length, after, 'nothing reaches a sink after stop');
  });

  test('one scheduler owns every cadence: the model first, each polling sink at its own, the display last', async () => {
    const clock = new ManualClock(0);
    const ticks: string[] = [];
    const polled = new MemorySink('polled', 1000, (s, call) => call.type === 'tick' && ticks.push(`${s.name}@${call.now}`));
    const display = new MemorySink('display-rate', undefined, (s, call) => call.type === 'tick' && ticks.push(`${s.name}@${call.now}`));
    const monitor = await createMonitor({ config: configFor([REPLAY], 500), clock, stdin: new PassThrough(), sinks: () => [polled, display] });
    assert.deepEqual(monitor.scheduler.cadences(), [
      { name: 'model', everyMs: MODEL_TICK_MS },
      { name: 'polled', everyMs: 1000 },
      { name: 'display-rate', everyMs: 500 },
      { name: 'publish', everyMs: 500 },
    ]);
    monitor.scheduler.start();
    let published = 0;
    monitor.publisher.subscribe(() => published++);
    clock.advance(1000);
    assert.deepEqual(ticks, ['display-rate@500', 'polled@1000', 'display-rate@1000']);
    assert.ok(published >= 1, 'the publisher ran on its cadence');
    await monitor.stop();
  });

  test('a URL no source understands is a MonitorSetupError, and the sinks built for it are closed', async () => {
    const sink = new MemorySink('store');
    await assert.rejects(
      // The config loader already refuses such a URL; the monitor must too, for a config built any other way.
      createMonitor({ config: { ...configFor([REPLAY]), urls: ['gopher://x'] }, clock: new ManualClock(0), stdin: new PassThrough(), sinks: () => [sink] }),
      (error: unknown) => error instanceof MonitorSetupError && /gopher/.test(error.message),
    );
    assert.deepEqual(sink.calls.map((c) => c.type), ['close']);
  });
});
