// PromQL's literal syntax as Prometheus 2.42 reads it: Go-quoted strings, Go numbers and durations.

const ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** The value of a quoted string literal ("…", '…' with Go escapes, `…` raw); undefined when malformed. */
export function unquoteString(text: string): string | undefined {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) return undefined;
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      if ((e === "'" && quote === '"') || (e === '"' && quote === "'")) return undefined;
      out += simple;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return undefined;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += hexLen;
      continue;
    }
    const oct = body.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(oct)) return undefined;
    out += String.fromCharCode(parseInt(oct, 8));
    i += 2;
  }
  return out;
}

/** A number literal (decimal, exponent, hex, octal, Inf, NaN; no sign); undefined when not one. */
export function parseNumber(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === 'nan') return NaN;
  if (/^0x[0-9a-f]+$/.test(lower)) return parseInt(lower.slice(2), 16);
  if (/^0[0-7]+$/.test(lower)) return parseInt(lower, 8);
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return Number(lower);
  return undefined;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** A duration literal such as `1h30m` in ms (units in decreasing order, each once); undefined otherwise. */
export function parseDuration(text: string): number | undefined {
  const parts = text.match(/^(\d+)(ms|[smhdwy])/g) === null ? null : [...text.matchAll(/(\d+)(ms|[smhdwy])/g)];
  if (parts === null || parts.map((p) => p[0]).join('') !== text) return undefined;
  let ms = 0;
  let last = -1;
  for (const p of parts) {
    const order = UNIT_ORDER.indexOf(p[2]!);
    if (order <= last) return undefined;
    last = order;
    ms += Number(p[1]) * UNIT_MS[p[2]!]!;
  }
  return ms;
}
