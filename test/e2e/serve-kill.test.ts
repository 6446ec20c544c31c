// `jamjet serve` SIGKILLed 5 times during ingest and restarted on the same store: the store ends with every event the
// sim emitted exactly once (per execution id + sequence, against the sim's record), the stored cursor is the
// stream's last, and each run resumes from the cursor committed with the rows. Counters follow Prometheus's reset
// semantics: each run's start from 0 and count exactly what that run applied; the events and executions a
// restart restores from the store are not counted again (replay-restored.ts drops their effects).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TERMINAL_EVENT_TYPES } from '../../source/core/model/lifecycle.js';
import { openSqliteDb } from '../../source/core/store/sqlite-db.js';
import { E2E_WAIT_MS, killAll, startServeProcess, startSimProcess, waitFor, type ServeProcess } from '../helpers/e2e-process.js';
import { assertExactlyOnce, compareStore, metricSum, scrape, storedKeys } from '../helpers/fault-rig.js';
import { workloadEvents } from '../helpers/sim-restart-scenario.js';
import type { SimRecordBody } from '../../source/core/sim/sim-record.js';

const KILLS = 5;

/** One read of the store: its newest rowid, and the terminal events and rows stored after `mark`. */
function storeSince(db: string, mark: number): { maxRowid: number; rows: number; terminal: number; cursor: string | undefined } {
  const s = openSqliteDb(db, { readonly: true });
  try {
    const types = [...TERMINAL_EVENT_TYPES];
    const maxRowid = Number((s.prepare('SELECT coalesce(max(rowid), 0) AS m FROM events').get() as { m: number }).m);
    const rows = Number((s.prepare('SELECT count(*) AS n FROM events WHERE rowid > ?').get(mark) as { n: number }).n);
    const terminal = Number((s.prepare(`SELECT count(*) AS n FROM events WHERE rowid > ? AND type IN (${types.map(() => '?').join(',')})`).get(mark, ...types) as { n: number }).n);
    const cursor = (s.prepare('SELECT cursor FROM cursors LIMIT 1').get() as { cursor: string } | undefined)?.cursor;
    return { maxRowid, rows, terminal, cursor };
  } finally {
    s.close();
  }
}

describe('serve SIGKILLed during ingest and restarted on the same store', () => {
  after(killAll);

  test(`${KILLS} SIGKILLs: nothing lost or doubled, the cursor resumes, counters reset and count only their own run`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamjet-servekill-'));
    try {
      const [seed, rate, executions] = [31, 10, 150];
      const total = workloadEvents(seed, rate, executions);
      const sim = await startSimProcess(['--seed', String(seed), '--rate', String(rate), '--executions', String(executions), '--speed', '4']);
      const db = join(dir, 'top.db');
      const args = ['--url', sim.wsUrl, '--db', db, '--metrics-port', '0'];
      let serve: ServeProcess = await startServeProcess(args);
      const storedAtKill: number[] = [];
      let mark = 0;
      for (let i = 1; i <= KILLS; i++) {
        const at = Math.floor((total * i) / (KILLS + 2));
        await waitFor(`serve run ${i} to store ${at} of ${total} events`, E2E_WAIT_MS, () => (storedKeys(db).rows >= at ? true : undefined));
        const exit = await serve.proc.stop('SIGKILL');
        assert.equal(exit.signal, 'SIGKILL');
        // Read between the kill and the restart: what the killed run left committed, and where the next run's rows start.
        const left = storeSince(db, 0);
        storedAtKill.push(left.rows);
        mark = left.maxRowid;
        serve = await startServeProcess(args);
      }

      const record = await waitFor(`the sim to emit all ${total} events`, E2E_WAIT_MS, async () => {
        const r = (await (await fetch(`${sim.httpUrl}/sim/record`)).json()) as SimRecordBody;
        return r.events >= total ? r : undefined;
      });
      const comparison = await waitFor('the store to hold every event', E2E_WAIT_MS, () => {
        const c = compareStore(record, db);
        return c.stored >= total ? c : undefined;
      });
      assertExactlyOnce(comparison, `after ${KILLS} SIGKILLs of serve`);

      const last = storeSince(db, mark);
      assert.equal(last.cursor, String(total), 'the stored cursor is the stream\'s last');
      // The last run resumed from the cursor committed with the rows: it was delivered exactly what was not stored.
      const metrics = await waitFor('the last run to count what it stored', E2E_WAIT_MS, async () => {
        const body = await scrape(serve.metricsUrl);
        return metricSum(body, 'jamjet_top_events_applied_total') >= last.rows ? body : undefined;
      });
      assert.equal(last.rows, total - storedAtKill[KILLS - 1]!, `rows after the last restart (${JSON.stringify({ mark, last, total, storedAtKill })})`);
      assert.equal(metricSum(metrics, 'jamjet_top_events_ingested_total'), last.rows, 'delivered only what was not stored');
      assert.equal(metricSum(metrics, 'jamjet_top_events_applied_total'), last.rows);
      assert.equal(metricSum(metrics, 'jamjet_top_events_duplicate_total'), 0);
      // Counters start from 0 in each run (a Prometheus counter reset) and count each execution that ended in it.
      assert.equal(metricSum(metrics, 'jamjet_executions_total'), last.terminal, 'executions ended in this run, once each');
      assert.equal((await serve.proc.stop('SIGTERM')).code, 0, serve.proc.describe());
      await sim.proc.stop('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
