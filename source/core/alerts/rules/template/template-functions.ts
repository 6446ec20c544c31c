// The functions alert templates can call: Go's builtins (comparison, logic, printf, index, len) and
// Prometheus's (template/template.go): humanize*, title, toUpper, toLower, match, reReplaceAll.
import { formatGoG } from './go-float.js';
import { goSprintf } from './go-printf.js';
import { goSprint, goTruth, goTypeName, type GoValue } from './go-value.js';

export type TemplateFunction = (args: readonly GoValue[]) => GoValue;

const SI_BIG = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SI_SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const IEC = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];
const GO_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

function arity(name: string, args: readonly GoValue[], n: number): void {
  if (args.length !== n) throw new Error(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function str(name: string, v: GoValue): string {
  if (typeof v !== 'string') throw new Error(`wrong type for value in ${name}; expected string; got ${goTypeName(v)}`);
  return v;
}

/** Prometheus's convertToFloat: a float, an int, or a string that parses as one. */
function toFloat(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    if (!GO_FLOAT.test(v)) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
    const lower = v.toLowerCase().replace(/^\+/, '');
    if (lower.endsWith('nan')) return NaN;
    if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
    return Number(v);
  }
  throw new Error(`can't convert ${goTypeName(v)} to float`);
}

const g4 = (v: number): string => formatGoG(v, 4);

/** Scales toward 1 by 1000 (or `base`) per prefix, as Prometheus's humanize functions do. */
function scale(v: number, prefixes: readonly string[], base: number, up: boolean): [number, string] {
  let prefix = '';
  for (const p of prefixes) {
    if (up ? Math.abs(v) < base : Math.abs(v) >= 1) break;
    prefix = p;
    v = up ? v / base : v * base;
  }
  return [v, prefix];
}

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  const [x, p] = Math.abs(v) >= 1 ? scale(v, SI_BIG, 1000, true) : scale(v, SI_SMALL, 1000, false);
  return `${g4(x)}${p}`;
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  const [x, p] = scale(v, IEC, 1024, true);
  return `${g4(x)}${p}`;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const whole = Math.trunc(abs);
    const [s, m, h, d] = [whole % 60, Math.trunc(whole / 60) % 60, Math.trunc(whole / 3600) % 24, Math.trunc(whole / 86_400)];
    if (d !== 0) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${g4(abs)}s`;
  }
  const [x, p] = scale(v, SI_SMALL, 1000, false);
  return `${g4(x)}${p}s`;
}

/** Go's time.Time.String() in UTC, at Prometheus's ms precision: `2006-01-02 15:04:05.999 +0000 UTC`. */
function humanizeTimestamp(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  const ms = Math.trunc(v * 1000);
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac === '' ? '' : `.${frac}`} +0000 UTC`;
}

/** Go's deprecated strings.Title: upper-cases each letter that follows a non-letter, non-digit, non-underscore. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

/** Go's Regexp.ReplaceAllString expansion: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups are empty. */
function reReplaceAll(pattern: string, replacement: string, text: string): string {
  const re = new RegExp(pattern, 'gu');
  return text.replace(re, (...match: unknown[]) => {
    const groupsAt = match.length - 1;
    const named = (typeof match[groupsAt] === 'object' ? match[groupsAt] : undefined) as Record<string, string | undefined> | undefined;
    const captures = match.slice(0, named === undefined ? groupsAt - 1 : groupsAt - 2) as (string | undefined)[];
    return replacement.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (all, braced?: string, bare?: string) => {
      const name = braced ?? bare;
      if (name === undefined) return '$';
      if (/^\d+$/.test(name)) return captures[Number(name)] ?? '';
      return named?.[name] ?? '';
    });
  });
}

function basicKind(v: GoValue): 'bool' | 'int' | 'float' | 'string' | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return undefined;
}

/** Go's template comparison: same basic kind only (an int literal against a float64 is an error). */
function compare(a: GoValue, b: GoValue, ordered: boolean): number {
  const [ka, kb] = [basicKind(a), basicKind(b)];
  if (ka === undefined || kb === undefined || (ordered && ka === 'bool')) throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error('incompatible types for comparison');
  if (ka === 'bool') return a === b ? 0 : 1;
  return a! < b! ? -1 : a! > b! ? 1 : a === b ? 0 : NaN;
}

function ordered(name: string, test: (c: number) => boolean): TemplateFunction {
  return (args) => {
    arity(name, args, 2);
    return test(compare(args[0]!, args[1]!, true));
  };
}

const float = (name: string, f: (v: number) => string): TemplateFunction => (args) => {
  arity(name, args, 1);
  return f(toFloat(args[0]!));
};

const text = (name: string, f: (s: string) => string): TemplateFunction => (args) => {
  arity(name, args, 1);
  return f(str(name, args[0]!));
};

/** Every function a template may call, by name. `and` and `or` are evaluated lazily by the executor. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  and: (args) => args.find((a) => !goTruth(a)) ?? args.at(-1) ?? null,
  or: (args) => args.find((a) => goTruth(a)) ?? args.at(-1) ?? null,
  not: (args) => {
    arity('not', args, 1);
    return !goTruth(args[0]!);
  },
  eq: (args) => {
    if (args.length < 2) throw new Error('missing argument for comparison');
    return args.slice(1).some((b) => compare(args[0]!, b, false) === 0);
  },
  ne: (args) => {
    arity('ne', args, 2);
    return compare(args[0]!, args[1]!, false) !== 0;
  },
  lt: ordered('lt', (c) => c < 0),
  le: ordered('le', (c) => c <= 0),
  gt: ordered('gt', (c) => c > 0),
  ge: ordered('ge', (c) => c >= 0),
  len: (args) => {
    arity('len', args, 1);
    const v = args[0]!;
    if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
    if (v !== null && typeof v === 'object' && v.kind === 'map') return BigInt(Object.keys(v.entries).length);
    throw new Error(`len of type ${goTypeName(v)}`);
  },
  index: (args) => {
    if (args.length < 1) throw new Error('wrong number of args for index: want at least 1 got 0');
    let v = args[0]!;
    for (const key of args.slice(1)) {
      if (v === null || typeof v !== 'object' || v.kind !== 'map') throw new Error(`can't index item of type ${goTypeName(v)}`);
      v = v.entries[str('index', key)] ?? '';
    }
    return v;
  },
  print: (args) => args.map(goSprint).join(''),
  printf: (args) => {
    if (args.length < 1) throw new Error('wrong number of args for printf: want at least 1 got 0');
    return goSprintf(str('printf', args[0]!), args.slice(1));
  },
  humanize: float('humanize', humanize),
  humanize1024: float('humanize1024', humanize1024),
  humanizeDuration: float('humanizeDuration', humanizeDuration),
  humanizePercentage: float('humanizePercentage', (v) => `${g4(v * 100)}%`),
  humanizeTimestamp: float('humanizeTimestamp', humanizeTimestamp),
  title: text('title', title),
  toUpper: text('toUpper', (s) => s.toUpperCase()),
  toLower: text('toLower', (s) => s.toLowerCase()),
  match: (args) => {
    arity('match', args, 2);
    return new RegExp(str('match', args[0]!), 'u').test(str('match', args[1]!));
  },
  reReplaceAll: (args) => {
    arity('reReplaceAll', args, 3);
    return reReplaceAll(str('reReplaceAll', args[0]!), str('reReplaceAll', args[1]!), str('reReplaceAll', args[2]!));
  },
};
