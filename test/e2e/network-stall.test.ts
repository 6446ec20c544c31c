// A network that stalls without closing: a TCP proxy between serve and the sim stops forwarding on the open
// connection (bytes swallowed, socket never closed). The websocket source must notice by the heartbeat within
// the documented time (docs/protocol.md: no frame for WS_HEARTBEAT_MISSES heartbeat intervals), reconnect (through
// the proxy, whose new connections forward again) and lose nothing, per execution id + sequence.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim } from '../../source/core/sim/sim-server.js';
import { WS_HEARTBEAT_MISSES } from '../../source/core/sources/websocket-event-source.js';
import { E2E_WAIT_MS, killAll, startServeProcess, waitFor } from '../helpers/e2e-process.js';
import { assertExactlyOnce, compareStore, metricSum, scrape, storedKeys } from '../helpers/fault-rig.js';
import { StallingProxy } from '../helpers/stalling-proxy.js';

/** The sim's heartbeat in this test: short, so the documented deadline (3 × 1 s) keeps the test quick. */
const HEARTBEAT_MS = 1_000;
/** Extra time allowed past the deadline for a loaded 2-core machine: timers, the log line, the poll. */
const SLACK_MS = 10_000;

describe('a network path that stalls without closing', () => {
  after(killAll);

  test('the websocket source notices by heartbeat within 3 intervals, reconnects, and loses nothing', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-stall-'));
    const sim = await startSim({ seed: 21, rate: 10, executions: 60, speed: 10, heartbeatMs: HEARTBEAT_MS });
    const proxy = await StallingProxy.start(sim.port);
    try {
      const db = join(dir, 'top.db');
      const serve = await startServeProcess(['--url', `ws://127.0.0.1:${proxy.port}/v1/events`, '--db', db, '--metrics-port', '0']);
      await waitFor('serve to store some events through the proxy', E2E_WAIT_MS, () => (storedKeys(db).rows >= 100 ? true : undefined));

      const stalledAt = performance.now();
      assert.equal(proxy.stallOpen(), 1, 'one stream connection to stall');
      const before = storedKeys(db).rows;
      const line = await serve.proc.waitForOutput('stdout', /source_status.*heartbeat timeout: no frame for (\d+) ms/, E2E_WAIT_MS);
      const noticedAfterMs = performance.now() - stalledAt;
      const silentMs = Number(line[1]);
      const deadline = WS_HEARTBEAT_MISSES * HEARTBEAT_MS;
      // Not early (a live connection is never dropped for silence shorter than the deadline), and not late.
      assert.ok(silentMs >= deadline, `declared dead after ${silentMs} ms of silence, before ${deadline} ms`);
      assert.ok(noticedAfterMs <= deadline + SLACK_MS, `noticed ${Math.round(noticedAfterMs)} ms after the stall (deadline ${deadline} ms)`);
      assert.ok(proxy.swallowed > 0, 'the sim kept sending into the stalled path');
      t.diagnostic(`stall noticed ${Math.round(noticedAfterMs)} ms after it began, after ${silentMs} ms of silence (deadline ${deadline} ms)`);

      // Reconnected through the proxy (a new connection), and ingest goes on past what was stored at the stall.
      await waitFor('a second connection through the proxy', E2E_WAIT_MS, () => (proxy.accepted >= 2 ? true : undefined));
      await waitFor('ingest to go on after the reconnect', E2E_WAIT_MS, () => (storedKeys(db).rows > before ? true : undefined));

      const record = await waitFor('the sim to finish its workload', E2E_WAIT_MS, () => {
        const s = sim.stats();
        return s.executionsStarted >= 60 && s.executionsByStatus.running === 0 ? sim.runtime.recordJson() : undefined;
      });
      const comparison = await waitFor('the store to hold every event', E2E_WAIT_MS, () => {
        const c = compareStore(record, db);
        return c.stored >= record.events ? c : undefined;
      });
      assertExactlyOnce(comparison, 'after a stalled connection');
      const metrics = await scrape(serve.metricsUrl);
      assert.ok(metricSum(metrics, 'jamjet_top_source_reconnects_total') >= 1);
      assert.equal(metricSum(metrics, 'jamjet_top_events_duplicate_total'), 0, 'resumed from its cursor: nothing twice');
      assert.equal(metricSum(metrics, 'jamjet_top_events_applied_total'), record.events);
      assert.equal((await serve.proc.stop('SIGTERM')).code, 0, serve.proc.describe());
    } finally {
      await proxy.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
