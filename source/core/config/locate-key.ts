// A pragmatic TOML scanner that only remembers where keys are written. smol-toml gives values but not
// positions, and a config error without a line number sends the operator hunting. This is not a
// validator: the text has already been parsed by smol-toml before anyone asks where a key is.

/** Where a key (or a table header) is written: 1-based line and column of the key, and of its value when it has one. */
export interface KeyLocation {
  line: number;
  column: number;
  valueLine?: number;
  valueColumn?: number;
}

/** One key found by scanKeys: its full path (table path + dotted key; array elements by index). */
export interface ScannedKey extends KeyLocation {
  path: string[];
}

const BARE = /[A-Za-z0-9_-]/;

/** Lists every key, table header and array element written in a TOML text, with positions, in text order. */
export function scanKeys(text: string): ScannedKey[] {
  const out: ScannedKey[] = [];
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const where = (index: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - (lineStarts[lo] as number) + 1 };
  };
  const record = (path: string[], keyAt: number, valueAt?: number): void => {
    const key = where(keyAt);
    const entry: ScannedKey = { path, ...key };
    if (valueAt !== undefined) {
      const value = where(valueAt);
      entry.valueLine = value.line;
      entry.valueColumn = value.column;
    }
    out.push(entry);
  };

  let i = 0;
  const n = text.length;
  const skipBlanks = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipLine = (): void => {
    while (i < n && text[i] !== '\n') i++;
  };
  const skipBlanksAndLines = (): void => {
    for (;;) {
      skipBlanks();
      if (text[i] === '#') skipLine();
      else if (text[i] === '\n' || text[i] === '\r') i++;
      else return;
    }
  };
  const readQuoted = (): string => {
    const quote = text[i];
    i++;
    let s = '';
    while (i < n && text[i] !== quote && text[i] !== '\n') {
      if (quote === '"' && text[i] === '\\') {
        const c = text[i + 1] ?? '';
        if (c === 'u' || c === 'U') {
          const len = c === 'u' ? 4 : 8;
          s += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + len), 16) || 0xfffd);
          i += 2 + len;
          continue;
        }
        s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
        i += 2;
        continue;
      }
      s += text[i];
      i++;
    }
    i++; // closing quote
    return s;
  };
  const readKeyPath = (): string[] | undefined => {
    const parts: string[] = [];
    for (;;) {
      skipBlanks();
      const c = text[i];
      if (c === '"' || c === "'") parts.push(readQuoted());
      else {
        const start = i;
        while (i < n && BARE.test(text[i] as string)) i++;
        if (i === start) return undefined;
        parts.push(text.slice(start, i));
      }
      skipBlanks();
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const skipString = (): void => {
    const quote = text[i] as string;
    const triple = text.startsWith(quote.repeat(3), i);
    if (triple) {
      const end = text.indexOf(quote.repeat(3), i + 3);
      i = end < 0 ? n : end + 3;
      while (text[i] === quote) i++; // up to two quotes may sit right before the closing triple
      return;
    }
    i++;
    while (i < n && text[i] !== quote && text[i] !== '\n') i += quote === '"' && text[i] === '\\' ? 2 : 1;
    i++;
  };
  const scanValue = (path: string[]): void => {
    skipBlanks();
    const c = text[i];
    if (c === '"' || c === "'") return skipString();
    if (c === '{') {
      i++;
      for (;;) {
        skipBlanksAndLines();
        if (i >= n) return;
        if (text[i] === '}') return void i++;
        if (text[i] === ',') {
          i++;
          continue;
        }
        const keyAt = i;
        const keys = readKeyPath();
        if (keys === undefined || text[i] !== '=') return skipLine();
        i++;
        skipBlanks();
        record([...path, ...keys], keyAt, i);
        scanValue([...path, ...keys]);
      }
    }
    if (c === '[') {
      i++;
      let index = 0;
      for (;;) {
        skipBlanksAndLines();
        if (i >= n) return;
        if (text[i] === ']') return void i++;
        if (text[i] === ',') {
          i++;
          index++;
          continue;
        }
        const before = i;
        record([...path, String(index)], i, i);
        scanValue([...path, String(index)]);
        if (i === before) return skipLine();
      }
    }
    while (i < n && !',]}\n\r#'.includes(text[i] as string)) i++;
  };

  let table: string[] = [];
  while (i < n) {
    skipBlanksAndLines();
    if (i >= n) break;
    const at = i;
    if (text[i] === '[') {
      i += text[i + 1] === '[' ? 2 : 1;
      const keys = readKeyPath();
      if (keys !== undefined) {
        table = keys;
        record(keys, at);
      }
      skipLine();
      continue;
    }
    const keys = readKeyPath();
    if (keys === undefined || text[i] !== '=') {
      skipLine();
      continue;
    }
    i++;
    skipBlanks();
    record([...table, ...keys], at, i);
    scanValue([...table, ...keys]);
    skipLine();
  }
  return out;
}

/**
 * Finds where a key is written, e.g. ["pricing", "gpt-4o", "input_per_mtok"] or ["top", "url", 1];
 * a table that is only implied by dotted keys is found at its first key.
 */
export function locateKey(tomlText: string, path: readonly (string | number)[]): KeyLocation | undefined {
  const want = path.map(String);
  const keys = scanKeys(tomlText);
  const same = (p: string[]): boolean => p.length === want.length && p.every((s, k) => s === want[k]);
  const under = (p: string[]): boolean => p.length > want.length && want.every((s, k) => s === p[k]);
  const found = keys.find((k) => same(k.path)) ?? keys.find((k) => under(k.path));
  if (found === undefined) return undefined;
  const { path: _path, ...location } = found;
  return location;
}
