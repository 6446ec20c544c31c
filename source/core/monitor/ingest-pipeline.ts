import type { Clock } from '../clock.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { SourceBatch, SourceListener, SourceStatus } from '../sources/event-source.js';
import type { MonitorSink } from './monitor-sink.js';

/** Options for {@link IngestPipeline}. */
export interface IngestPipelineOptions {
  readonly model: ExecutionModel;
  readonly clock: Clock;
  readonly sinks?: readonly MonitorSink[];
  /** Maps a source id to the stable key its cursor and state are stored under (its redacted URL). */
  readonly cursorKey?: (sourceId: string) => string;
}

/**
 * The one place where sources meet the model: every batch is applied to the model, then each sink is
 * handed, in this order, the batch's events with the source's resume cursor (the store), the model's
 * effects (metrics, later logs and spans) and the batch itself (rejection counters, follow's printer).
 * Synchronous and allocation-light: it runs once per batch, not per event.
 */
export class IngestPipeline implements SourceListener {
  private readonly statuses = new Map<string, SourceStatus>();
  private readonly sinks: readonly MonitorSink[];

  constructor(private readonly options: IngestPipelineOptions) {
    this.sinks = options.sinks ?? [];
  }

  batch(batch: SourceBatch): void {
    const { model, clock } = this.options;
    const events = batch.events;
    if (clock.observe && events.length > 0) {
      let newest = events[0]!.time;
      for (let i = 1; i < events.length; i++) if (events[i]!.time > newest) newest = events[i]!.time;
      clock.observe(newest);
    }
    const now = clock.now();
    for (const rejection of batch.rejections) model.recordRejection(rejection.reason);
    for (let i = 0; i < events.length; i++) model.apply(events[i]!, batch.sourceId, now);
    if (events.length > 0 || batch.cursor !== undefined) {
      const key = this.keyOf(batch.sourceId);
      for (const sink of this.sinks) sink.events?.(events, key, batch.cursor);
    }
    this.drainEffects();
    for (const sink of this.sinks) sink.batch?.(batch);
  }

  /** Records a source's status: the model marks its executions stale or live again, the sinks hear it under the source's key. */
  status(status: SourceStatus): void {
    this.statuses.set(status.id, status);
    this.options.model.sourceState(status.id, status.state, this.options.clock.now());
    const key = this.keyOf(status.id);
    for (const sink of this.sinks) sink.status?.(status, key);
  }

  /**
   * Gives up on overdue sequence gaps, marks stale the executions of sources away past the grace, and
   * forwards any effects that produced. The monitor's scheduler calls it first on every tick.
   */
  tick(now: number): void {
    this.options.model.tick(now);
    this.drainEffects();
  }

  /** The latest status of every source seen so far, in first-seen order. */
  sourceStatuses(): SourceStatus[] {
    return [...this.statuses.values()];
  }

  private keyOf(sourceId: string): string {
    return this.options.cursorKey ? this.options.cursorKey(sourceId) : sourceId;
  }

  private drainEffects(): void {
    const effects = this.options.model.drainEffects();
    if (effects.length === 0) return;
    for (const sink of this.sinks) sink.effects?.(effects);
  }
}
