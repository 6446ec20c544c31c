// The sim killed (SIGKILL) and restarted from its state file several times while `jamjet serve` ingests it; shared
// by the e2e test (small) and `npm run soak` (the 10 restarts, 100,000 events).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../source/core/clock.js';
import { SimRuntime } from '../../source/core/sim/sim-runtime.js';
import { getJson, startServeProcess, waitFor, type SimStatsBody } from './e2e-process.js';
import { assertExactlyOnce, compareStore, metricSum, RestartableSim, scrape, type Comparison } from './fault-rig.js';

/** The workload and how often to kill it. */
export interface RestartScenario {
  source: 'ws' | 'http';
  seed: number;
  rate: number;
  executions: number;
  speed: number;
  restarts: number;
  /** Bound of every wait. */
  waitMs: number;
  /** Progress lines (the soak prints them). */
  log?: (line: string) => void;
}

/** What a run measured. */
export interface RestartFigures {
  events: number;
  restarts: number;
  resumedAt: number[];
  ingested: number;
  duplicates: number;
  reconnects: number;
  seconds: number;
  comparison: Comparison;
}

/** How many events the workload emits in all (it is deterministic: played on a manual clock to its end). */
export function workloadEvents(seed: number, rate: number, executions: number): number {
  const clock = new ManualClock(0);
  const rt = new SimRuntime({ seed, rate, executions, clock });
  rt.start();
  for (;;) {
    clock.advance(5_000);
    const s = rt.stats();
    if (s.executionsStarted >= executions && s.executionsByStatus.running === 0) return s.eventsEmitted;
  }
}

/** Runs the scenario; asserts every emitted event is stored and counted exactly once; returns the figures. */
export async function runRestartScenario(o: RestartScenario): Promise<RestartFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-simkill-'));
  const started = performance.now();
  try {
    const total = workloadEvents(o.seed, o.rate, o.executions);
    const sim = await RestartableSim.start(join(dir, 'sim.json'), [
      '--seed', String(o.seed), '--rate', String(o.rate), '--executions', String(o.executions), '--speed', String(o.speed)]);
    const db = join(dir, 'top.db');
    const serve = await startServeProcess(['--url', o.source === 'ws' ? sim.wsUrl : sim.httpUrl, '--db', db, '--metrics-port', '0']);
    const resumedAt: number[] = [];
    for (let i = 1; i <= o.restarts; i++) {
      const at = Math.floor((total * i) / (o.restarts + 1));
      await waitFor(`the sim to emit ${at} of ${total} events before kill ${i}`, o.waitMs, async () =>
        (await getJson<SimStatsBody>(`${sim.httpUrl}/sim/stats`)).eventsEmitted >= at ? true : undefined);
      // Down until serve has noticed (one more reconnect attempt): a REST poller between two polls would otherwise
      // miss a quick restart altogether.
      const reconnects = async (): Promise<number> => metricSum(await scrape(serve.metricsUrl), 'jamjet_top_source_reconnects_total');
      const before = await reconnects();
      const from = await sim.killAndRestart(() => waitFor(`serve to notice kill ${i}`, o.waitMs, async () => ((await reconnects()) > before ? true : undefined)));
      // It continues, it does not start over: its cursor is at least where the kill was asked for.
      assert.ok(from >= at, `restart ${i} continued from cursor ${from}, before ${at}: ${sim.proc.describe()}`);
      resumedAt.push(from);
      o.log?.(`${o.source}: sim killed and restarted (${i}/${o.restarts}), continuing from cursor ${from} of ${total}`);
    }
    const record = await waitFor(`the sim to emit all ${total} events`, o.waitMs, async () => {
      const r = await sim.record();
      return r.events >= total ? r : undefined;
    });
    assert.equal(record.events, total, 'the restarted sims together emitted the workload once');
    assert.equal(record.cursor, total, 'one cursor per event, none skipped or reused');
    o.log?.(`${o.source}: the sim emitted all ${total} events; waiting for the store`);
    let last: Comparison | undefined;
    const notices = (): string => serve.proc.stdout.split('\n').filter((l) => /source_status/.test(l) && !/: (connected|connecting)$/.test(l)).slice(-5).join('\n');
    const comparison = await waitFor(() => `the store to hold all ${total} events (last: ${JSON.stringify(last)}); serve said:\n${notices()}`, o.waitMs, () => {
      last = compareStore(record, db);
      return last.stored >= total ? last : undefined;
    });
    assertExactlyOnce(comparison, `${o.source} source after ${o.restarts} sim restarts`);
    // Counted once: delivered once each (no event twice, none dropped as a duplicate).
    const metrics = await waitFor('serve to count every event', o.waitMs, async () => {
      const body = await scrape(serve.metricsUrl);
      return metricSum(body, 'jamjet_top_events_ingested_total') >= total ? body : undefined;
    });
    const ingested = metricSum(metrics, 'jamjet_top_events_ingested_total');
    const duplicates = metricSum(metrics, 'jamjet_top_events_duplicate_total');
    assert.equal(ingested, total, 'every event delivered once');
    assert.equal(duplicates, 0, 'nothing delivered twice');
    assert.equal(metricSum(metrics, 'jamjet_top_events_applied_total'), total, 'every event applied once');
    const reconnects = metricSum(metrics, 'jamjet_top_source_reconnects_total');
    assert.ok(reconnects >= o.restarts, `the source reconnected after each kill (${reconnects})`);
    assert.equal((await serve.proc.stop('SIGTERM')).code, 0, serve.proc.describe());
    await sim.proc.stop('SIGTERM');
    return { events: total, restarts: sim.restarts, resumedAt, ingested, duplicates, reconnects, seconds: (performance.now() - started) / 1000, comparison };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
