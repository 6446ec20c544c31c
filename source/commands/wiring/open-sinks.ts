import { AlertEngine } from '../../core/alerts/alert-engine.js';
import type { LoadedRules } from '../../core/alerts/configured-rules.js';
import { AlertmanagerNotifier } from '../../core/alerts/notify/alertmanager-notifier.js';
import { notifierSender } from '../../core/alerts/notify/notifier-sender.js';
import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { MetricsSink } from '../../core/metrics/metrics-sink.js';
import { priceTable } from '../../core/model/price-table.js';
import type { MonitorParts } from '../../core/monitor/monitor.js';
import type { MonitorSink } from '../../core/monitor/monitor-sink.js';
import { RejectedFramesSink } from '../../core/monitor/rejected-frames-sink.js';
import type { RestoredState } from '../../core/store/restore.js';
import type { SpanExport } from '../../core/telemetry/span-export.js';
import type { CleanupStack } from './cleanup-stack.js';
import { openStore } from './open-store.js';

/**
 * What `top` and `serve` feed: the store (opened first, so a restart's state is read before the model
 * exists) and the metrics (built with the model). `build` is the monitor's sink factory.
 */
export class StandardSinks {
  private metricsSink: MetricsSink | undefined;
  /** Each source's last rejected inputs, for the Sources pane. */
  readonly rejectedFrames: RejectedFramesSink;
  private alertEngine: AlertEngine | undefined;
  private config: ResolvedConfig | undefined;
  private rules: LoadedRules | undefined;
  private onRuleError: (rule: string, message: string) => void = () => undefined;
  private spanExport: SpanExport | undefined;

  private constructor(
    private readonly clock: Clock,
    private readonly store: ReturnType<typeof openStore>,
  ) {
    this.rejectedFrames = new RejectedFramesSink(clock);
  }

  /**
   * Adds the alert engine, fed the rules already loaded (and checked) by the command, sending to the
   * configured Alertmanagers. Without it (`follow`) no rule runs.
   */
  withAlerts(config: ResolvedConfig, rules: LoadedRules, onRuleError: (rule: string, message: string) => void): this {
    this.config = config;
    this.rules = rules;
    this.onRuleError = onRuleError;
    return this;
  }

  /** Adds the OTLP span export (built by openSpanExport), fed after the metrics, which count its spans. */
  withSpanExport(spanExport: SpanExport | undefined): this {
    this.spanExport = spanExport;
    return this;
  }

  /** Alerts link to where the HTTP server listens (its port known only once bound), unless [top] external_url says otherwise. */
  servedAt(url: string): void {
    if (this.config?.alerting.externalUrl === undefined) this.alertEngine?.setExternalURL(url);
  }

  /** The alert engine, once {@link build} has run with {@link withAlerts}. */
  get alerts(): AlertEngine | undefined {
    return this.alertEngine;
  }

  /**
   * Opens the store (none for `--db :memory:`; the state directory or memory when the default location cannot be
   * written, said through `onStoreNotice`). Registered with `cleanup`, so it is closed even if the monitor never starts.
   */
  static open(config: ResolvedConfig, clock: Clock, cleanup: CleanupStack, onStoreError: (message: string) => void, onStoreNotice?: (message: string) => void): StandardSinks {
    const store = openStore(config, clock, priceTable(config.pricing), onStoreError, onStoreNotice);
    if (store) cleanup.push(() => store.sink.close());
    return new StandardSinks(clock, store);
  }

  /** What a restart resumes from, when there is a store. */
  get restored(): RestoredState | undefined {
    return this.store?.restored;
  }

  /** The metrics sink, once {@link build} has run. */
  get metrics(): MetricsSink {
    if (!this.metricsSink) throw new Error('StandardSinks.metrics read before the monitor built its sinks');
    return this.metricsSink;
  }

  /** The monitor's sink factory: the store first (durable before counted), then the metrics, then the alerts that read them. */
  build = (parts: MonitorParts): MonitorSink[] => {
    const store = this.store?.sink;
    const spans = this.spanExport?.sink;
    this.metricsSink = new MetricsSink(parts.model, this.clock, { storeStats: () => store?.stats(), exportStats: () => spans?.stats() });
    const sinks: MonitorSink[] = store ? [store, this.metricsSink] : [this.metricsSink];
    if (spans) sinks.push(spans);
    if (this.config && this.rules) {
      const { alerting, metrics } = this.config;
      const notifier = alerting.alertmanagers.length > 0 ? new AlertmanagerNotifier({ urls: alerting.alertmanagers, clock: this.clock }) : undefined;
      this.alertEngine = new AlertEngine({
        clock: this.clock,
        inputs: this.metricsSink,
        externalLabels: alerting.externalLabels,
        externalURL: alerting.externalUrl ?? `http://${metrics.host.includes(':') ? `[${metrics.host}]` : metrics.host}:${metrics.port}`,
        sender: notifier ? notifierSender(notifier) : undefined,
        onError: this.onRuleError,
      });
      this.alertEngine.load(this.rules.groups);
      sinks.push(this.alertEngine);
    }
    sinks.push(this.rejectedFrames);
    return sinks;
  };
}
