// The values a template works with, typed as Go's are: a float64 (`number`), an int (`bigint`, what a
// literal like `100` is), a string, a bool, nil, a map[string]string, and the alert's data struct.
// Keeping int and float apart matters: Go refuses `gt $value 100` (float64 against int), and so do we.
import type { Labels } from '../../promql/types.js';
import type { TemplateData } from '../rule-types.js';
import { formatGoG } from './go-float.js';

/** A map[string]string: labels or external labels. */
export interface GoMap {
  readonly kind: 'map';
  readonly entries: Labels;
}

/** The struct Prometheus passes as dot: `.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`. */
export interface GoDot {
  readonly kind: 'dot';
  readonly data: TemplateData;
}

export type GoValue = string | number | bigint | boolean | null | GoMap | GoDot;

/** The Go type name fmt shows in `%!d(float64=1)` and in error messages. */
export function goTypeName(v: GoValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    default:
      return v.kind === 'map' ? 'map[string]string' : 'struct';
  }
}

function mapText(m: Labels): string {
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${m[k]}`)
    .join(' ')}]`;
}

/** The value as fmt.Sprint prints it (what `{{ x }}` outputs). */
export function goSprint(v: GoValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatGoG(v);
    case 'bigint':
    case 'boolean':
      return String(v);
    default: {
      if (v.kind === 'map') return mapText(v.entries);
      const d = v.data;
      return `{${mapText(d.labels)} ${mapText(d.externalLabels)} ${d.externalURL} ${formatGoG(d.value)}}`;
    }
  }
}

/** Go template truth: false, 0, nil, "" and empty maps are false. */
export function goTruth(v: GoValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'string':
      return v !== '';
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
    default:
      return v.kind === 'dot' || Object.keys(v.entries).length > 0;
  }
}
