// A recording rule's output, as Prometheus 2.42's rules/recording.go computes it.
import type { InstantValue, Labels, VectorSample } from '../promql/types.js';
import type { RecordingRuleSpec } from '../rules/rule-types.js';
import { labelsKey, setLabel } from './label-set.js';
import { queryVector } from './query-vector.js';

/**
 * Each rule's output label set (and its key) per input label set: the evaluator hands out the same label
 * objects every round for the same series, so a rule renames and keys each series once, and the sample store
 * then recognises the output by identity.
 */
const renamed = new WeakMap<RecordingRuleSpec, WeakMap<Labels, { readonly labels: Labels; readonly key: string }>>();

function renamedLabels(spec: RecordingRuleSpec, input: Labels): { readonly labels: Labels; readonly key: string } {
  let perRule = renamed.get(spec);
  if (perRule === undefined) renamed.set(spec, (perRule = new WeakMap()));
  let out = perRule.get(input);
  if (out === undefined) {
    const labels: Record<string, string> = { ...input, __name__: spec.name };
    for (const [name, template] of Object.entries(spec.labels)) setLabel(labels, name, template.source);
    out = { labels, key: labelsKey(labels) };
    perRule.set(input, out);
  }
  return out;
}

/**
 * The result renamed to the rule's `record` name with its labels (as written: recording rules do not
 * template) applied. Throws on a duplicate label set or when `limit` (> 0) series are exceeded.
 */
export function recordingOutput(spec: RecordingRuleSpec, result: InstantValue, limit: number): VectorSample[] {
  const seen = new Set<string>();
  const out = queryVector(result).map((sample) => {
    const { labels, key } = renamedLabels(spec, sample.labels);
    if (seen.has(key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
    seen.add(key);
    return { labels, v: sample.v };
  });
  if (limit > 0 && out.length > limit) throw new Error(`exceeded limit of ${limit} with ${out.length} series`);
  return out;
}
