// Splits a Go text/template into text and actions, and an action into tokens, as text/template's lexer
// does for the subset alert templates use: `{{- -}}` trimming, comments, strings (quoted, raw, char),
// numbers, fields, variables, identifiers, `|`, `(`, `)`, `:=`, `=`.
import type { GoValue } from './go-value.js';

/** A template syntax error, with the offset in the template where it was found. */
export class TemplateParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

export type Token =
  | { readonly type: 'literal'; readonly value: GoValue; readonly offset: number; readonly spaceBefore: boolean }
  | { readonly type: 'field' | 'variable' | 'identifier'; readonly name: string; readonly offset: number; readonly spaceBefore: boolean }
  | { readonly type: 'dot' | '|' | '(' | ')' | ':=' | '=' | ','; readonly offset: number; readonly spaceBefore: boolean };

/** A piece of the template: literal text, or one `{{ … }}` action's tokens. */
export type TemplateItem = { readonly type: 'text'; readonly text: string } | { readonly type: 'action'; readonly tokens: readonly Token[]; readonly offset: number };

const SPACE = /[ \t\r\n]/;
const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const WORD = /[A-Za-z0-9_]/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function unescape(body: string, offset: number): string {
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.))/g, (_m, x?: string, u?: string, bigU?: string, oct?: string, ch?: string) => {
    const hex = x ?? u ?? bigU;
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    if (oct !== undefined) return String.fromCodePoint(parseInt(oct, 8));
    const named = ESCAPES[ch!];
    if (named === undefined) throw new TemplateParseError(`unknown escape sequence \\${ch}`, offset);
    return named;
  });
}

/** Reads one quoted literal starting at `at`; returns its value and the offset past it. */
function quoted(source: string, at: number): { value: GoValue; end: number } {
  const quote = source[at]!;
  if (quote === '`') {
    const end = source.indexOf('`', at + 1);
    if (end < 0) throw new TemplateParseError('unterminated raw quoted string', at);
    return { value: source.slice(at + 1, end), end: end + 1 };
  }
  let i = at + 1;
  while (i < source.length && source[i] !== quote && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
  if (source[i] !== quote) throw new TemplateParseError(quote === '"' ? 'unterminated quoted string' : 'unterminated character constant', at);
  const text = unescape(source.slice(at + 1, i), at);
  if (quote === '"') return { value: text, end: i + 1 };
  if ([...text].length !== 1) throw new TemplateParseError(`malformed character constant: ${source.slice(at, i + 1)}`, at);
  return { value: BigInt(text.codePointAt(0)!), end: i + 1 };
}

function number(source: string, at: number): { value: GoValue; end: number } | undefined {
  NUMBER.lastIndex = at;
  const m = NUMBER.exec(source);
  if (!m) return undefined;
  const text = m[0];
  if (WORD.test(source[at + text.length] ?? '')) throw new TemplateParseError(`bad number syntax: ${JSON.stringify(source.slice(at, at + text.length + 1))}`, at);
  const isInt = /^[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(text);
  const value = isInt ? (text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text.replace(/^\+/, ''))) : Number(text);
  return { value, end: at + text.length };
}

/** Lexes one action body from `at` (just past `{{` and any trim marker) to its closing delimiter. */
function lexAction(source: string, at: number): { tokens: Token[]; end: number; trimAfter: boolean } {
  const tokens: Token[] = [];
  let i = at;
  let spaceBefore = true;
  for (;;) {
    if (i >= source.length) throw new TemplateParseError('unclosed action', at);
    const c = source[i]!;
    if (source.startsWith('}}', i)) return { tokens, end: i + 2, trimAfter: false };
    if (SPACE.test(c)) {
      let j = i;
      while (j < source.length && SPACE.test(source[j]!)) j++;
      if (source.startsWith('-}}', j)) return { tokens, end: j + 3, trimAfter: true };
      i = j;
      spaceBefore = true;
      continue;
    }
    const push = (t: Token, end: number): void => {
      tokens.push(t);
      i = end;
      spaceBefore = false;
    };
    if (c === '"' || c === '`' || c === "'") {
      const q = quoted(source, i);
      push({ type: 'literal', value: q.value, offset: i, spaceBefore }, q.end);
    } else if (/[0-9+-]/.test(c) || (c === '.' && /\d/.test(source[i + 1] ?? ''))) {
      const n = number(source, i);
      if (!n) throw new TemplateParseError(`bad number syntax: ${JSON.stringify(c)}`, i);
      push({ type: 'literal', value: n.value, offset: i, spaceBefore }, n.end);
    } else if (c === '.' || c === '$') {
      let j = i + 1;
      while (j < source.length && WORD.test(source[j]!)) j++;
      const name = source.slice(i + 1, j);
      if (c === '$') push({ type: 'variable', name: `$${name}`, offset: i, spaceBefore }, j);
      else push(name === '' ? { type: 'dot', offset: i, spaceBefore } : { type: 'field', name, offset: i, spaceBefore }, j);
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && WORD.test(source[j]!)) j++;
      const name = source.slice(i, j);
      if (name === 'true' || name === 'false') push({ type: 'literal', value: name === 'true', offset: i, spaceBefore }, j);
      else if (name === 'nil') push({ type: 'literal', value: null, offset: i, spaceBefore }, j);
      else push({ type: 'identifier', name, offset: i, spaceBefore }, j);
    } else if (source.startsWith(':=', i)) {
      push({ type: ':=', offset: i, spaceBefore }, i + 2);
    } else if ('|()=,'.includes(c)) {
      push({ type: c as '|' | '(' | ')' | '=' | ',', offset: i, spaceBefore }, i + 1);
    } else {
      throw new TemplateParseError(`unrecognized character in action: ${JSON.stringify(c)}`, i);
    }
  }
}

/** Splits the template into text and actions, applying `{{-` / `-}}` trimming and dropping comments. */
export function lexTemplate(source: string): TemplateItem[] {
  const items: TemplateItem[] = [];
  let pos = 0;
  let trimNext = false;
  for (;;) {
    const open = source.indexOf('{{', pos);
    let text = source.slice(pos, open < 0 ? source.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open < 0) {
      if (text !== '') items.push({ type: 'text', text });
      return items;
    }
    const trimBefore = source[open + 2] === '-' && SPACE.test(source[open + 3] ?? '');
    if (trimBefore) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') items.push({ type: 'text', text });
    const body = open + (trimBefore ? 4 : 2);
    if (source.startsWith('/*', body)) {
      const close = source.indexOf('*/', body + 2);
      if (close < 0) throw new TemplateParseError('unclosed comment', open);
      const after = /^(?:}}|[ \t\r\n]+-}})/.exec(source.slice(close + 2));
      if (!after) throw new TemplateParseError('comment ends before closing delimiter', close);
      trimNext = after[0] !== '}}';
      pos = close + 2 + after[0].length;
      continue;
    }
    const action = lexAction(source, body);
    items.push({ type: 'action', tokens: action.tokens, offset: open });
    trimNext = action.trimAfter;
    pos = action.end;
  }
}
