import type { Clock } from '../clock.js';
import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import { effectSpanCount, effectSpans, unfinishedRootSpan } from './effect-spans.js';
import type { SpanExportQueue, SpanExportStats } from './span-export-queue.js';

type ExecutionStarted = Extract<ModelEffect, { type: 'execution_started' }>;

/** Executions whose root span is still open; past it the oldest is ended as `evicted` (memory stays flat). */
export const MAX_OPEN_EXECUTIONS = 10_000;
/** How long shutdown waits for the last spans to reach the collector. */
export const SHUTDOWN_EXPORT_MS = 5_000;

/**
 * The OTLP trace export as a monitor sink: each effect mapped to finished spans (effect-spans.ts) and queued
 * (a node span when its attempt ends, a root when its execution ends). Executions still open at shutdown, or
 * past the open cap, get a root span that says so.
 */
export class OtelSpanSink implements MonitorSink {
  readonly name = 'otlp';
  private readonly open = new Map<string, ExecutionStarted>();
  private lastTime = 0;

  constructor(
    private readonly queue: SpanExportQueue,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxOpen = MAX_OPEN_EXECUTIONS,
  ) {}

  effects(effects: readonly ModelEffect[]): void {
    for (const e of effects) {
      if (e.time > this.lastTime) this.lastTime = e.time;
      if (e.type === 'execution_started') this.track(e);
      else if (e.type === 'execution_ended') this.open.delete(e.executionId);
      // A full queue would drop them all: they are counted, not built.
      if (this.queue.full) this.queue.drop(effectSpanCount(e));
      else {
        const spans = effectSpans(e);
        if (spans.length > 0) this.queue.add(spans);
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
    const roots = [...this.open.values()].map((s) => unfinishedRootSpan(s, end, 'shutdown'));
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
    this.queue.add([unfinishedRootSpan(oldest, this.lastTime, 'evicted')]);
  }
}
