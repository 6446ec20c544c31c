import type { Labels } from '../promql/types.js';
import type { NotifierAlert } from '../engine/notifier-alert.js';

/** One alert in the body of `POST /api/v2/alerts` (Alertmanager's `PostableAlert`). */
export interface PostableAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

/** RFC 3339 with milliseconds in UTC, as Prometheus formats alert times; undefined for an unset (0) time. */
function rfc3339(ms: number): string | undefined {
  return ms > 0 ? new Date(ms).toISOString() : undefined;
}

/**
 * The v2 API body for `alerts`. Unset times and an empty generatorURL are left out, which Alertmanager
 * reads exactly as Prometheus's zero values (startsAt = receipt time, endsAt = now + resolve_timeout).
 */
export function toPostableAlerts(alerts: readonly NotifierAlert[]): PostableAlert[] {
  return alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: rfc3339(a.startsAt),
    endsAt: rfc3339(a.endsAt),
    generatorURL: a.generatorURL === '' ? undefined : a.generatorURL,
  }));
}

/**
 * `labels` with every external label it does not already carry, as Prometheus adds them before sending:
 * the alert's own label wins.
 */
export function withExternalLabels(labels: Labels, external: Labels): Labels {
  let merged: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(external)) {
    if ((labels[name] ?? '') !== '') continue;
    merged ??= { ...labels };
    merged[name] = value;
  }
  return merged ?? labels;
}
