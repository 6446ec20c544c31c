// One loaded rule group: its rules' runtime state, one evaluation of all of them at one timestamp, the
// state a reloaded group takes over from its predecessor, and its view.
import type { InstantValue, Labels, VectorSample } from '../promql/types.js';
import type { AlertRuleSpec, RecordingRuleSpec, RuleGroupSpec, RuleSpec } from '../rules/rule-types.js';
import type { AlertingRule, TemplateContext } from './alerting-rule.js';
import { labelsKey, sortedLabels } from './label-set.js';
import { alertsToSend, type NotifierAlert } from './notifier-alert.js';
import { recordingOutput } from './recording-rule.js';
import type { ActiveAlertView, RuleGroupView, RuleHealth, RuleView } from './rule-view.js';

/** What a group needs from the manager to evaluate. */
export interface GroupDeps {
  readonly append: (ruleKey: string, t: number, samples: readonly VectorSample[]) => void;
  readonly onError: ((ruleKey: string, error: unknown) => void) | undefined;
  readonly stopwatch: () => number;
  readonly context: TemplateContext;
  readonly resendDelayMs: number;
}

/** A rule and what its last evaluation left. */
interface LoadedRuleBase {
  /** Stable per rule: group file, group name, index, rule name. */
  readonly key: string;
  /** The expression as shown and linked (formatExpr's output). */
  readonly query: string;
  readonly evaluate: (t: number) => InstantValue;
  health: RuleHealth;
  lastError: string | undefined;
  lastEvaluation: number | undefined;
  evaluationTimeMs: number;
}

/** An alerting rule carries its alerts; a recording rule only its status. */
export type LoadedRule =
  | (LoadedRuleBase & { readonly kind: 'alert'; readonly spec: AlertRuleSpec; readonly alerting: AlertingRule })
  | (LoadedRuleBase & { readonly kind: 'record'; readonly spec: RecordingRuleSpec });

/** How many evaluations after a fresh start write no ALERTS series: Prometheus restores `for` state after its second. */
export const RESTORE_AFTER_EVALUATIONS = 2;

export class RuleGroup {
  lastEvaluation: number | undefined;
  evaluationTimeMs = 0;

  constructor(
    readonly spec: RuleGroupSpec,
    readonly intervalMs: number,
    readonly rules: readonly LoadedRule[],
    /** Equal for two loads of the same group exactly when Prometheus's Group.Equals holds. */
    readonly signature: string,
    /** The next instant it is due: a multiple of its interval. */
    public nextDue: number,
    /** Evaluations left before its alerting rules write ALERTS series (see RESTORE_AFTER_EVALUATIONS). */
    private restoreEvaluations: number,
  ) {}

  /** Evaluates every rule in order at `t` (`now` is the wall clock, for lastEvaluation); returns the alerts to send. */
  evaluate(t: number, now: number, deps: GroupDeps): NotifierAlert[] {
    const groupStart = deps.stopwatch();
    const emitSeries = this.restoreEvaluations === 0;
    const sent: NotifierAlert[] = [];
    for (const rule of this.rules) {
      const ruleStart = deps.stopwatch();
      rule.lastEvaluation = now + (ruleStart - groupStart);
      try {
        const result = rule.evaluate(t);
        let samples: VectorSample[];
        if (rule.kind === 'alert') {
          samples = rule.alerting.evaluate(t, result, this.spec.limit, emitSeries);
          sent.push(...alertsToSend(rule.alerting.active.values(), t, { ...deps.context, expr: rule.query, resendDelayMs: deps.resendDelayMs, intervalMs: this.intervalMs }));
        } else {
          samples = recordingOutput(rule.spec, result, this.spec.limit);
        }
        rule.health = 'ok';
        rule.lastError = undefined;
        deps.append(rule.key, t, samples);
      } catch (error) {
        // Prometheus writes nothing for a failed rule (its old series go stale by lookback) and carries on.
        rule.health = 'err';
        rule.lastError = error instanceof Error ? error.message : String(error);
        deps.onError?.(rule.key, error);
      }
      rule.evaluationTimeMs = deps.stopwatch() - ruleStart;
    }
    if (this.restoreEvaluations > 0) this.restoreEvaluations--;
    this.lastEvaluation = now;
    this.evaluationTimeMs = deps.stopwatch() - groupStart;
    return sent;
  }

  /**
   * Takes over a changed group's state as Prometheus's Group.CopyState does: the group's last evaluation,
   * and each alerting rule's alerts from the first unclaimed old rule with the same name and labels.
   */
  copyStateFrom(old: RuleGroup): void {
    this.lastEvaluation = old.lastEvaluation;
    this.evaluationTimeMs = old.evaluationTimeMs;
    const byIdentity = new Map<string, LoadedRule[]>();
    for (const rule of old.rules) {
      const id = ruleIdentity(rule.spec);
      byIdentity.set(id, [...(byIdentity.get(id) ?? []), rule]);
    }
    for (const rule of this.rules) {
      const candidates = byIdentity.get(ruleIdentity(rule.spec));
      const from = candidates?.shift();
      if (from?.kind !== 'alert' || rule.kind !== 'alert') continue;
      for (const [key, alert] of from.alerting.active) rule.alerting.active.set(key, alert);
    }
  }

  view(): RuleGroupView {
    return {
      name: this.spec.name,
      file: this.spec.file,
      intervalMs: this.intervalMs,
      limit: this.spec.limit,
      rules: this.rules.map(ruleView),
      lastEvaluation: this.lastEvaluation,
      evaluationTimeMs: this.evaluationTimeMs,
    };
  }
}

/** Prometheus matches rules across a reload by name and labels (as written). */
function ruleIdentity(spec: RuleSpec): string {
  return spec.name + labelsKey(templateSources(spec.labels));
}

/** The templates of a label or annotation map, as written. */
export function templateSources(templates: Readonly<Record<string, { readonly source: string }>>): Labels {
  return sortedLabels(Object.fromEntries(Object.entries(templates).map(([k, t]) => [k, t.source])));
}

function ruleView(rule: LoadedRule): RuleView {
  const base = {
    name: rule.spec.name,
    query: rule.query,
    labels: templateSources(rule.spec.labels),
    health: rule.health,
    lastError: rule.lastError,
    lastEvaluation: rule.lastEvaluation,
    evaluationTimeMs: rule.evaluationTimeMs,
  };
  if (rule.kind === 'record') return { ...base, type: 'recording' };
  const alerts: ActiveAlertView[] = [...rule.alerting.active.values()]
    .map((a) => ({
      labels: sortedLabels(a.labels),
      annotations: sortedLabels(a.annotations),
      state: a.state,
      activeAt: a.activeAt,
      firedAt: a.firedAt,
      resolvedAt: a.resolvedAt,
      keepFiringSince: a.keepFiringSince,
      value: a.value,
    }))
    .sort((a, b) => compare(labelsKey(a.labels), labelsKey(b.labels)));
  return {
    ...base,
    type: 'alerting',
    state: rule.alerting.state(),
    forMs: rule.spec.forMs,
    keepFiringForMs: rule.spec.keepFiringForMs,
    annotations: templateSources(rule.spec.annotations),
    alerts,
  };
}

/** Byte-order comparison, as Go's string comparison sorts. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
