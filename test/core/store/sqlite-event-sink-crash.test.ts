import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreQueries } from '../../../source/core/store/store-queries.js';
import { execIdFor } from '../../helpers/store-fixtures.js';

const CHILD = fileURLToPath(new URL('../../helpers/store-ingest-child.js', import.meta.url));

/** Runs the child until it has reported `killAfter` commits (then SIGKILLs it) or until it exits. */
function runChild(db: string, batches: number, killAfter?: number): Promise<{ committed: number[]; resumed: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, db, String(batches)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: number[] = [];
    let resumed = -1;
    let buf = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const [what, n] = line.split(' ');
        if (what === 'resumed') resumed = Number(n);
        if (what === 'committed') committed.push(Number(n));
        if (killAfter !== undefined && committed.length >= killAfter && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!killed && code !== 0) reject(new Error(`child exited ${code ?? signal}: ${stderr}`));
      else resolve({ committed, resumed, killed });
    });
  });
}

function sequences(db: string): { seqs: number[]; cursor: number; eventCount: number } {
  const conn = openSqliteDb(db);
  const q = new StoreQueries(conn);
  const seqs = q.getEvents(execIdFor(7)).map((e) => e.sequence);
  const cursor = Number(q.cursorFor('src') ?? '0');
  const eventCount = q.getExecution(execIdFor(7))?.eventCount ?? 0;
  conn.close();
  return { seqs, cursor, eventCount };
}

describe('SqliteEventSink after SIGKILL mid-ingest', () => {
  test('the database opens, holds every committed batch, and ingest resumes from the cursor without a gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jj-crash-'));
    try {
      const db = join(dir, 'top.db');
      const first = await runChild(db, 0, 8);
      assert.equal(first.killed, true);
      assert.equal(first.resumed, 0);

      const after = sequences(db); // opens cleanly: a StoreError here fails the test
      const lastReported = Math.max(...first.committed);
      assert.ok(after.seqs.length >= lastReported, 'every reported batch is present');
      assert.deepEqual(after.seqs, Array.from({ length: after.seqs.length }, (_, i) => i + 1), 'no gap');
      assert.equal(after.cursor, after.seqs.length, 'the cursor is exactly the last committed event: never past unsaved events');
      assert.equal(after.eventCount, after.seqs.length);

      const second = await runChild(db, 4);
      assert.equal(second.resumed, after.cursor);
      const final = sequences(db);
      assert.deepEqual(final.seqs, Array.from({ length: after.cursor + 4 * 250 }, (_, i) => i + 1), 'resumed without a gap or a duplicate');
      assert.equal(final.eventCount, final.seqs.length, 'nothing counted twice');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
