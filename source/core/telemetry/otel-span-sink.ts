import type { Clock } from '../clock.js';
import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import { effectSpanCount, spanSeed, type SpanSeed, type UnfinishedReason } from './effect-spans.js';
import type { SpanExportQueue, SpanExportStats } from './span-export-queue.js';

type ExecutionStarted = Extract<ModelEffect, { type: 'execution_started' }>;

/** Executions whose root span is still open; past it the oldest is ended as `evicted` (memory stays flat). */
export const MAX_OPEN_EXECUTIONS = 10_000;
/** How long shutdown waits for the last spans to reach the collector. */
export const SHUTDOWN_EXPORT_MS = 5_000;

/**
 * The OTLP trace export as a monitor sink: each effect that finishes spans (an attempt's end, an execution's)
 * queued as its seed (effect-spans.ts), which the export worker maps to spans. Executions still open at
 * shutdown, or past the open cap, get a root span that says so.
 */
export class OtelSpanSink implements MonitorSink {
  readonly name = 'otlp';
  private readonly open = new Map<string, ExecutionStarted>();
  private lastTime = 0;

  constructor(
    private readonly queue: SpanExportQueue<SpanSeed>,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxOpen = MAX_OPEN_EXECUTIONS,
  ) {}

  effects(effects: readonly ModelEffect[]): void {
    for (const e of effects) {
      if (e.time > this.lastTime) this.lastTime = e.time;
      if (e.type === 'execution_started') this.track(e);
      else if (e.type === 'execution_ended') this.open.delete(e.executionId);
      // A full queue would drop them all: they are counted, not copied.
      if (this.queue.full) this.queue.drop(effectSpanCount(e));
      else {
        const seed = spanSeed(e);
        if (seed !== undefined) this.queue.add([seed]);
      }
    }
  }

  /** The export's counters and state. */
  stats(): SpanExportStats {
    return this.queue.stats();
  }

  /** Ends every open execution's root as unfinished, then exports what is queued (within SHUTDOWN_EXPORT_MS). */
  async close(): Promise<void> {
    const end = Math.max(this.lastTime, this.clock.now());
    const roots = [...this.open.values()].map((s) => unfinished(s, end, 'shutdown'));
    this.open.clear();
    this.queue.add(roots);
    await this.queue.close(SHUTDOWN_EXPORT_MS);
  }

  private track(e: ExecutionStarted): void {
    this.open.delete(e.executionId);
    this.open.set(e.executionId, e);
    if (this.open.size <= this.maxOpen) return;
    const [oldestId, oldest] = this.open.entries().next().value!;
    this.open.delete(oldestId);
    this.queue.add([unfinished(oldest, this.lastTime, 'evicted')]);
  }
}

function unfinished(s: ExecutionStarted, endMs: number, reason: UnfinishedReason): SpanSeed {
  const { executionId, workflowId, workflowVersion, parentExecutionId, parentNodeId, time } = s;
  return { type: 'unfinished', started: { executionId, workflowId, workflowVersion, parentExecutionId, parentNodeId, time }, endMs, reason };
}
