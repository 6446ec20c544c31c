// Label-set helpers the engine shares: an identity key for a label set, and Prometheus's rule that a
// label set to the empty string is no label at all.
import type { Labels } from '../promql/types.js';

/** A string that is equal for two label sets exactly when they hold the same pairs. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(sortedEntries(labels));
}

/** The pairs sorted by name, as Prometheus keeps labels. */
export function sortedEntries(labels: Labels): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A copy with keys in name order (JSON output then matches Go's sorted maps). */
export function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(sortedEntries(labels));
}

/** Sets a label as Prometheus's labels.Builder does: the empty value deletes it. */
export function setLabel(labels: Record<string, string>, name: string, value: string): void {
  if (value === '') delete labels[name];
  else labels[name] = value;
}
