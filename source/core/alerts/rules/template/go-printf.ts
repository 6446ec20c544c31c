// fmt.Sprintf for the verbs alert templates use: %s %d %f %e %g %v %q %x %%, with flags (- + 0 space),
// width and precision. A verb that does not fit its argument prints Go's `%!d(float64=0.5)` form.
import { formatGoE, formatGoF, formatGoG } from './go-float.js';
import { goSprint, goTypeName, type GoValue } from './go-value.js';

const VERB = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;

/** Go's strconv.Quote: a double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (named[ch] !== undefined) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function bad(verb: string, v: GoValue): string {
  return `%!${verb}(${goTypeName(v)}=${goSprint(v)})`;
}

function withSign(text: string, flags: string): string {
  if (text.startsWith('-') || text === 'NaN') return text;
  if (flags.includes('+')) return `+${text.replace(/^\+/, '')}`;
  if (flags.includes(' ')) return ` ${text.replace(/^\+/, '')}`;
  return text;
}

function pad(text: string, flags: string, width: number | undefined, numeric: boolean): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && numeric && !/Inf|NaN/.test(text)) {
    const sign = /^[-+ ]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function formatOne(verb: string, flags: string, precision: number | undefined, v: GoValue): { text: string; numeric: boolean } {
  const isNum = typeof v === 'number' || typeof v === 'bigint';
  switch (verb) {
    case 'v':
      return { text: typeof v === 'number' ? withSign(formatGoG(v, precision), flags) : goSprint(v), numeric: isNum };
    case 's':
      if (typeof v !== 'string') return { text: bad(verb, v), numeric: false };
      return { text: precision === undefined ? v : [...v].slice(0, precision).join(''), numeric: false };
    case 'q':
      if (typeof v === 'string') return { text: goQuote(v), numeric: false };
      if (typeof v === 'bigint') return { text: `'${String.fromCodePoint(Number(v))}'`, numeric: false };
      return { text: bad(verb, v), numeric: false };
    case 'd':
      return typeof v === 'bigint' ? { text: withSign(String(v), flags), numeric: true } : { text: bad(verb, v), numeric: false };
    case 'x':
    case 'X': {
      let text: string;
      if (typeof v === 'bigint') text = (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16);
      else if (typeof v === 'string') text = Buffer.from(v, 'utf8').toString('hex');
      else return { text: bad(verb, v), numeric: false };
      return { text: verb === 'X' ? text.toUpperCase() : text, numeric: typeof v === 'bigint' };
    }
    case 'f':
    case 'F':
    case 'e':
    case 'g': {
      if (typeof v !== 'number') return { text: bad(verb, v), numeric: false };
      const text = verb === 'e' ? formatGoE(v, precision) : verb === 'g' ? formatGoG(v, precision) : formatGoF(v, precision);
      return { text: withSign(text, flags), numeric: true };
    }
    default:
      return { text: bad(verb, v), numeric: false };
  }
}

/** fmt.Sprintf(format, ...args) for the verbs above. */
export function goSprintf(format: string, args: readonly GoValue[]): string {
  let next = 0;
  const out = format.replace(VERB, (_m, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const v = args[next++]!;
    const prec = precision === undefined ? undefined : Number(precision || '0');
    const { text, numeric } = formatOne(verb, flags, prec, v);
    return pad(text, flags, width === undefined ? undefined : Number(width), numeric);
  });
  if (next >= args.length) return out;
  return `${out}%!(EXTRA ${args
    .slice(next)
    .map((v) => `${goTypeName(v)}=${goSprint(v)}`)
    .join(', ')})`;
}
