// GET /api/v1/alerts and GET /api/v1/rules in Prometheus 2.42's exact JSON shapes (web/api/v1/api.go),
// from the engine's views. Key order follows Go's struct fields; label maps are sorted as Go sorts maps.
import { formatGoFloat, formatGoTime } from './go-format.js';
import type { ActiveAlertView, RuleGroupView, RuleView } from './rule-view.js';

/** An HTTP answer: status code and the JSON body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

const success = (data: unknown): ApiAnswer => ({ status: 200, body: { status: 'success', data } });

/** One alert as Prometheus's API shows it; keepFiringSince only while keep_firing_for holds it. */
function alertJson(alert: ActiveAlertView): object {
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    state: alert.state,
    activeAt: formatGoTime(alert.activeAt),
    ...(alert.keepFiringSince !== undefined ? { keepFiringSince: formatGoTime(alert.keepFiringSince) } : {}),
    value: formatGoFloat(alert.value),
  };
}

/** Prometheus lists the unresolved alerts only (its ActiveAlerts). */
function unresolved(alerts: readonly ActiveAlertView[]): object[] {
  return alerts.filter((a) => a.resolvedAt === undefined).map(alertJson);
}

/** `GET /api/v1/alerts`: every unresolved alert of every alerting rule. */
export function alertsResponse(groups: readonly RuleGroupView[]): ApiAnswer {
  const alerts = groups.flatMap((g) => g.rules.flatMap((r) => (r.type === 'alerting' ? unresolved(r.alerts) : [])));
  return success({ alerts });
}

function ruleJson(rule: RuleView): object {
  const lastError = rule.lastError !== undefined && rule.lastError !== '' ? { lastError: rule.lastError } : {};
  const timing = { evaluationTime: rule.evaluationTimeMs / 1000, lastEvaluation: formatGoTime(rule.lastEvaluation) };
  if (rule.type === 'recording') {
    return {
      name: rule.name,
      query: rule.query,
      // Go's omitempty drops an empty label set here (and only here).
      ...(Object.keys(rule.labels).length > 0 ? { labels: rule.labels } : {}),
      health: rule.health,
      ...lastError,
      ...timing,
      type: 'recording',
    };
  }
  return {
    state: rule.state,
    name: rule.name,
    query: rule.query,
    duration: rule.forMs / 1000,
    keepFiringFor: rule.keepFiringForMs / 1000,
    labels: rule.labels,
    annotations: rule.annotations,
    alerts: unresolved(rule.alerts),
    health: rule.health,
    ...lastError,
    ...timing,
    type: 'alerting',
  };
}

/**
 * `GET /api/v1/rules[?type=alert|record]` (case-insensitive; empty means both). Any other type is
 * Prometheus's 400 bad_data; a group whose rules are all filtered out is still listed, with no rules.
 */
export function rulesResponse(groups: readonly RuleGroupView[], type?: string): ApiAnswer {
  const wanted = (type ?? '').toLowerCase();
  if (wanted !== '' && wanted !== 'alert' && wanted !== 'record') {
    return {
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error: `invalid parameter "type": not supported value ${JSON.stringify(wanted)}` },
    };
  }
  const keep = (rule: RuleView) => wanted === '' || (wanted === 'alert') === (rule.type === 'alerting');
  return success({
    groups: groups.map((g) => ({
      name: g.name,
      file: g.file,
      rules: g.rules.filter(keep).map(ruleJson),
      interval: g.intervalMs / 1000,
      limit: g.limit,
      evaluationTime: g.evaluationTimeMs / 1000,
      lastEvaluation: formatGoTime(g.lastEvaluation),
    })),
  });
}
