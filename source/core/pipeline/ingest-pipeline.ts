import type { Clock } from '../clock.js';
import type { ExecutionModel } from '../model/execution-model.js';
import type { SourceBatch, SourceListener, SourceStatus } from '../sources/event-source.js';
import type { EffectSink, EventSink } from './sinks.js';

/** Options for {@link IngestPipeline}. */
export interface IngestPipelineOptions {
  readonly model: ExecutionModel;
  readonly clock: Clock;
  readonly eventSinks?: readonly EventSink[];
  readonly effectSinks?: readonly EffectSink[];
  /** Maps a source id to the stable key its cursor is stored under (its redacted URL). */
  readonly cursorKey?: (sourceId: string) => string;
  /** Called after each batch is applied (follow uses it to print lines). */
  readonly onBatch?: (batch: SourceBatch) => void;
  /** Called when a source reports a new status. */
  readonly onStatus?: (status: SourceStatus) => void;
}

/**
 * The one place where sources meet the model: every batch is applied to the model, handed to the
 * event sinks (store) with its resume cursor, and the model's effects go to the effect sinks
 * (metrics, logs, spans). Synchronous and allocation-light: it runs once per batch, not per event.
 */
export class IngestPipeline implements SourceListener {
  private readonly statuses = new Map<string, SourceStatus>();

  constructor(private readonly options: IngestPipelineOptions) {}

  batch(batch: SourceBatch): void {
    const { model, clock } = this.options;
    const now = clock.now();
    for (const rejection of batch.rejections) model.recordRejection(rejection.reason);
    const events = batch.events;
    for (let i = 0; i < events.length; i++) model.apply(events[i]!, batch.sourceId, now);
    const sinks = this.options.eventSinks;
    if (sinks && (events.length > 0 || batch.cursor !== undefined)) {
      const key = this.options.cursorKey ? this.options.cursorKey(batch.sourceId) : batch.sourceId;
      for (const sink of sinks) sink.write(events, key, batch.cursor);
    }
    this.drainEffects();
    this.options.onBatch?.(batch);
  }

  /** Records a source's status: the model marks its executions stale or live again, the sinks record it. */
  status(status: SourceStatus): void {
    this.statuses.set(status.id, status);
    const now = this.options.clock.now();
    this.options.model.sourceState(status.id, status.state, now);
    const sinks = this.options.eventSinks;
    if (sinks) {
      const key = this.options.cursorKey ? this.options.cursorKey(status.id) : status.id;
      for (const sink of sinks) sink.sourceState?.(key, status.state);
    }
    this.options.onStatus?.(status);
  }

  /**
   * Gives up on overdue sequence gaps, marks stale the executions of sources away past the grace, and
   * forwards any effects that produced. Called on the publish tick.
   */
  tick(now: number): void {
    this.options.model.tick(now);
    this.drainEffects();
  }

  /** The latest status of every source seen so far, in first-seen order. */
  sourceStatuses(): SourceStatus[] {
    return [...this.statuses.values()];
  }

  private drainEffects(): void {
    const effects = this.options.model.drainEffects();
    if (effects.length === 0) return;
    for (const sink of this.options.effectSinks ?? []) sink.effects(effects);
  }
}
