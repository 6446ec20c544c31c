import type { Snapshot } from '../core/snapshot/snapshot.js';
import { executionHeader, executionRow } from '../view/format/execution-row.js';
import { SEGMENT_SEPARATOR, statusSegments } from '../view/format/status-segments.js';
import type { CommandIo } from './command-types.js';
import type { Monitor } from '../core/monitor/monitor.js';

/** Seconds between two blocks of `jamjet top` batch output (like `top -b -d 2`). */
export const BATCH_INTERVAL_MS = 2_000;
/** Executions printed per block, newest first. */
export const BATCH_MAX_ROWS = 50;
/** Width of the plain table when neither `COLUMNS` nor a terminal gives one. */
export const BATCH_WIDTH = 120;
/** Narrowest block: below it the whole execution ids would not fit (a narrower `COLUMNS` is raised to it). */
export const BATCH_MIN_WIDTH = 60;
/** Widest block, whatever `COLUMNS` says. */
export const BATCH_MAX_WIDTH = 1_000;

/** One block of plain text for a snapshot: the status line, then the executions table with whole ids. */
export function batchBlock(snapshot: Snapshot, width = BATCH_WIDTH): string {
  const table = { fullIds: true };
  const status = statusSegments(snapshot).filter((s) => s.text !== '? help').map((s) => s.text).join(SEGMENT_SEPARATOR);
  // Header and rows share the two-column indent and the same width, so the columns line up.
  const line = (text: string): string => `  ${text}`.trimEnd();
  const rows = snapshot.executions.slice(0, BATCH_MAX_ROWS).map((e) => line(executionRow(e, snapshot.now, width - 2, table).text));
  const more = snapshot.executions.length > BATCH_MAX_ROWS ? [`  … ${snapshot.executions.length - BATCH_MAX_ROWS} more`] : [];
  return [`${new Date(snapshot.now).toISOString()} ${status}`, line(executionHeader(width - 2, table)), ...rows, ...more].join('\n');
}

/** The block width: `COLUMNS` when it is a positive integer, else the terminal's width, else {@link BATCH_WIDTH}. */
export function batchWidth(env: Readonly<Record<string, string | undefined>>, terminalColumns?: number): number {
  const columns = /^\s*[1-9]\d*\s*$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : terminalColumns || BATCH_WIDTH;
  return Math.min(BATCH_MAX_WIDTH, Math.max(BATCH_MIN_WIDTH, columns));
}

/** What the block printer needs of the snapshot publisher. */
export interface BatchSnapshots {
  /** Publishes a snapshot as of now, even when nothing changed. */
  tick(force: true): void;
  getSnapshot(): Snapshot;
}

/**
 * Returns the function that prints one block: a fresh snapshot each time, and never two blocks in a row
 * with the same timestamp (a clock that did not move skips the block). True when it printed.
 */
export function blockPrinter(snapshots: BatchSnapshots, out: { write(text: string): unknown }, width: number): () => boolean {
  let previousNow: number | undefined;
  return () => {
    snapshots.tick(true);
    const snapshot = snapshots.getSnapshot();
    if (snapshot.now === previousNow) return false;
    previousNow = snapshot.now;
    out.write(`${batchBlock(snapshot, width)}\n\n`);
    return true;
  };
}

/**
 * `jamjet top` with stdout not a terminal: no cursor tricks, a plain block every two seconds until
 * SIGINT/SIGTERM, or until every source has ended (a finished replay), then a last block and exit 0.
 */
export async function runTopBatch(monitor: Monitor, io: CommandIo): Promise<number> {
  const print = blockPrinter(monitor.publisher, io.stdout, batchWidth(io.env, io.stdout.columns));
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      print();
      const sources = monitor.sources.map((s) => s.status());
      if (sources.length > 0 && sources.every((s) => s.state === 'ended')) done();
    }, BATCH_INTERVAL_MS);
    function done(): void {
      clearInterval(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    }
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  return 0;
}
