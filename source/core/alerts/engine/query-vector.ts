// What a rule's expression must yield, as Prometheus's rule QueryFunc accepts it.
import type { InstantValue, VectorSample } from '../promql/types.js';

/** The result as a vector: a scalar becomes one sample without labels; a string or matrix is an error. */
export function queryVector(value: InstantValue): readonly VectorSample[] {
  if (value.type === 'vector') return value.samples;
  if (value.type === 'scalar') return [{ labels: {}, v: value.v }];
  throw new Error('rule result is not a vector or scalar');
}
