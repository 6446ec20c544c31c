// label_replace and label_join, with Go's regexp template expansion ($1, ${1}, $name, $$).
import { compileMatcherRegex } from './matcher-regex.js';
import { withLabel } from './label-sets.js';
import { PromQLEvalError } from './eval-error.js';
import type { VectorSample } from './types.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** label_replace(v, dst, replacement, src, regex): the name is kept, as in Prometheus. */
export function labelReplace(input: readonly VectorSample[], dst: string, replacement: string, src: string, regex: string): VectorSample[] {
  let re: RegExp;
  try {
    re = compileMatcherRegex(regex);
  } catch (err) {
    throw new PromQLEvalError(`invalid regular expression in label_replace(): ${(err as Error).message}`);
  }
  if (!LABEL_NAME.test(dst)) throw new PromQLEvalError(`invalid destination label name in label_replace(): ${dst}`);
  return input.map((s) => {
    const m = re.exec(s.labels[src] ?? '');
    if (m === null) return s;
    return { labels: withLabel(s.labels, dst, expandTemplate(replacement, m)), v: s.v };
  });
}

/** label_join(v, dst, separator, src...). */
export function labelJoin(input: readonly VectorSample[], dst: string, sep: string, srcs: readonly string[]): VectorSample[] {
  if (!LABEL_NAME.test(dst)) throw new PromQLEvalError(`invalid destination label name in label_join(): ${dst}`);
  for (const src of srcs) if (!LABEL_NAME.test(src)) throw new PromQLEvalError(`invalid source label name in label_join(): ${src}`);
  return input.map((s) => ({ labels: withLabel(s.labels, dst, srcs.map((n) => s.labels[n] ?? '').join(sep)), v: s.v }));
}

/** Go's Regexp.Expand: `$name` takes the longest run of word characters, so `$1x` is the group "1x". */
function expandTemplate(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([^}]*)\}|([a-zA-Z0-9_]+))/g, (whole, _all, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    if (braced !== undefined && !/^[a-zA-Z0-9_]+$/.test(braced)) return whole;
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}
