// Shared set-up for inspect tests: a store file holding the §9 reference executions, and captured output.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runInspect, type InspectArgs } from '../../source/commands/inspect.js';
import { ManualClock } from '../../source/core/clock.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { typed } from './store-fixtures.js';

/** The reference executions (shared/reference/jamjet-runtime.md §9) kept as JSONL fixtures. */
export const INSPECT_FIXTURES = ['completed', 'failed-after-retry', 'approval', 'child-workflow'] as const;

/** Their ids (the child-workflow fixture also holds the child `exec_03de…`). */
export const FIXTURE_IDS: Readonly<Record<(typeof INSPECT_FIXTURES)[number], string>> = {
  completed: 'exec_39201bc020354816b34546bc0da7d0fb',
  'failed-after-retry': 'exec_3110084bdce044b9bd8c0a4862b0c1dd',
  approval: 'exec_2082f363273940928c357778775308a1',
  'child-workflow': 'exec_10c16f5ddac84fb6af102c604002573a',
};

/** Path of a file under test/fixtures/inspect (from the compiled test's location). */
export function inspectFixture(name: string): string {
  return new URL(`../../../test/fixtures/inspect/${name}`, import.meta.url).pathname;
}

/** Writes every fixture execution into a fresh store file; `cleanup` removes it. */
export async function fixtureStore(): Promise<{ db: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'jj-inspect-'));
  const db = join(dir, 'top.db');
  const sink = new SqliteEventSink({ path: db, clock: new ManualClock(0), thread: 'inline', sourceKey: () => 'ws://127.0.0.1:7700/v1/events' });
  for (const name of INSPECT_FIXTURES) {
    const lines = readFileSync(inspectFixture(`${name}.jsonl`), 'utf8').split('\n').filter((l) => l !== '');
    sink.write(lines.map((l) => typed(JSON.parse(l))), 'src1', undefined);
  }
  await sink.close();
  return { db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A writable that keeps what was written. */
export function capture(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => buf };
}

/** The time the fixture stores' tests read them at. */
export const FIXTURE_NOW = Date.parse('2026-03-16T00:00:00Z');

/** What one inspect run printed and returned. */
export interface InspectRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs inspect on a store with captured output: plain text, 100 columns, read at FIXTURE_NOW unless `args` say otherwise. */
export async function inspectCaptured(args: Partial<InspectArgs> & { db: string }): Promise<InspectRun> {
  const out = capture();
  const err = capture();
  const code = await runInspect({ urls: [], color: false, width: 100, isTTY: false, now: FIXTURE_NOW, ...args }, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}
