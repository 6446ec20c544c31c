/**
 * `npm run soak`: the full-scale fault run. The sim is SIGKILLed and restarted from its state file 10 times
 * during a 100,000-event workload while `jamjet serve` ingests it, once over the websocket stream and once over the
 * REST API; every event must be stored and counted exactly once (checked per execution id + sequence against the
 * sim's own record). Prints one line of figures per source; exits 1 on the first failure.
 * `SOAK_SOURCES=ws` (or `http`) runs one source only; `SOAK_EVENTS` scales the workload.
 */
import { killAll } from '../test/helpers/e2e-process.js';
import { runRestartScenario, type RestartScenario } from '../test/helpers/sim-restart-scenario.js';

/** Events per root execution of the demo workload, roughly (children and segments included). */
const EVENTS_PER_EXECUTION = 12.5;
const events = Number(process.env.SOAK_EVENTS ?? 100_000);
const sources = (process.env.SOAK_SOURCES ?? 'ws,http').split(',') as RestartScenario['source'][];
const executions = Math.ceil(events / EVENTS_PER_EXECUTION);

// The websocket stream takes the workload as fast as serve ingests it; the REST poller gets the runtime's own
// pace (2 executions a second) sped up, so it stays within its discovery page and REST_MAX_WATCHED.
const shapes: Record<RestartScenario['source'], Omit<RestartScenario, 'source' | 'executions'>> = {
  ws: { seed: 101, rate: 20, speed: 10, restarts: 10, waitMs: 600_000 },
  http: { seed: 101, rate: 2, speed: 8, restarts: 10, waitMs: 900_000 },
};

let failed = false;
for (const source of sources) {
  try {
    const log = (line: string): boolean => process.stderr.write(`soak ${line}\n`);
    const f = await runRestartScenario({ source, executions, ...shapes[source], log });
    process.stdout.write(`soak ${source}: ${f.events} events, ${f.restarts} sim SIGKILLs (resumed at cursors ${f.resumedAt.join(', ')}), `
      + `stored ${f.comparison.stored} (missing 0, extra 0), ingested ${f.ingested}, duplicates ${f.duplicates}, reconnects ${f.reconnects}, `
      + `${f.seconds.toFixed(1)} s\n`);
  } catch (error) {
    failed = true;
    process.stdout.write(`soak ${source}: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await killAll();
  }
}
process.exit(failed ? 1 : 0);
