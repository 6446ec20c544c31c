import type { ExecutionSummary } from '../../core/snapshot/snapshot.js';
import { sanitise } from '../format/sanitise.js';

/**
 * The alert labels that executions carry, in the order the filter shows them: the series labels of the
 * metrics alert rules are written against (jamjet_executions_total's workflow_id and status, the model
 * metrics' model, the health metrics' source). Any other label says nothing about an execution.
 */
export const FILTER_LABELS = ['workflow_id', 'model', 'status', 'source'] as const;

/** One of FILTER_LABELS. */
export type FilterLabel = (typeof FILTER_LABELS)[number];

/** What an execution must match, label by label; an empty filter matches every execution. */
export type ExecutionFilter = Readonly<Partial<Record<FilterLabel, string>>>;

/** Longest label value shown in the filter indicator, in characters. */
const MAX_FILTER_VALUE = 80;

/** The filter an alert's labels make: the FILTER_LABELS it has, the others ignored. */
export function filterFromLabels(labels: Readonly<Record<string, string>>): ExecutionFilter {
  const out: Partial<Record<FilterLabel, string>> = {};
  for (const label of FILTER_LABELS) {
    const value = labels[label];
    if (value !== undefined) out[label] = value;
  }
  return out;
}

/**
 * Whether an execution matches every label of the filter: `workflow_id` its workflow, `model` one of the
 * models it called, `status` its status (as jamjet_executions_total spells it), `source` the source it came from.
 */
export function matchesFilter(e: ExecutionSummary, filter: ExecutionFilter): boolean {
  if (filter.workflow_id !== undefined && e.workflowId !== filter.workflow_id) return false;
  if (filter.model !== undefined && !e.models.includes(filter.model)) return false;
  if (filter.status !== undefined && e.status !== filter.status) return false;
  if (filter.source !== undefined && e.source !== filter.source) return false;
  return true;
}

/** The rows that match, in their order; the same array when the filter is empty (nothing to recompute). */
export function applyFilter(rows: readonly ExecutionSummary[], filter: ExecutionFilter): readonly ExecutionSummary[] {
  if (isEmptyFilter(filter)) return rows;
  return rows.filter((e) => matchesFilter(e, filter));
}

/** True when the filter names no label (the alert had none an execution carries). */
export function isEmptyFilter(filter: ExecutionFilter): boolean {
  return FILTER_LABELS.every((label) => filter[label] === undefined);
}

/** `workflow_id=research-agent model=gpt-4o`, values sanitised (they came off the wire). */
export function filterText(filter: ExecutionFilter): string {
  return FILTER_LABELS.filter((label) => filter[label] !== undefined)
    .map((label) => `${label}=${sanitise(filter[label], MAX_FILTER_VALUE)}`)
    .join(' ');
}

/** Longest alert name shown in the filter indicator, in characters. */
const MAX_FILTER_ALERT = 60;

/** The filter indicator: `ExecutionStuck: workflow_id=research-agent`, or why an alert's filter shows every execution. */
export function filterIndicator(alert: string, filter: ExecutionFilter): string {
  const name = sanitise(alert, MAX_FILTER_ALERT);
  return isEmptyFilter(filter) ? `${name}: no label an execution carries (all shown)` : `${name}: ${filterText(filter)}`;
}
