import type { Snapshot } from '../core/model/types.js';
import { executionHeader, executionRow } from '../view/format/execution-row.js';
import { SEGMENT_SEPARATOR, statusSegments } from '../view/format/status-segments.js';
import type { CommandIo } from './command-specs.js';
import type { Monitor } from './wiring/start-monitor.js';

/** Seconds between two blocks of `jamjet top` batch output (like `top -b -d 2`). */
export const BATCH_INTERVAL_MS = 2_000;
/** Executions printed per block, newest first. */
export const BATCH_MAX_ROWS = 50;
/** Width of the plain table when there is no terminal to measure. */
export const BATCH_WIDTH = 120;

/** One block of plain text for a snapshot: the status line, then the executions table. */
export function batchBlock(snapshot: Snapshot, width = BATCH_WIDTH): string {
  const status = statusSegments(snapshot).filter((s) => s.text !== '? help').map((s) => s.text).join(SEGMENT_SEPARATOR);
  const rows = snapshot.executions.slice(0, BATCH_MAX_ROWS).map((e) => `  ${executionRow(e, snapshot.now, width - 2).text}`.trimEnd());
  const more = snapshot.executions.length > BATCH_MAX_ROWS ? [`  … ${snapshot.executions.length - BATCH_MAX_ROWS} more`] : [];
  return [`${new Date(snapshot.now).toISOString()} ${status}`, executionHeader(width).trimEnd(), ...rows, ...more].join('\n');
}

/**
 * `jamjet top` with stdout not a terminal: no cursor tricks, a plain block every two seconds until
 * SIGINT/SIGTERM, or until every source has ended (a finished replay), then a last block and exit 0.
 */
export async function runTopBatch(monitor: Monitor, io: CommandIo): Promise<number> {
  const width = io.stdout.columns || BATCH_WIDTH;
  const print = (): void => {
    monitor.publisher.tick(true);
    io.stdout.write(`${batchBlock(monitor.publisher.getSnapshot(), width)}\n\n`);
  };
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
