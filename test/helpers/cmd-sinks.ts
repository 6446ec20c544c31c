// In-memory doubles of the pipeline's sink roles: they record what they were handed, in order.
import type { TypedEvent } from '../../source/core/decode/event.js';
import type { ModelEffect } from '../../source/core/model/types.js';
import type { EffectSink, EventSink } from '../../source/core/pipeline/sinks.js';
import type { SourceState } from '../../source/core/sources/event-source.js';

/** One `write` call an event sink received. */
export interface RecordedWrite {
  readonly events: readonly TypedEvent[];
  readonly sourceKey: string;
  readonly cursor: string | undefined;
}

/** An EventSink that keeps every write in memory (the SQLite store's test double). */
export class RecordingEventSink implements EventSink {
  readonly writes: RecordedWrite[] = [];
  /** Every sourceState call: [source key, state]. */
  readonly states: [string, SourceState][] = [];
  flushes = 0;
  closed = false;

  write(events: readonly TypedEvent[], sourceKey: string, cursor: string | undefined): void {
    this.writes.push({ events: [...events], sourceKey, cursor });
  }

  sourceState(sourceKey: string, state: SourceState): void {
    this.states.push([sourceKey, state]);
  }

  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Every event written, across calls, in order. */
  events(): TypedEvent[] {
    return this.writes.flatMap((w) => w.events);
  }
}

/** An EffectSink that keeps every effect and every call in memory. */
export class RecordingEffectSink implements EffectSink {
  readonly calls: (readonly ModelEffect[])[] = [];

  effects(effects: readonly ModelEffect[]): void {
    this.calls.push([...effects]);
  }

  /** Every effect received, across calls, in order. */
  all(): ModelEffect[] {
    return this.calls.flat();
  }

  /** The received effects of one type. */
  ofType(type: ModelEffect['type']): ModelEffect[] {
    return this.all().filter((e) => e.type === type);
  }
}
