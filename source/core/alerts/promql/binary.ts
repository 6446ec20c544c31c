// Binary operators between scalars and instant vectors, with vector matching, as Prometheus 2.42's
// VectorBinop / VectorscalarBinop / VectorAnd/Or/Unless.
import type { BinaryOp, VectorMatching } from './ast.js';
import { COMPARISON_OPS } from './ast.js';
import { PromQLEvalError } from './eval-error.js';
import { goPow } from './go-math.js';
import { METRIC_NAME, dropMetricName, formatLabels, labelsKey, signatureOn, signatureWithout } from './label-sets.js';
import type { Labels, VectorSample } from './types.js';

/** The value of `lhs op rhs`, and whether a filtering (comparison) operator keeps the element. */
function elem(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return l / r;
    case '%': return l % r;
    case '^': return goPow(l, r);
    case 'atan2': return Math.atan2(l, r);
    default: return compare(op, l, r) ? 1 : 0;
  }
}

function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==': return l === r;
    case '!=': return l !== r;
    case '>': return l > r;
    case '<': return l < r;
    case '>=': return l >= r;
    case '<=': return l <= r;
    default: return true;
  }
}

/** scalar op scalar (comparisons carry `bool`, the parser made sure). */
export function scalarBinop(op: BinaryOp, l: number, r: number): number {
  return elem(op, l, r);
}

/** vector op scalar, or scalar op vector when `scalarLeft`. */
export function vectorScalarBinop(op: BinaryOp, vec: readonly VectorSample[], scalar: number, scalarLeft: boolean, bool: boolean): VectorSample[] {
  const out: VectorSample[] = [];
  const isComparison = COMPARISON_OPS.has(op);
  for (const s of vec) {
    const l = scalarLeft ? scalar : s.v;
    const r = scalarLeft ? s.v : scalar;
    if (isComparison) {
      const keep = compare(op, l, r);
      if (bool) out.push({ labels: dropMetricName(s.labels), v: keep ? 1 : 0 });
      else if (keep) out.push(s);
      continue;
    }
    out.push({ labels: keepsName(op) ? s.labels : dropMetricName(s.labels), v: elem(op, l, r) });
  }
  return out;
}

/** Prometheus 2.42 keeps the metric name on comparisons and, as it happens, on atan2. */
function keepsName(op: BinaryOp): boolean {
  return op === 'atan2' || COMPARISON_OPS.has(op);
}

function signer(m: VectorMatching): (labels: Labels) => string {
  return m.on ? (l) => signatureOn(l, m.labels) : (l) => signatureWithout(l, m.labels);
}

/** and / or / unless. */
export function setBinop(op: 'and' | 'or' | 'unless', lhs: readonly VectorSample[], rhs: readonly VectorSample[], m: VectorMatching): VectorSample[] {
  const sig = signer(m);
  if (op === 'or') {
    const left = new Set(lhs.map((s) => sig(s.labels)));
    return [...lhs, ...rhs.filter((s) => !left.has(sig(s.labels)))];
  }
  const right = new Set(rhs.map((s) => sig(s.labels)));
  return lhs.filter((s) => right.has(sig(s.labels)) === (op === 'and'));
}

/** Arithmetic and comparison between two instant vectors, one-to-one or grouped. */
export function vectorBinop(op: BinaryOp, lhs: readonly VectorSample[], rhs: readonly VectorSample[], m: VectorMatching, bool: boolean): VectorSample[] {
  const sig = signer(m);
  const swapped = m.card === 'one-to-many';
  const many = swapped ? rhs : lhs;
  const one = swapped ? lhs : rhs;
  const oneBySig = new Map<string, VectorSample>();
  for (const s of one) {
    const k = sig(s.labels);
    const dup = oneBySig.get(k);
    if (dup !== undefined) {
      const group = m.on ? Object.fromEntries(m.labels.filter((n) => s.labels[n] !== undefined).map((n) => [n, s.labels[n]!])) : s.labels;
      throw new PromQLEvalError(`found duplicate series for the match group ${formatLabels(group)} on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${formatLabels(dup.labels)}, ${formatLabels(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`);
    }
    oneBySig.set(k, s);
  }
  const isComparison = COMPARISON_OPS.has(op);
  const matched = new Map<string, Set<string> | null>();
  const out: VectorSample[] = [];
  for (const s of many) {
    const k = sig(s.labels);
    const o = oneBySig.get(k);
    if (o === undefined) continue;
    const l = swapped ? o.v : s.v;
    const r = swapped ? s.v : o.v;
    let v: number;
    if (isComparison) {
      const keep = compare(op, l, r);
      if (!bool && !keep) continue;
      v = bool ? (keep ? 1 : 0) : l;
    } else v = elem(op, l, r);
    let labels = resultLabels(s.labels, o.labels, keepsName(op), m);
    if (bool) labels = dropMetricName(labels);
    if (m.card === 'one-to-one') {
      if (matched.has(k)) throw new PromQLEvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      matched.set(k, null);
    } else {
      let inserted = matched.get(k);
      if (inserted == null) {
        inserted = new Set();
        matched.set(k, inserted);
      }
      const lk = labelsKey(labels);
      if (inserted.has(lk)) throw new PromQLEvalError('multiple matches for labels: grouping labels must ensure unique label sets');
      inserted.add(lk);
    }
    out.push({ labels, v });
  }
  return out;
}

/** Prometheus's resultMetric: the "many" side's labels, narrowed by on/ignoring, plus group_x's extras. */
function resultLabels(many: Labels, one: Labels, keepName: boolean, m: VectorMatching): Labels {
  const plain = m.card !== 'one-to-one' || (!m.on && m.labels.length === 0);
  if (plain && m.include.length === 0) return keepName ? many : dropMetricName(many);
  const out: Record<string, string> = {};
  for (const key of Object.keys(many)) {
    if (key === METRIC_NAME && !keepName) continue;
    if (m.card === 'one-to-one' && m.labels.includes(key) !== m.on) continue;
    out[key] = many[key]!;
  }
  for (const name of m.include) {
    const v = one[name];
    if (v !== undefined && v !== '') out[name] = v;
    else delete out[name];
  }
  return out;
}
