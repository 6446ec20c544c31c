import type { SourceState, SourceStatus } from '../sources/event-source.js';
import { redactUrl } from '../sources/redact-url.js';
import type { SpanExportStats } from '../telemetry/span-export-queue.js';

/** One source as GET /healthz reports it (snake_case, like the rest of the JSON the tool serves). */
export interface HealthSource {
  readonly id: string;
  /** Credentials stripped. */
  readonly url: string;
  readonly kind: SourceStatus['kind'];
  readonly connected: boolean;
  readonly state: SourceState;
  /** ISO 8601 time of the last event received, or null before the first. */
  readonly last_event_at: string | null;
  /** Milliseconds between the last event's `created_at` and its arrival, or null before the first. */
  readonly lag_ms: number | null;
  readonly events: number;
  readonly rejected: number;
  readonly reconnects: number;
  readonly message?: string | undefined;
}

/** The OTLP span export as GET /healthz reports it (never its headers). */
export interface HealthExport {
  /** The traces URL, credentials stripped, and the protocol. */
  readonly target: string;
  readonly state: SpanExportStats['state'];
  readonly spans_exported: number;
  readonly spans_dropped: number;
  readonly batches_failed: number;
  readonly spans_queued: number;
  readonly last_error?: string | undefined;
}

/** The body of GET /healthz. Always served with 200: the process is alive; `status` says how the sources are. */
export interface HealthReport {
  /** `ok` when every source is connected (or finished, for a replay), else `degraded`. */
  readonly status: 'ok' | 'degraded';
  readonly sources: readonly HealthSource[];
  /** Present when OTLP export is on; a failing export makes the status `degraded`. */
  readonly otlp?: HealthExport | undefined;
}

/** Builds the /healthz body from the sources' statuses and, when export is on, the span export's. */
export function healthReport(statuses: readonly SourceStatus[], spanExport?: { readonly target: string; readonly stats: SpanExportStats }): HealthReport {
  const sources = statuses.map((s): HealthSource => ({
    id: s.id,
    // Sources already strip credentials; stripping again here means /healthz can never leak a token.
    url: redactUrl(s.url),
    kind: s.kind,
    connected: s.state === 'connected',
    state: s.state,
    last_event_at: s.lastEventAt === undefined ? null : new Date(s.lastEventAt).toISOString(),
    lag_ms: s.lagMs ?? null,
    events: s.events,
    rejected: s.rejected,
    reconnects: s.reconnects,
    ...(s.message === undefined ? {} : { message: s.message }),
  }));
  const healthy = sources.every((s) => s.state === 'connected' || s.state === 'ended');
  if (spanExport === undefined) return { status: healthy ? 'ok' : 'degraded', sources };
  const { stats } = spanExport;
  const otlp: HealthExport = {
    target: spanExport.target, state: stats.state, spans_exported: stats.exported, spans_dropped: stats.dropped,
    batches_failed: stats.failedBatches, spans_queued: stats.queued, ...(stats.lastError === undefined ? {} : { last_error: stats.lastError }),
  };
  return { status: healthy && stats.state === 'ok' ? 'ok' : 'degraded', sources, otlp };
}
