// Which alerts go to Alertmanager after an evaluation and what they say: Prometheus 2.42's
// AlertingRule.sendAlerts, rules.SendAlerts and the notifier's external labels, on plain data.
import type { Labels } from '../promql/types.js';
import { sortedLabels } from './label-set.js';
import type { RuleAlert } from './rule-alert.js';

/** An alert as sent to Alertmanager (times in ms since the epoch). */
export interface NotifierAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  endsAt: number;
  generatorURL: string;
}

/** Prometheus's default --rules.alert.resend-delay. */
export const DEFAULT_RESEND_DELAY_MS = 60_000;

/** How many resend periods a firing alert stays valid without news: two missed evaluations or sends, and margin. */
const VALIDITY_PERIODS = 4;

/** What the notifications of one rule need besides its alerts. */
export interface SendContext {
  readonly expr: string;
  readonly externalURL: string;
  readonly externalLabels: Labels;
  readonly resendDelayMs: number;
  readonly intervalMs: number;
}

/** Pending alerts never; an alert resolved since it was last sent at once; otherwise once per resend delay. */
function needsSending(alert: RuleAlert, t: number, resendDelayMs: number): boolean {
  if (alert.state === 'pending') return false;
  if (alert.resolvedAt !== undefined && (alert.lastSentAt === undefined || alert.resolvedAt > alert.lastSentAt)) return true;
  return alert.lastSentAt === undefined || alert.lastSentAt + resendDelayMs < t;
}

/** Prometheus's link to the expression in its table view (url.QueryEscape: space as `+`, `!'()*` escaped). */
export function generatorURL(externalURL: string, expr: string): string {
  const escaped = encodeURIComponent(expr)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `${externalURL}/graph?g0.expr=${escaped}&g0.tab=1`;
}

/**
 * The alerts to send after an evaluation at `t`, marking them sent. A firing alert ends at
 * t + 4 × max(resend delay, interval) unless resent; a resolved one at its resolution time. External
 * labels are added where the alert has no such label.
 */
export function alertsToSend(alerts: Iterable<RuleAlert>, t: number, context: SendContext): NotifierAlert[] {
  const out: NotifierAlert[] = [];
  for (const alert of alerts) {
    if (!needsSending(alert, t, context.resendDelayMs)) continue;
    alert.lastSentAt = t;
    alert.validUntil = t + VALIDITY_PERIODS * Math.max(context.resendDelayMs, context.intervalMs);
    const labels: Record<string, string> = { ...alert.labels };
    for (const [name, value] of Object.entries(context.externalLabels)) {
      if ((labels[name] ?? '') === '' && value !== '') labels[name] = value;
    }
    out.push({
      labels: sortedLabels(labels),
      annotations: sortedLabels(alert.annotations),
      // A sent alert has fired (pending ones are never sent); 2.42 sends FiredAt as the start.
      startsAt: alert.firedAt ?? alert.activeAt,
      endsAt: alert.resolvedAt ?? alert.validUntil,
      generatorURL: generatorURL(context.externalURL, context.expr),
    });
  }
  return out;
}
