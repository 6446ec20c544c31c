// The rules jamjet-top evaluates when no rule file is given: the JamJet docs' two alerts in a corrected
// form, and what a team wants on day one. A Prometheus rule file as text, so `jamjet rules list`, the
// loader and the README show exactly what runs, and a user can copy it as a starting point.

/** The file name the built-in rules are loaded and reported under. */
export const BUILTIN_RULES_FILE = '<built-in>';

/**
 * The docs' `HighExecutionErrorRate` reads `rate(jamjet_executions_total{status="failed"}[5m]) /
 * rate(jamjet_executions_total[5m]) > 0.05`. Real PromQL matches the two sides one-to-one on all labels,
 * `status` included, so each failed series is divided by itself: the "ratio" is 1 for any workflow with one
 * failure in five minutes. Summing both sides by workflow first gives the fraction the docs mean.
 */
const RULES = `groups:
  - name: jamjet-top
    rules:
      - alert: HighExecutionErrorRate
        expr: |
          sum by (workflow_id) (rate(jamjet_executions_total{status="failed"}[5m]))
            / sum by (workflow_id) (rate(jamjet_executions_total[5m])) > 0.05
        for: 2m
        labels:
          severity: warning
        annotations:
          summary: "Workflow {{ $labels.workflow_id }}: {{ $value | humanizePercentage }} of executions failed (5m)"
      - alert: ExecutionQueueBacklog
        expr: jamjet_queue_depth > 100
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "{{ $value }} node work items waiting for 5 minutes"
      - alert: ModelErrorRate
        expr: |
          sum by (model) (rate(jamjet_model_calls_total{status="failed"}[5m]))
            / sum by (model) (rate(jamjet_model_calls_total[5m])) > 0.1
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "Model {{ $labels.model }}: {{ $value | humanizePercentage }} of calls failed (5m)"
      - alert: ExecutionStuck
        expr: |
          max by (workflow_id) (jamjet_top_longest_running_execution_seconds)
            > 3 * histogram_quantile(0.99, sum by (workflow_id, le) (rate(jamjet_execution_duration_ms_bucket[15m]))) / 1000
          and max by (workflow_id) (jamjet_top_longest_running_execution_seconds) > 60
        for: 1m
        labels:
          severity: warning
        annotations:
          summary: "Workflow {{ $labels.workflow_id }}: an execution has been running {{ $value | humanizeDuration }}, over 3x the p99 of the last 15 minutes"
      - alert: SourceDown
        expr: jamjet_top_source_up == 0
        for: 1m
        labels:
          severity: critical
        annotations:
          summary: "Source {{ $labels.source }} has been unreachable for a minute"
`;

/** The cost rule, added when `[top] budget_usd_per_hour` is set. */
function costRule(budgetUsdPerHour: number): string {
  return `      - alert: CostBurnRate
        expr: sum(rate(jamjet_model_cost_usd_total[15m])) * 3600 > ${budgetUsdPerHour}
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "Spending {{ $value | printf \\"%.2f\\" }} USD/h over 15 minutes, above the budget of ${budgetUsdPerHour} USD/h"
`;
}

/** The built-in rules without a budget (what `rules list` shows when no file and no budget are set). */
export const BUILTIN_RULES_YAML = RULES;

/** The built-in rules for a config: with the cost burn rule when a budget is set. */
export function builtinRulesYaml(budgetUsdPerHour?: number): string {
  return budgetUsdPerHour === undefined ? RULES : RULES + costRule(budgetUsdPerHour);
}
