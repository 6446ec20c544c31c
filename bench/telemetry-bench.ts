import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { systemClock } from '../source/core/clock.js';
import { ExecutionModel } from '../source/core/model/execution-model.js';
import type { MonitorSink } from '../source/core/monitor/monitor-sink.js';
import { LogSink } from '../source/core/telemetry/log-sink.js';
import type { LoggerStats } from '../source/core/telemetry/logger.js';
import { openLogger } from '../source/core/telemetry/pino-logger.js';
import { result, type BenchResult } from './bench-result.js';
import { decodeAndReduce, recordedFrames } from './decode-reduce-bench.js';

/** One telemetry output under test: its sink, and how to end it (flushed) with what it counted. */
interface TelemetryOutput {
  readonly sink: MonitorSink;
  end(): Promise<LoggerStats | undefined>;
}

/**
 * The outputs switched on together in the "on" run: JSON logs to a size-rotated file at level info, as top
 * writes them. The OTLP span sink goes here too, one line, when it lands.
 */
const OUTPUTS: Array<(dir: string) => TelemetryOutput> = [
  (dir) => {
    const logger = openLogger({ level: 'info', format: 'json', clock: systemClock(), escape: (s) => s, destination: { kind: 'file', path: join(dir, 'top.log') } });
    return { sink: new LogSink(logger), end: async () => (await logger.close(), logger.stats) };
  },
];

/**
 * Ingest as a monitor does it: a frame at a time, decode, reduce, effects to the sinks, then back to the
 * event loop (where a source's next frame, and the log destination's writes, run). Returns ms taken.
 */
async function ingest(frames: readonly string[], sinks: readonly MonitorSink[]): Promise<number> {
  const model = new ExecutionModel();
  const start = process.hrtime.bigint();
  for (const frame of frames) {
    decodeAndReduce([frame], model, (effects) => {
      for (const sink of sinks) sink.effects?.(effects);
    });
    await nextTurn();
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One run with every output on: ms taken (their flush included) and the lines the logger wrote and dropped. */
async function runOn(frames: readonly string[]): Promise<{ ms: number; stats: LoggerStats }> {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-bench-logs-'));
  try {
    const outputs = OUTPUTS.map((open) => open(dir));
    const start = process.hrtime.bigint();
    await ingest(frames, outputs.map((o) => o.sink));
    const stats = (await Promise.all(outputs.map((o) => o.end()))).find((s) => s !== undefined)!;
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, stats };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ingest rate with JSON logs (and later OTLP export) on, against the same ingest with them off, same run. */
export async function benchTelemetry(events = 200_000): Promise<BenchResult[]> {
  const frames = [...recordedFrames(events)];
  await ingest(frames, []);
  await runOn(frames);
  const runs = 5;
  let offBest = Infinity;
  let on = { ms: Infinity, stats: { lines: 0, dropped: 0, rotations: 0 } as LoggerStats };
  for (let r = 0; r < runs; r++) {
    offBest = Math.min(offBest, await ingest(frames, []));
    const run = await runOn(frames);
    if (run.ms < on.ms) on = run;
  }
  const offRate = events / (offBest / 1000);
  const onRate = events / (on.ms / 1000);
  return [
    result(`ingest with JSON logs on (${on.stats.lines} lines at info to a rotated file; baseline: logs off)`, onRate, 'events/s', 'higher', offRate, {
      text: '>= 0.5x the rate with logs off',
      met: onRate >= offRate * 0.5,
    }),
    result('log lines dropped by the bounded buffer in that run (baseline: lines written)', on.stats.dropped, 'lines', 'lower', on.stats.lines, {
      text: 'none dropped at this rate',
      met: on.stats.dropped === 0,
    }),
  ];
}
