import type { Clock } from '../clock.js';
import { MAX_ALERT_SERIES } from '../metrics/metric-catalogue.js';
import type { ExposedFamily, ReadMetric } from '../metrics/prom-registry.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';
import type { AlertsData, AlertView } from '../snapshot/snapshot.js';
import type { NotifierAlert } from './engine/notifier-alert.js';
import { RuleManager } from './engine/rule-manager.js';
import type { RuleGroupView } from './engine/rule-view.js';
import { evaluateInstant } from './promql/evaluate.js';
import { longestLookbackMs, parseExpr } from './promql/parse.js';
import { SampleStore } from './promql/sample-store.js';
import { LOOKBACK_MS, type InstantValue, type VectorSample } from './promql/types.js';
import type { RuleGroupSpec } from './rules/rule-types.js';
import { emitScrape, type ScrapeFamily } from './scrape-samples.js';

/** How often the tool's own samples are appended and due rule groups evaluated: the "every second". */
export const EVALUATION_INTERVAL_MS = 1_000;
/** History kept for /api/v1/query even when no rule reaches back that far. */
const MIN_RETENTION_MS = 15 * 60_000;
/** The store's source name for the tool's own samples (each rule's output is a source of its own). */
const SCRAPE_SOURCE = 'scrape';
/** How long shutdown waits for queued notifications to reach Alertmanager. */
const NOTIFY_CLOSE_BOUND_MS = 5_000;

/** What the engine reads of the metrics: the series as a scrape sees them, brought up to `now` first. */
export interface AlertInputs {
  syncNow(now: number): void;
  readonly series: {
    scan(key: ReadMetric): ScrapeFamily;
    observeOverflow(label: string, count: number, now: number): void;
  };
  addFamilies(provide: () => readonly ExposedFamily[]): void;
}

/** Where firing and resolved alerts go (the Alertmanager notifier, or nothing). */
export interface AlertSender {
  send(alerts: readonly NotifierAlert[]): void;
  families(): readonly ExposedFamily[];
  close(boundMs: number): Promise<void>;
}

/** Options for {@link AlertEngine}. */
export interface AlertEngineOptions {
  readonly clock: Pick<Clock, 'now'>;
  readonly inputs: AlertInputs;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly sender?: AlertSender | undefined;
  /** The global evaluation interval (groups without `interval`), and the tick's cadence. */
  readonly intervalMs?: number;
  /** A rule that failed its evaluation (said once per new error text). */
  readonly onError?: (rule: string, message: string) => void;
}

/**
 * The alert engine as a monitor sink. Each tick (every second) it appends the tool's own series, exactly
 * as /metrics would show them at that instant, to its sample store, evaluates the rule groups that are due
 * over that store (recording rules write their output back into it), and hands the alerts due for sending
 * to Alertmanager. It exposes ALERTS, ALERTS_FOR_STATE and the recording rules' series on /metrics, the
 * APIs' views, and the dashboard's alerts field.
 */
export class AlertEngine implements MonitorSink {
  readonly name = 'alerts';
  readonly tickEveryMs: number;
  readonly samples = new SampleStore();
  private readonly manager: RuleManager;
  /** Each rule's latest output, by rule key: what /metrics shows of ALERTS and the recording rules. */
  private readonly outputs = new Map<string, readonly VectorSample[]>();
  private readonly compiled = new Map<string, (t: number) => InstantValue>();
  private readonly reported = new Map<string, string>();
  private lastEvaluationSeconds = 0;

  constructor(private readonly options: AlertEngineOptions) {
    this.tickEveryMs = options.intervalMs ?? EVALUATION_INTERVAL_MS;
    this.manager = new RuleManager({
      compile: (expr) => this.compile(expr),
      append: (ruleKey, t, samples) => {
        this.samples.appendScrape(`rule:${ruleKey}`, t, samples);
        if (samples.length > 0) this.outputs.set(ruleKey, samples);
        else this.outputs.delete(ruleKey);
      },
      externalLabels: options.externalLabels,
      externalURL: options.externalURL,
      defaultIntervalMs: this.tickEveryMs,
      onError: (ruleKey, error) => this.report(ruleKey, error),
    });
    options.inputs.addFamilies(() => [...this.ruleFamilies(), ...this.ownFamilies(), ...(options.sender?.families() ?? [])]);
  }

  /**
   * Replaces the rule set (start-up, SIGHUP, POST /-/reload): every expression is parsed first, so a bad
   * one throws and the running rules stay; unchanged alerting rules keep their state.
   */
  load(groups: readonly RuleGroupSpec[]): void {
    let retention = MIN_RETENTION_MS;
    const fresh = new Map<string, (t: number) => InstantValue>();
    // A subquery without a step uses the global evaluation interval, as Prometheus's rule engine does.
    const step = this.tickEveryMs;
    for (const group of groups) {
      for (const rule of group.rules) {
        if (fresh.has(rule.expr)) continue;
        const expr = parseExpr(rule.expr);
        retention = Math.max(retention, longestLookbackMs(expr) + (group.intervalMs ?? step), LOOKBACK_MS + step);
        fresh.set(rule.expr, (t) => evaluateInstant(expr, this.samples, t, { subqueryStepMs: step }));
      }
    }
    this.compiled.clear();
    for (const [key, run] of fresh) this.compiled.set(key, run);
    this.samples.setRetentionMs(retention);
    this.manager.load(groups, this.options.clock.now());
    this.reported.clear();
  }

