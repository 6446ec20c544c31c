// The few places where Go's float semantics (Prometheus's) differ from JavaScript's.

/** Go's math.Pow: 1^x and (-1)^±Inf are 1 where JS gives NaN. */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that reads back as v, never exponential. */
export function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead! + frac;
  const exp = Number(expText);
  // JS goes exponential from 1e21 up, beyond 17 significant digits, so a positive exponent only pads zeros.
  if (exp >= 0) return sign! + digits.padEnd(exp + 1, '0');
  return `${sign!}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Go's strconv.ParseFloat for a label value such as `le="0.5"` or `"+Inf"`; undefined when malformed. */
export function parseGoFloat(text: string): number | undefined {
  const lower = text.toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(lower);
  if (m !== null) return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return Number(lower);
  return undefined;
}
