import type { SourceState, SourceStatus } from '../sources/event-source.js';
import { redactUrl } from '../sources/redact-url.js';

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

/** The body of GET /healthz. Always served with 200: the process is alive; `status` says how the sources are. */
export interface HealthReport {
  /** `ok` when every source is connected (or finished, for a replay), else `degraded`. */
  readonly status: 'ok' | 'degraded';
  readonly sources: readonly HealthSource[];
}

/** Builds the /healthz body from the sources' statuses. */
export function healthReport(statuses: readonly SourceStatus[]): HealthReport {
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
  return { status: healthy ? 'ok' : 'degraded', sources };
}
