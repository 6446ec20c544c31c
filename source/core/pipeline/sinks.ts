import type { TypedEvent } from '../decode/event.js';
import type { ModelEffect } from '../model/types.js';
import type { SourceState } from '../sources/event-source.js';

/**
 * Receives every decoded event of each source batch, in arrival order, with the source it came from and
 * that source's resume cursor after the batch. Duplicates are included (the model drops them for itself):
 * a sink must be idempotent on (execution id, sequence), as the SQLite store is. Tests use an in-memory one.
 */
export interface EventSink {
  write(events: readonly TypedEvent[], sourceId: string, cursor: string | undefined): void;
  /** A source's new connection state, under the same key its events are written with (the store records it). */
  sourceState?(sourceId: string, state: SourceState): void;
  /** Makes everything written so far durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Receives the model's effects (execution ended, attempt ended, tokens used…) once each. The metrics
 * registry, the JSON logger and the OTLP span exporter are effect sinks.
 */
export interface EffectSink {
  effects(effects: readonly ModelEffect[]): void;
}
