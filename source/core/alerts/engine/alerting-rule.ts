// One alerting rule's state machine, as Prometheus 2.42's rules/alerting.go runs it: inactive → pending →
// firing, keep_firing_for, resolved alerts retained for notification, the limit, and the ALERTS and
// ALERTS_FOR_STATE series it writes.
import type { Labels, InstantValue, VectorSample } from '../promql/types.js';
import type { AlertRuleSpec, CompiledTemplate, TemplateData } from '../rules/rule-types.js';
import { labelsKey, setLabel } from './label-set.js';
import { queryVector } from './query-vector.js';
import type { RuleAlert } from './rule-alert.js';

/** How long a resolved alert is kept (and re-sent as resolved), as Prometheus's resolvedRetention. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

/** What every template of a rule sees besides the series. */
export interface TemplateContext {
  readonly externalLabels: Labels;
  readonly externalURL: string;
}

/** Expands one template; a failure becomes the text Prometheus puts in its place. */
export function expandTemplate(template: CompiledTemplate, data: TemplateData): string {
  try {
    return template.render(data);
  } catch (error) {
    return `<error expanding template: ${error instanceof Error ? error.message : String(error)}>`;
  }
}

export class AlertingRule {
  /** Alerts by label-set key: pending, firing, and resolved ones within retention. */
  readonly active = new Map<string, RuleAlert>();

  constructor(
    readonly spec: AlertRuleSpec,
    private readonly context: TemplateContext,
  ) {}

  /**
   * Advances every alert to evaluation time `t` from the expression's result and returns the ALERTS and
   * ALERTS_FOR_STATE samples (none when `emitSeries` is false: Prometheus writes none until a rule's
   * `for` state is restored after a fresh start). Throws on a duplicate label set or an exceeded limit;
   * the limit also drops every alert, as 2.42 does.
   */
  evaluate(t: number, result: InstantValue, limit: number, emitSeries: boolean): VectorSample[] {
    const fresh = this.alertsFor(t, queryVector(result));
    for (const [key, alert] of fresh) {
      const known = this.active.get(key);
      if (known !== undefined && known.state !== 'inactive') {
        known.value = alert.value;
        known.annotations = alert.annotations;
      } else {
        this.active.set(key, alert);
      }
    }

    const out: VectorSample[] = [];
    let activeCount = 0;
    for (const [key, alert] of this.active) {
      if (!fresh.has(key)) {
        const keepFiring = this.keepsFiring(alert, t);
        if (alert.state === 'pending' || (alert.resolvedAt !== undefined && t - alert.resolvedAt > RESOLVED_RETENTION_MS)) {
          this.active.delete(key);
        }
        if (alert.state !== 'inactive' && !keepFiring) {
          alert.state = 'inactive';
          alert.resolvedAt = t;
        }
        if (!keepFiring) continue;
      } else {
        alert.keepFiringSince = undefined;
      }
      activeCount++;
      if (alert.state === 'pending' && t - alert.activeAt >= this.spec.forMs) {
        alert.state = 'firing';
        alert.firedAt = t;
      }
      if (emitSeries) out.push(...this.seriesOf(alert));
    }

    if (limit > 0 && activeCount > limit) {
      this.active.clear();
      throw new Error(`exceeded limit of ${limit} with ${activeCount} alerts`);
    }
    return out;
  }

  /** The highest state among the rule's alerts. */
  state(): 'inactive' | 'pending' | 'firing' {
    let max: 'inactive' | 'pending' | 'firing' = 'inactive';
    for (const alert of this.active.values()) {
      if (alert.state === 'firing') return 'firing';
      if (alert.state === 'pending') max = 'pending';
    }
    return max;
  }

  /**
   * An alert's labels and key per series label object, when the rule's labels are plain text (no `{{`):
   * they then depend on the series alone, and the evaluator hands out the same label object every round.
   */
  private readonly staticLabels = new WeakMap<Labels, { readonly labels: Labels; readonly key: string }>();
  private labelsAreStatic: boolean | undefined;

  private alertLabels(sample: VectorSample, data: TemplateData): { readonly labels: Labels; readonly key: string } {
    this.labelsAreStatic ??= Object.values(this.spec.labels).every((template) => !template.source.includes('{{'));
    const cached = this.labelsAreStatic ? this.staticLabels.get(sample.labels) : undefined;
    if (cached !== undefined) return cached;
    const labels: Record<string, string> = { ...sample.labels };
    delete labels.__name__;
    for (const [name, template] of Object.entries(this.spec.labels)) setLabel(labels, name, expandTemplate(template, data));
    labels.alertname = this.spec.name;
    const out = { labels, key: labelsKey(labels) };
    if (this.labelsAreStatic) this.staticLabels.set(sample.labels, out);
    return out;
  }

  /** New alert records for this evaluation's series, keyed by label set. */
  private alertsFor(t: number, samples: readonly VectorSample[]): Map<string, RuleAlert> {
    const alerts = new Map<string, RuleAlert>();
    for (const sample of samples) {
      const data: TemplateData = { labels: sample.labels, value: sample.v, ...this.context };
      const { labels, key } = this.alertLabels(sample, data);
      const annotations: Record<string, string> = {};
      for (const [name, template] of Object.entries(this.spec.annotations)) annotations[name] = expandTemplate(template, data);

      if (alerts.has(key)) throw new Error('vector contains metrics with the same labelset after applying alert labels');
      alerts.set(key, { state: 'pending', labels, annotations, value: sample.v, activeAt: t });
    }
    return alerts;
  }

  /** Whether keep_firing_for holds a firing alert whose series is gone; starts its clock on the first miss. */
  private keepsFiring(alert: RuleAlert, t: number): boolean {
    if (alert.state !== 'firing' || this.spec.keepFiringForMs <= 0) return false;
    alert.keepFiringSince ??= t;
    return t - alert.keepFiringSince < this.spec.keepFiringForMs;
  }

  /**
   * ALERTS = 1 and ALERTS_FOR_STATE = activeAt in whole seconds. Like Prometheus they start from the rule's
   * labels as written, then the alert's labels override them.
   */
  private seriesOf(alert: RuleAlert): VectorSample[] {
    const base: Record<string, string> = {};
    for (const [name, template] of Object.entries(this.spec.labels)) setLabel(base, name, template.source);
    Object.assign(base, alert.labels);
    base.alertname = this.spec.name;
    return [
      { labels: { ...base, __name__: 'ALERTS', alertstate: alert.state }, v: 1 },
      { labels: { ...base, __name__: 'ALERTS_FOR_STATE' }, v: Math.floor(alert.activeAt / 1000) },
    ];
  }
}
