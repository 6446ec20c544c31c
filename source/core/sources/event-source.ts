import type { Rejection, TypedEvent } from '../decode/event.js';

/** Connection state of one source, as the status bar and /healthz show it. */
export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'error' | 'ended';

/** What a source reports about itself. Never contains a token or credentials. */
export interface SourceStatus {
  /** Stable id of the source within this process (`src1`, `src2`, … or `demo`). */
  readonly id: string;
  /** Where it reads from, credentials stripped (`ws://127.0.0.1:7700/v1/events`, `file.jsonl`, `-`). */
  readonly url: string;
  readonly kind: 'websocket' | 'rest' | 'jsonl';
  readonly state: SourceState;
  /** Last problem or notice in one line (`401 unauthorized: check --token`), if any. */
  readonly message?: string | undefined;
  /** Why the source is not connected, without retry counts (`connection refused`); absent while connected. */
  readonly reason?: string | undefined;
  /** Epoch ms of the last event received. */
  readonly lastEventAt?: number | undefined;
  /** Events delivered so far (after decode, before dedupe). */
  readonly events: number;
  /** Frames or envelopes rejected by the decoder. */
  readonly rejected: number;
  /** Reconnects (websocket) or failed polls retried (REST). */
  readonly reconnects: number;
  /** Milliseconds between an event's `created_at` and its arrival, for the last event. */
  readonly lagMs?: number | undefined;
}

/** One delivery from a source: decoded events in arrival order, rejections, and the resume cursor after it. */
export interface SourceBatch {
  readonly sourceId: string;
  readonly events: readonly TypedEvent[];
  readonly rejections: readonly Rejection[];
  /**
   * Opaque resume position after this batch (websocket: the stream cursor; JSONL: the line count;
   * REST: per-execution sequences). Stored by the store and handed back as `resumeCursor`.
   */
  readonly cursor?: string | undefined;
}

/** Receives what a source produces. Implemented by the ingest pipeline (and by test doubles). */
export interface SourceListener {
  batch(batch: SourceBatch): void;
  status(status: SourceStatus): void;
}

/** Options every source takes. */
export interface SourceOptions {
  readonly id: string;
  /** Bearer token; never logged or shown. */
  readonly token?: string | undefined;
  /** Resume position from a previous run (see SourceBatch.cursor). */
  readonly resumeCursor?: string | undefined;
}

/** Brings JamJet events in from one place. One implementation per file, named by strategy. */
export interface EventSource {
  readonly id: string;
  /** Starts delivering to `listener`. Never throws for network trouble: reports it via status. */
  start(listener: SourceListener): void;
  /** Stops all I/O and timers; resolves when nothing more will be delivered. */
  stop(): Promise<void>;
  /** The current status. */
  status(): SourceStatus;
}