  /** Appends this instant's samples and evaluates what is due; alerts due for sending go to Alertmanager. */
  tick(now: number = this.options.clock.now()): void {
    const { inputs } = this.options;
    inputs.syncNow(now);
    this.samples.appendScrapeWith(SCRAPE_SOURCE, now, (add) => emitScrape((key) => inputs.series.scan(key), add));
    const started = performance.now();
    const due = this.manager.evaluateDue(now);
    if (due.length > 0) this.options.sender?.send(due);
    if (due.length > 0 || this.manager.nextEvaluation() !== undefined) this.lastEvaluationSeconds = (performance.now() - started) / 1000;
    const alertSeries = this.countOf('ALERTS');
    if (alertSeries > MAX_ALERT_SERIES) inputs.series.observeOverflow('ALERTS', alertSeries - MAX_ALERT_SERIES, now);
  }

  /** Where alerts link to, once the HTTP server's address is known (a port of 0 is chosen at bind). */
  setExternalURL(url: string): void {
    this.manager.setExternalURL(url);
  }

  /** An instant query over the same samples the rules see (GET /api/v1/query). Throws PromQLError or PromQLEvalError. */
  query(text: string, t: number): InstantValue {
    return evaluateInstant(parseExpr(text), this.samples, t, { subqueryStepMs: this.tickEveryMs });
  }

  /** The rule groups with their rules' state and active alerts (the APIs read this). */
  groups(): RuleGroupView[] {
    return this.manager.groups();
  }

  /** The dashboard's alerts field: firing first, then pending, longest active first within each. */
  view(): AlertsData {
    const alerts: AlertView[] = [];
    let rules = 0;
    let rulesFailing = 0;
    for (const group of this.manager.groups()) {
      for (const rule of group.rules) {
        rules++;
        if (rule.health === 'err') rulesFailing++;
        if (rule.type !== 'alerting') continue;
        for (const a of rule.alerts) {
          if (a.state !== 'pending' && a.state !== 'firing') continue;
          const { alertname: _name, ...labels } = a.labels;
          const summary = a.annotations.summary ?? a.annotations.description;
          alerts.push({ name: rule.name, state: a.state, labels, activeAt: a.activeAt, firedAt: a.firedAt, value: a.value, ...(summary === undefined ? {} : { summary }) });
        }
      }
    }
    alerts.sort((a, b) => (a.state === b.state ? a.activeAt - b.activeAt : a.state === 'firing' ? -1 : 1));
    const firing = alerts.filter((a) => a.state === 'firing').length;
    return { alerts, firing, pending: alerts.length - firing, rules, rulesFailing };
  }

  async close(): Promise<void> {
    await this.options.sender?.close(NOTIFY_CLOSE_BOUND_MS);
  }

  private compile(expr: string): (t: number) => InstantValue {
    const run = this.compiled.get(expr);
    if (!run) throw new Error(`expression was not checked at load: ${expr}`);
    return run;
  }

  private report(rule: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.reported.get(rule) === message) return;
    this.reported.set(rule, message);
    this.options.onError?.(rule, message);
  }

  private countOf(name: string): number {
    let n = 0;
    for (const samples of this.outputs.values()) for (const s of samples) if (s.labels.__name__ === name) n++;
    return n;
  }

  /** ALERTS, ALERTS_FOR_STATE and every recording rule's series, as their latest evaluation left them. */
  private ruleFamilies(): ExposedFamily[] {
    const byName = new Map<string, { labels: Record<string, string>; value: number }[]>();
    for (const samples of this.outputs.values()) {
      for (const { labels, v } of samples) {
        const { __name__: name = '', ...rest } = labels;
        let list = byName.get(name);
        if (!list) byName.set(name, (list = []));
        if ((name === 'ALERTS' || name === 'ALERTS_FOR_STATE') && list.length >= MAX_ALERT_SERIES) continue;
        // Sorted by name, as Prometheus keeps label sets (the rule's own labels come after the series').
        list.push({ labels: Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), value: v });
      }
    }
    return [...byName].map(([name, series]) => ({
      name,
      type: 'gauge' as const,
      help:
        name === 'ALERTS' ? 'Pending and firing alerts, as Prometheus exposes rule state.'
        : name === 'ALERTS_FOR_STATE' ? 'The time each pending or firing alert became active (Unix seconds).'
        : `Recording rule ${name}.`,
      series,
    }));
  }

  /** The engine's own health: the sample store's size and refusals, the rules failing, the last round's time. */
  private ownFamilies(): ExposedFamily[] {
    const stats = this.samples.stats();
    const view = this.view();
    return [
      { name: 'jamjet_top_rule_store_series', type: 'gauge', help: 'Series in the alert rules\' sample store.', series: [{ labels: {}, value: stats.series }] },
      { name: 'jamjet_top_rule_store_samples', type: 'gauge', help: 'Samples in the alert rules\' sample store.', series: [{ labels: {}, value: stats.samples }] },
      { name: 'jamjet_top_rule_store_series_refused_total', type: 'counter', help: 'New series the rules\' sample store refused at its series cap.', series: [{ labels: {}, value: stats.seriesRefused }] },
      { name: 'jamjet_top_rule_store_samples_dropped_total', type: 'counter', help: 'Samples the rules\' sample store dropped (per-series cap, out of order).', series: [{ labels: {}, value: stats.samplesDropped }] },
      { name: 'jamjet_top_rules_loaded', type: 'gauge', help: 'Alerting and recording rules loaded.', series: [{ labels: {}, value: view.rules }] },
      { name: 'jamjet_top_rules_failing', type: 'gauge', help: 'Rules whose last evaluation failed.', series: [{ labels: {}, value: view.rulesFailing }] },
      { name: 'jamjet_top_rule_evaluation_seconds', type: 'gauge', help: 'How long the last round of rule evaluation took.', series: [{ labels: {}, value: this.lastEvaluationSeconds }] },
    ];
  }
}
