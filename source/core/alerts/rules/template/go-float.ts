// Go's float formatting (strconv.FormatFloat / fmt's %v, %g, %e, %f), which Prometheus's templates print
// `$value` and humanize's results with. Rounding is done on the float's exact decimal expansion,
// half to even on exact ties, as Go does: JavaScript's toFixed/toPrecision round ties up instead.

/** A positive decimal: digits without leading or trailing zeros; value = 0.digits × 10^point. */
interface Decimal {
  readonly digits: string;
  readonly point: number;
}

function trimZeros(d: Decimal): Decimal {
  const digits = d.digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', point: 0 } : { digits, point: d.point };
}

/** The exact decimal expansion of a finite |v| (every double is a finite decimal). */
function exactDecimal(v: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0 && fraction === 0n) return { digits: '', point: 0 };
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (exponent >= 0) {
    const digits = (mantissa << BigInt(exponent)).toString();
    return trimZeros({ digits, point: digits.length });
  }
  const digits = (mantissa * 5n ** BigInt(-exponent)).toString();
  return trimZeros({ digits, point: digits.length + exponent });
}

/** The shortest digits that read back as v (Go and JavaScript agree on these). */
function shortestDecimal(v: number): Decimal {
  if (v === 0) return { digits: '', point: 0 };
  const [mantissa = '', exp = '0'] = Math.abs(v).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), point: Number(exp) + 1 };
}

/** Keeps the first `keep` digits (may be ≤ 0), rounding half to even on an exact tie, as Go's decimal does. */
function roundDigits(d: Decimal, keep: number): Decimal {
  if (keep < 0 || d.digits.length <= keep) return keep < 0 ? { digits: '', point: 0 } : d;
  const next = d.digits[keep]!;
  const tie = next === '5' && keep + 1 === d.digits.length;
  const up = tie ? keep > 0 && Number(d.digits[keep - 1]) % 2 === 1 : next >= '5';
  if (!up) return trimZeros({ digits: d.digits.slice(0, keep), point: d.point });
  const kept = d.digits.slice(0, keep).split('').map(Number);
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === 9) kept[i--] = 0;
  if (i < 0) return { digits: '1', point: d.point + 1 };
  kept[i]! += 1;
  return trimZeros({ digits: kept.join(''), point: d.point });
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i]! : '0';
}

function formatE(d: Decimal, precision: number, sign: string): string {
  const first = digitAt(d, 0);
  let frac = '';
  for (let i = 1; i <= precision; i++) frac += digitAt(d, i);
  const exp = d.digits === '' ? 0 : d.point - 1;
  return `${sign}${first}${precision > 0 ? `.${frac}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function formatF(d: Decimal, precision: number, sign: string): string {
  let int = '';
  for (let i = 0; i < d.point; i++) int += digitAt(d, i);
  let frac = '';
  for (let i = 0; i < precision; i++) frac += digitAt(d, d.point + i);
  return `${sign}${int === '' ? '0' : int}${precision > 0 ? `.${frac}` : ''}`;
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

const signOf = (v: number): string => (v < 0 || Object.is(v, -0) ? '-' : '');

/** Go's `%.{precision}g`, or `%v` / strconv 'g' shortest when precision is undefined. */
export function formatGoG(v: number, precision?: number): string {
  const s = special(v);
  if (s !== undefined) return s;
  const shortest = precision === undefined;
  let prec = shortest ? 0 : Math.max(precision, 1);
  const d = shortest ? shortestDecimal(v) : roundDigits(exactDecimal(v), prec);
  if (shortest) prec = d.digits.length;
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.point) eprec = d.digits.length;
  // Go decides exponent form at 6 digits when printing the shortest representation.
  if (shortest) eprec = 6;
  const exp = d.point - 1;
  if (exp < -4 || exp >= eprec) return formatE(d, Math.min(prec, d.digits.length) - 1, signOf(v));
  if (prec > d.point) prec = d.digits.length;
  return formatF(d, Math.max(prec - d.point, 0), signOf(v));
}

/** Go's `%.{precision}f` (precision 6 by default, as fmt's %f). */
export function formatGoF(v: number, precision = 6): string {
  return special(v) ?? formatF(roundDigits(exactDecimal(v), exactDecimal(v).point + precision), precision, signOf(v));
}

/** Go's `%.{precision}e` (precision 6 by default, as fmt's %e). */
export function formatGoE(v: number, precision = 6): string {
  return special(v) ?? formatE(roundDigits(exactDecimal(v), precision + 1), precision, signOf(v));
}
