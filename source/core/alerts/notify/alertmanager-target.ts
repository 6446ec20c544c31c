import type { Clock, TimerHandle } from '../../clock.js';
import { Backoff, type BackoffOptions } from '../../sources/backoff.js';
import { redactUrl } from '../../sources/redact-url.js';
import type { NotifierAlert } from '../engine/notifier-alert.js';
import { DropOldestQueue } from './drop-oldest-queue.js';
import { postAlerts, postTarget, type PostTarget } from './post-alerts.js';
import { toPostableAlerts } from './postable-alerts.js';

/** One Alertmanager's delivery counters, in alerts (as Prometheus's `prometheus_notifications_*`). */
export interface AlertmanagerStats {
  /** The endpoint, credentials removed. */
  readonly url: string;
  /** Alerts Alertmanager accepted. */
  readonly sentTotal: number;
  /** Alerts in POSTs that failed, once per failed try. */
  readonly errorsTotal: number;
  /** Alerts never delivered: pushed out of a full queue, rejected by Alertmanager, or left at close. */
  readonly droppedTotal: number;
  readonly latencySecondsSum: number;
  readonly latencySecondsCount: number;
  readonly lastError?: string;
}

/** What a target needs from its notifier. */
export interface AlertmanagerTargetOptions {
  readonly endpoint: string;
  readonly clock: Clock;
  readonly queueCapacity: number;
  readonly maxBatchSize: number;
  readonly timeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly fetch: typeof fetch;
  readonly onError: (url: string, error: string) => void;
}

/**
 * Delivery to one Alertmanager: its own queue and one request at a time, so alerts arrive in the order
 * they were sent and one Alertmanager that is down never holds back another. A failed batch is tried
 * again after an exponential back-off until it is delivered or rejected; meanwhile the queue keeps
 * the newest alerts, dropping the oldest past its capacity.
 */
export class AlertmanagerTarget {
  readonly url: string;
  private readonly queue: DropOldestQueue<NotifierAlert>;
  private readonly post: PostTarget;
  private readonly backoff: Backoff;
  private readonly stop = new AbortController();
  /** The batch being tried, out of the queue until it is delivered or given up. */
  private inFlight: NotifierAlert[] = [];
  private running = false;
  private retryTimer: TimerHandle | undefined;
  private wakeRetry: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private counters = { sentTotal: 0, errorsTotal: 0, droppedTotal: 0, latencySecondsSum: 0, latencySecondsCount: 0 };
  private lastError: string | undefined;

  constructor(private readonly opts: AlertmanagerTargetOptions) {
    this.url = redactUrl(opts.endpoint);
    this.queue = new DropOldestQueue(opts.queueCapacity);
    this.post = postTarget(opts.endpoint);
    this.backoff = new Backoff(opts.backoff);
  }

  /** Alerts not yet delivered here: queued plus the batch being tried. */
  get pending(): number {
    return this.queue.length + this.inFlight.length;
  }

  /** Queues `alerts` and starts delivering if idle; never waits. */
  enqueue(alerts: readonly NotifierAlert[]): void {
    if (this.stop.signal.aborted) {
      this.counters.droppedTotal += alerts.length;
      return;
    }
    this.counters.droppedTotal += this.queue.push(alerts);
    if (!this.running) void this.deliver();
  }

  stats(): AlertmanagerStats {
    return { url: this.url, ...this.counters, ...(this.lastError === undefined ? {} : { lastError: this.lastError }) };
  }

  /** Resolves once nothing is pending (at once if nothing is). */
  idle(): Promise<void> {
    if (!this.running && this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops delivering: the request in flight is aborted, the retry timer cleared, what is left counted dropped. */
  close(): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    if (this.retryTimer) this.opts.clock.clear(this.retryTimer);
    this.retryTimer = undefined;
    this.wakeRetry?.();
    this.counters.droppedTotal += this.queue.clear() + this.inFlight.length;
    this.inFlight = [];
    this.settleIdle();
  }

  private async deliver(): Promise<void> {
    this.running = true;
    try {
      while (!this.stop.signal.aborted) {
        if (this.inFlight.length === 0) this.inFlight = this.queue.take(this.opts.maxBatchSize);
        if (this.inFlight.length === 0) break;
        if (!(await this.tryBatch(this.inFlight))) await this.waitToRetry();
      }
    } finally {
      this.running = false;
      this.settleIdle();
    }
  }

  /** One POST of `batch`; true when the batch is done with (delivered or rejected), false to retry it. */
  private async tryBatch(batch: NotifierAlert[]): Promise<boolean> {
    const { clock, fetch, timeoutMs } = this.opts;
    const started = clock.now();
    const outcome = await postAlerts(fetch, this.post, JSON.stringify(toPostableAlerts(batch)), timeoutMs, clock, this.stop.signal);
    if (this.stop.signal.aborted) return true;
    this.counters.latencySecondsSum += Math.max(0, clock.now() - started) / 1000;
    this.counters.latencySecondsCount++;
    if (outcome.ok) {
      this.counters.sentTotal += batch.length;
      this.backoff.reset();
      this.inFlight = [];
      return true;
    }
    this.counters.errorsTotal += batch.length;
    this.lastError = outcome.error;
    this.opts.onError(this.url, outcome.error);
    if (outcome.retry) return false;
    this.counters.droppedTotal += batch.length;
    this.inFlight = [];
    return true;
  }

  private waitToRetry(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = this.opts.clock.setTimeout(() => {
        this.retryTimer = undefined;
        this.wakeRetry = undefined;
        resolve();
      }, this.backoff.next());
    });
  }

  private settleIdle(): void {
    if (this.running || this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
