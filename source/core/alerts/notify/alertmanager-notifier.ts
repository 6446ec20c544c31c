import type { Clock, TimerHandle } from '../../clock.js';
import type { BackoffOptions } from '../../sources/backoff.js';
import type { NotifierAlert } from '../engine/notifier-alert.js';
import type { Labels } from '../promql/types.js';
import { alertmanagerEndpoint } from './alertmanager-endpoint.js';
import { AlertmanagerTarget, type AlertmanagerStats } from './alertmanager-target.js';
import { withExternalLabels } from './postable-alerts.js';

/** Alerts each Alertmanager's queue holds before dropping the oldest (Prometheus's default capacity). */
export const NOTIFIER_QUEUE_CAPACITY = 10_000;
/** Alerts per POST (Prometheus's maxBatchSize). */
export const NOTIFIER_MAX_BATCH_SIZE = 64;
/** Bound of one POST (Prometheus's default alertmanager timeout). */
export const NOTIFIER_TIMEOUT_MS = 10_000;

export interface AlertmanagerNotifierOptions {
  /** Alertmanager base URLs, or URLs already ending in /api/v2/alerts; each is checked with {@link alertmanagerEndpoint}. */
  readonly urls: readonly string[];
  readonly clock: Clock;
  readonly queueCapacity?: number;
  readonly maxBatchSize?: number;
  readonly timeoutMs?: number;
  /** Delays between tries of a failed batch; defaults are the sources' reconnect back-off. */
  readonly backoff?: BackoffOptions;
  /** Added to each alert that lacks the label, as Prometheus adds its external labels. */
  readonly externalLabels?: Labels;
  readonly fetch?: typeof fetch;
  /** Each failed POST, with the Alertmanager's URL (credentials removed) and what went wrong. */
  readonly onError?: (url: string, error: string) => void;
}

export interface AlertmanagerNotifierStats {
  readonly queueCapacity: number;
  /** Alerts not yet delivered to the Alertmanager furthest behind (each has its own queue). */
  readonly queueLength: number;
  readonly alertmanagers: AlertmanagerStats[];
}

/**
 * Delivers alerts to every configured Alertmanager over its v2 API, as Prometheus's notifier does: the
 * rule engine decides what to send and when (resend interval, endsAt); this only delivers, never blocking
 * the caller, with a bounded queue, batches, and retries with back-off per Alertmanager.
 */
export class AlertmanagerNotifier {
  private readonly targets: AlertmanagerTarget[];
  private readonly queueCapacity: number;
  private readonly externalLabels: Labels;
  private closed: Promise<void> | undefined;

  constructor(private readonly opts: AlertmanagerNotifierOptions) {
    this.queueCapacity = opts.queueCapacity ?? NOTIFIER_QUEUE_CAPACITY;
    const maxBatchSize = opts.maxBatchSize ?? NOTIFIER_MAX_BATCH_SIZE;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error(`maxBatchSize must be a positive integer, not ${maxBatchSize}`);
    this.externalLabels = opts.externalLabels ?? {};
    const endpoints = [...new Set(opts.urls.map(alertmanagerEndpoint))];
    this.targets = endpoints.map(
      (endpoint) =>
        new AlertmanagerTarget({
          endpoint,
          clock: opts.clock,
          queueCapacity: this.queueCapacity,
          maxBatchSize,
          timeoutMs: opts.timeoutMs ?? NOTIFIER_TIMEOUT_MS,
          backoff: opts.backoff ?? {},
          fetch: opts.fetch ?? fetch,
          onError: opts.onError ?? (() => {}),
        }),
    );
  }

  /** Queues `alerts` for every Alertmanager and returns at once; a full queue drops its oldest, counted. */
  send(alerts: readonly NotifierAlert[]): void {
    if (alerts.length === 0) return;
    const labelled = Object.keys(this.externalLabels).length === 0
      ? alerts
      : alerts.map((a) => ({ ...a, labels: withExternalLabels(a.labels, this.externalLabels) }));
    for (const target of this.targets) target.enqueue(labelled);
  }

  stats(): AlertmanagerNotifierStats {
    return {
      queueCapacity: this.queueCapacity,
      queueLength: Math.max(0, ...this.targets.map((t) => t.pending)),
      alertmanagers: this.targets.map((t) => t.stats()),
    };
  }

  /**
   * Gives what is queued up to `boundMs` to be delivered (as Prometheus drains its queue on shutdown),
   * then stops: requests aborted, timers cleared, anything undelivered counted dropped. A bound of 0 stops
   * at once. Idempotent.
   */
  close(boundMs: number): Promise<void> {
    this.closed ??= this.drainThenStop(boundMs);
    return this.closed;
  }

  private async drainThenStop(boundMs: number): Promise<void> {
    if (boundMs > 0) {
      const { clock } = this.opts;
      let timer: TimerHandle | undefined;
      const bound = new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, boundMs)));
      await Promise.race([Promise.all(this.targets.map((t) => t.idle())), bound]);
      if (timer) clock.clear(timer);
    }
    for (const target of this.targets) target.close();
  }
}
