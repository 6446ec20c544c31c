// Label-set identity and the label rewrites the evaluator does on every sample. Results are cached per
// label object: the store hands out the same object for a series every round, so a rule evaluation over
// thousands of series computes each key and each name-dropped copy once.
import type { Labels } from './types.js';

export const METRIC_NAME = '__name__';

const keyCache = new WeakMap<Labels, string>();
const droppedCache = new WeakMap<Labels, Labels>();
const withoutCache = new WeakMap<Labels, Map<string, string>>();

/** A string that identifies a label set (label order ignored). */
export function labelsKey(labels: Labels): string {
  let key = keyCache.get(labels);
  if (key === undefined) {
    const names = Object.keys(labels).sort();
    key = '';
    for (const k of names) key += `${k}\xff${labels[k]}\xfe`;
    keyCache.set(labels, key);
  }
  return key;
}

/** The labels without `__name__`, as arithmetic and most functions return them. */
export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  let out = droppedCache.get(labels);
  if (out === undefined) {
    const copy: Record<string, string> = { ...labels };
    delete copy[METRIC_NAME];
    out = copy;
    droppedCache.set(labels, out);
  }
  return out;
}

/** A copy of `labels` with `name` set to `value`, or removed when `value` is empty (as Prometheus does). */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  const copy: Record<string, string> = { ...labels };
  if (value === '') delete copy[name];
  else copy[name] = value;
  return copy;
}

const onCache = new WeakMap<Labels, WeakMap<readonly string[], string>>();

/**
 * A signature over the named labels only (`on(...)`, `by (...)`); missing labels count as empty. Cached per
 * label object and names array (an expression's grouping is the same array every round).
 */
export function signatureOn(labels: Labels, names: readonly string[]): string {
  let perLabels = onCache.get(labels);
  if (perLabels === undefined) onCache.set(labels, (perLabels = new WeakMap()));
  let sig = perLabels.get(names);
  if (sig === undefined) {
    sig = '';
    for (const n of names) sig += `${labels[n] ?? ''}\xff`;
    perLabels.set(names, sig);
  }
  return sig;
}

/** A signature over all labels but the named ones and `__name__` (`ignoring(...)`, `without (...)`). */
export function signatureWithout(labels: Labels, names: readonly string[]): string {
  if (names.length === 0) return labelsKey(dropMetricName(labels));
  const cacheKey = names.join('\xff');
  let perLabels = withoutCache.get(labels);
  if (perLabels === undefined) withoutCache.set(labels, (perLabels = new Map()));
  let sig = perLabels.get(cacheKey);
  if (sig === undefined) {
    sig = computeSignatureWithout(labels, names);
    perLabels.set(cacheKey, sig);
  }
  return sig;
}

function computeSignatureWithout(labels: Labels, names: readonly string[]): string {
  const copy: Record<string, string> = { ...labels };
  delete copy[METRIC_NAME];
  for (const n of names) delete copy[n];
  return labelsKey(copy);
}

/**
 * Whether every label set has the same `__name__` (or none has one). Dropping the name from such a vector,
 * free of duplicates as every vector is, leaves it free of them: Prometheus's check cannot fail there.
 */
export function sameMetricName(sets: readonly { readonly labels: Labels }[]): boolean {
  if (sets.length < 2) return true;
  const name = sets[0]!.labels[METRIC_NAME];
  for (const s of sets) if (s.labels[METRIC_NAME] !== name) return false;
  return true;
}

/** Prometheus's check on a function's or operator's output: no two elements with one label set. */
export function hasDuplicateLabelsets(samples: readonly { readonly labels: Labels }[]): boolean {
  if (samples.length < 2) return false;
  const seen = new Set<string>();
  for (const s of samples) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

/** The Prometheus text form of a label set, for error messages: `{a="b", c="d"}`. */
export function formatLabels(labels: Labels): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}
