// Owns every loaded rule group and when each evaluates, as Prometheus's rules.Manager does, but driven by
// the caller's clock: the scheduler calls evaluateDue(now) and sends what it returns to Alertmanager.
import type { InstantValue, Labels, VectorSample } from '../promql/types.js';
import type { RuleGroupSpec, RuleSpec } from '../rules/rule-types.js';
import { AlertingRule } from './alerting-rule.js';
import { labelsKey } from './label-set.js';
import { DEFAULT_RESEND_DELAY_MS, type NotifierAlert } from './notifier-alert.js';
import { compare, RESTORE_AFTER_EVALUATIONS, RuleGroup, templateSources, type GroupDeps, type LoadedRule } from './rule-group.js';
import type { RuleGroupView } from './rule-view.js';

export interface RuleManagerOptions {
  /** Turns a checked expression into its evaluator (throws only for an expression the loader let through). */
  compile: (expr: string) => (t: number) => InstantValue;
  /**
   * Receives each rule's complete output at each successful evaluation (recording rules: the renamed
   * result; alerting rules: ALERTS and ALERTS_FOR_STATE). A series the key wrote before and not now is
   * stale from `t`; an empty list ends them all.
   */
  append: (ruleKey: string, t: number, samples: readonly VectorSample[]) => void;
  /** Given to templates, and added to sent alerts (never to the ALERTS series). */
  externalLabels: Labels;
  externalURL: string;
  /** The interval of groups that set none. */
  defaultIntervalMs: number;
  resendDelayMs?: number;
  onError?: (ruleKey: string, error: unknown) => void;
  /** A monotonic ms clock for evaluation durations (default: performance.now). */
  stopwatch?: () => number;
  /** How an expression is shown and linked; Prometheus prints its parsed form (default: as written). */
  formatExpr?: (expr: string) => string;
}

export class RuleManager {
  private byKey = new Map<string, RuleGroup>();
  /** Groups in Prometheus's API order: by file, then name. */
  private ordered: RuleGroup[] = [];
  /** Prometheus restores `for` state (and writes ALERTS) only after the first load's first evaluations. */
  private loadedBefore = false;
  private readonly deps: GroupDeps;
  private readonly formatExpr: (expr: string) => string;
  /** Shared by every group and rule, read at each evaluation: {@link setExternalURL} changes it in place. */
  private readonly context: { externalLabels: Labels; externalURL: string };

  constructor(private readonly options: RuleManagerOptions) {
    this.formatExpr = options.formatExpr ?? ((expr) => expr);
    this.context = { externalLabels: options.externalLabels, externalURL: options.externalURL };
    this.deps = {
      append: options.append,
      onError: options.onError,
      stopwatch: options.stopwatch ?? (() => performance.now()),
      context: this.context,
      resendDelayMs: options.resendDelayMs ?? DEFAULT_RESEND_DELAY_MS,
    };
  }

  /**
   * Where alerts link to (`$externalURL`, generatorURL): known only once the HTTP server has bound when its
   * port was 0, so it may be set after construction.
   */
  setExternalURL(url: string): void {
    this.context.externalURL = url;
  }

  /**
   * Replaces the rule set. A group equal to its loaded self (name, file, interval, limit, every rule) is
   * kept as it is, schedule included; a changed group starts afresh but takes over the alerts of its
   * rules with the same name and labels; rules that no longer exist get an empty append. If an expression
   * fails to compile, throws and keeps the previous rule set.
   */
  load(groups: readonly RuleGroupSpec[], now: number): void {
    const next = new Map<string, RuleGroup>();
    for (const spec of groups) {
      const key = groupKey(spec);
      const built = this.build(spec, now);
      const old = this.byKey.get(key);
      if (old !== undefined && old.signature === built.signature) {
        next.set(key, old);
        continue;
      }
      if (old !== undefined) built.copyStateFrom(old);
      next.set(key, built);
    }

    const kept = new Set([...next.values()].flatMap((g) => g.rules.map((r) => r.key)));
    for (const group of this.byKey.values()) {
      for (const rule of group.rules) if (!kept.has(rule.key)) this.options.append(rule.key, now, []);
    }
    this.byKey = next;
    this.ordered = [...next.values()].sort((a, b) => compare(a.spec.file, b.spec.file) || compare(a.spec.name, b.spec.name));
    this.loadedBefore = true;
  }

  /**
   * Evaluates every group that is due at `now` (wall-clock ms), each at the latest multiple of its
   * interval (missed instants are skipped, as Prometheus skips missed iterations), and returns the alerts
   * to send now.
   */
  evaluateDue(now: number): NotifierAlert[] {
    const sent: NotifierAlert[] = [];
    for (const group of this.ordered) {
      if (now < group.nextDue) continue;
      const t = Math.floor(now / group.intervalMs) * group.intervalMs;
      sent.push(...group.evaluate(t, now, this.deps));
      group.nextDue = t + group.intervalMs;
    }
    return sent;
  }

  /** The earliest instant a group is due, or undefined with no groups. */
  nextEvaluation(): number | undefined {
    let next: number | undefined;
    for (const group of this.ordered) if (next === undefined || group.nextDue < next) next = group.nextDue;
    return next;
  }

  /** Every group with its rules and alerts, by file then name. */
  groups(): RuleGroupView[] {
    return this.ordered.map((g) => g.view());
  }

  /** A group ready to run: first due at the next multiple of its interval after `now`, as Prometheus starts one. */
  private build(spec: RuleGroupSpec, now: number): RuleGroup {
    const intervalMs = spec.intervalMs ?? this.options.defaultIntervalMs;
    const rules = spec.rules.map((rule, index) => this.loadRule(spec, rule, index));
    const signature = JSON.stringify([spec.name, spec.file, intervalMs, spec.limit, spec.rules.map((r) => this.ruleSignature(r))]);
    const firstDue = Math.floor(now / intervalMs) * intervalMs + intervalMs;
    return new RuleGroup(spec, intervalMs, rules, signature, firstDue, this.loadedBefore ? 0 : RESTORE_AFTER_EVALUATIONS);
  }

  private loadRule(group: RuleGroupSpec, spec: RuleSpec, index: number): LoadedRule {
    const base = {
      key: `${group.file}|${group.name}|${index}|${spec.name}`,
      query: this.formatExpr(spec.expr),
      evaluate: this.options.compile(spec.expr),
      health: 'unknown' as const,
      lastError: undefined,
      lastEvaluation: undefined,
      evaluationTimeMs: 0,
    };
    if (spec.kind === 'record') return { ...base, kind: 'record', spec };
    return { ...base, kind: 'alert', spec, alerting: new AlertingRule(spec, this.deps.context) };
  }

  /** What Prometheus compares rules by on reload: the rule as it would print it. */
  private ruleSignature(rule: RuleSpec): string {
    const common = [rule.kind, rule.name, this.formatExpr(rule.expr), labelsKey(templateSources(rule.labels))];
    if (rule.kind === 'record') return JSON.stringify(common);
    return JSON.stringify([...common, rule.forMs, rule.keepFiringForMs, labelsKey(templateSources(rule.annotations))]);
  }
}

/** Prometheus's GroupKey: a group is known by its file and name. */
function groupKey(spec: RuleGroupSpec): string {
  return `${spec.file};${spec.name}`;
}
