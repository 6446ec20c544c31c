// The runtime process killed (SIGKILL) and restarted during a run, `jamjet serve` ingesting it: every event the
// sim emitted is stored and counted exactly once, checked per execution id + sequence against the sim's own
// record, for the websocket source and the REST poller. `npm run soak` runs the full scale (10 restarts,
// 100,000 events); this is the same scenario small enough for `npm test`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { E2E_WAIT_MS, killAll } from '../helpers/e2e-process.js';
import { runRestartScenario } from '../helpers/sim-restart-scenario.js';

describe('the sim killed and restarted from its state file during a run', () => {
  after(killAll);
  test('websocket source: 3 SIGKILLs, every event stored and counted exactly once, resumed by cursor', async () => {
    const figures = await runRestartScenario({ source: 'ws', seed: 11, rate: 20, executions: 200, speed: 10, restarts: 3, waitMs: E2E_WAIT_MS });
    assert.equal(figures.restarts, 3);
    assert.ok(figures.events > 2000, `events ${figures.events}`);
  });
  // The poller's first listing reads one page (it starts from the recent past) and it watches at most
  // REST_MAX_WATCHED executions: a gentler workload keeps the test about restarts, not about those caps.
  test('REST poller: 3 SIGKILLs, every event stored and counted exactly once', async () => {
    const figures = await runRestartScenario({ source: 'http', seed: 11, rate: 2, executions: 120, speed: 8, restarts: 3, waitMs: E2E_WAIT_MS });
    assert.equal(figures.restarts, 3);
    assert.ok(figures.events > 1000, `events ${figures.events}`);
  });
});
