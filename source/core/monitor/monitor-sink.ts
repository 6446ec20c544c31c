import type { TypedEvent } from '../decode/event.js';
import type { ModelEffect } from '../model/types.js';
import type { SourceBatch, SourceStatus } from '../sources/event-source.js';

/**
 * Everything that consumes a monitor's output is a sink behind this one role interface: the store, the
 * metrics, and later the alert engine, the OTLP span exporter and the JSON logger. Every method is
 * optional but `close`; the monitor calls them in a fixed order per source batch (events, then effects,
 * then batch) and owns their lifetime: sinks are closed in reverse order of registration.
 */
export interface MonitorSink {
  /** Names the sink in errors (`store`, `metrics`…). */
  readonly name: string;
  /**
   * Every decoded event of a source batch, in arrival order, with the source's stable key and its resume
   * cursor after the batch. Duplicates are included: a sink must be idempotent on (execution id, sequence).
   */
  events?(events: readonly TypedEvent[], sourceKey: string, cursor: string | undefined): void;
  /** The model's effects (execution ended, attempt ended, tokens used…), each exactly once. */
  effects?(effects: readonly ModelEffect[]): void;
  /** The whole source batch, after the model applied it (rejections, counts). */
  batch?(batch: SourceBatch): void;
  /** A source reported a new status; `sourceKey` is the stable key its events are stored under. */
  status?(status: SourceStatus, sourceKey: string): void;
  /** Runs on the monitor's scheduler every `tickEveryMs` (default: the snapshot cadence). */
  tick?(now: number): void;
  readonly tickEveryMs?: number;
  /** Makes everything handed over so far durable (the store's batched writes). */
  flush?(): Promise<void>;
  close(): Promise<void>;
}

/** One call a {@link MemorySink} received, in order. */
export type SinkCall =
  | { readonly type: 'events'; readonly events: readonly TypedEvent[]; readonly sourceKey: string; readonly cursor: string | undefined }
  | { readonly type: 'effects'; readonly effects: readonly ModelEffect[] }
  | { readonly type: 'batch'; readonly batch: SourceBatch }
  | { readonly type: 'status'; readonly status: SourceStatus; readonly sourceKey: string }
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'flush' }
  | { readonly type: 'close' };

/** The in-memory double of {@link MonitorSink}: records every call, for tests and for wiring checks. */
export class MemorySink implements MonitorSink {
  readonly calls: SinkCall[] = [];

  constructor(
    readonly name = 'memory',
    readonly tickEveryMs?: number,
    private readonly onCall?: (sink: MemorySink, call: SinkCall) => void,
  ) {}

  events(events: readonly TypedEvent[], sourceKey: string, cursor: string | undefined): void {
    this.record({ type: 'events', events: [...events], sourceKey, cursor });
  }

  effects(effects: readonly ModelEffect[]): void {
    this.record({ type: 'effects', effects: [...effects] });
  }

  batch(batch: SourceBatch): void {
    this.record({ type: 'batch', batch });
  }

  status(status: SourceStatus, sourceKey: string): void {
    this.record({ type: 'status', status, sourceKey });
  }

  tick(now: number): void {
    this.record({ type: 'tick', now });
  }

  flush(): Promise<void> {
    this.record({ type: 'flush' });
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.record({ type: 'close' });
    return Promise.resolve();
  }

  /** Every event handed over, across calls, in order. */
  allEvents(): TypedEvent[] {
    return this.calls.flatMap((c) => (c.type === 'events' ? c.events : []));
  }

  /** The calls of one type, in order. */
  callsOf<T extends SinkCall['type']>(type: T): Extract<SinkCall, { type: T }>[] {
    return this.calls.filter((c): c is Extract<SinkCall, { type: T }> => c.type === type);
  }

  /** Every effect handed over, across calls, in order. */
  allEffects(): ModelEffect[] {
    return this.calls.flatMap((c) => (c.type === 'effects' ? c.effects : []));
  }

  private record(call: SinkCall): void {
    this.calls.push(call);
    this.onCall?.(this, call);
  }
}
