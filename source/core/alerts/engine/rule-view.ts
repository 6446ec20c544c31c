// What the rule engine shows of itself: read by the HTTP APIs (api-shapes.ts), `jamjet rules list` and the
// dashboard's alerts pane. Plain data, copied out of the engine, so a reader never holds live state.
import type { Labels } from '../promql/types.js';

/** A rule's health, as Prometheus reports it: `unknown` until its first evaluation. */
export type RuleHealth = 'ok' | 'err' | 'unknown';

/**
 * One alert of an alerting rule: one per output series. Times are ms since the epoch. `state` is
 * `inactive` only for a resolved alert (`resolvedAt` set), which is kept 15 minutes so Alertmanager is
 * told it resolved; Prometheus's APIs list only the alerts without `resolvedAt`.
 */
export interface ActiveAlertView {
  /** The series' labels minus `__name__`, plus the rule's templated labels and `alertname`. */
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: 'pending' | 'firing' | 'inactive';
  /** The evaluation time the series first appeared (this streak). */
  readonly activeAt: number;
  /** When it went from pending to firing. */
  readonly firedAt?: number;
  readonly resolvedAt?: number;
  /** Set while `keep_firing_for` holds the alert firing after its series vanished. */
  readonly keepFiringSince?: number;
  /** The series' value at the last evaluation that returned it. */
  readonly value: number;
}

interface RuleViewBase {
  readonly name: string;
  /** The expression (as `formatExpr` prints it). */
  readonly query: string;
  /** The rule's labels as written (templates unexpanded). */
  readonly labels: Labels;
  readonly health: RuleHealth;
  readonly lastError?: string;
  /** Wall-clock ms when the rule's last evaluation started; undefined before the first. */
  readonly lastEvaluation?: number;
  /** How long the last evaluation took, in ms. */
  readonly evaluationTimeMs: number;
}

export interface AlertingRuleView extends RuleViewBase {
  readonly type: 'alerting';
  /** The highest state among its alerts (resolved ones count as inactive). */
  readonly state: 'inactive' | 'pending' | 'firing';
  readonly forMs: number;
  readonly keepFiringForMs: number;
  /** The annotations as written (templates unexpanded). */
  readonly annotations: Labels;
  /** Its alerts, resolved ones included, ordered by labels. */
  readonly alerts: readonly ActiveAlertView[];
}

export interface RecordingRuleView extends RuleViewBase {
  readonly type: 'recording';
}

export type RuleView = AlertingRuleView | RecordingRuleView;

/** A loaded rule group and its rules in file order. */
export interface RuleGroupView {
  readonly name: string;
  readonly file: string;
  readonly intervalMs: number;
  readonly limit: number;
  readonly rules: readonly RuleView[];
  /** Wall-clock ms when its last evaluation started; undefined before the first. */
  readonly lastEvaluation?: number;
  readonly evaluationTimeMs: number;
}
