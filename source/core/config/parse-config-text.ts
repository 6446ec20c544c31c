// jamjet.toml text → validated settings, or a ConfigError pointing at the line and column to fix.
// Pure: the caller reads the file, so tests feed text directly.
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError, describeValue, formatKeyPath, formatPlace, type ConfigWarning } from './config-error.js';
import { findUnknownKeys, jamjetTomlSchema, type JamjetTomlFile } from './config-schema.js';
import { locateKey, type KeyLocation } from './locate-key.js';
import { unterminatedStringAt } from './unterminated-string.js';

/** At most this many problems are listed in one ConfigError message; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 10;

/** Parses and validates jamjet.toml text; file is the name used in messages. Throws ConfigError. */
export function parseConfigText(text: string, file: string): { toml: JamjetTomlFile; warnings: ConfigWarning[] } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let raw: Record<string, unknown>;
  try {
    raw = parse(source);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new ConfigError(`${formatPlace(file, error.line, error.column)}TOML syntax error: ${describeSyntaxError(error, source)}`, {
      file,
      line: error.line,
      column: error.column,
    });
  }

  const result = jamjetTomlSchema.safeParse(raw);
  if (!result.success) throw toConfigError(result.error.issues, raw, source, file);

  const warnings = findUnknownKeys(raw).map((path): ConfigWarning => {
    const line = locateNearest(source, path)?.line;
    const key = formatKeyPath(path);
    const hint =
      path.length === 2 && path[0] === 'top' && path[1] === 'token'
        ? 'tokens are read only from --token or JAMJET_TOKEN, never from a file'
        : 'ignored';
    return { file, line, key: path.join('.'), message: `${formatPlace(file, line)}unknown key ${key} (${hint})` };
  });
  return { toml: result.data, warnings };
}

/** smol-toml's message is "Invalid TOML document: <what>" followed by a code excerpt; <what>, said plainly. */
function describeSyntaxError(error: TomlError, source: string): string {
  const what = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
  // A quote left open at the end of its line reads as a "control character" (the line break): say what it is.
  if (/control character/.test(what)) {
    const opened = unterminatedStringAt(source, error.line, error.column);
    if (opened !== undefined) return `unterminated string (the quote at column ${opened} is never closed on its line)`;
  }
  // The same mistake on the file's last line, or in a multi-line string.
  return what === 'unfinished string' ? 'unterminated string' : what;
}

function toConfigError(issues: readonly z.core.$ZodIssue[], raw: unknown, source: string, file: string): ConfigError {
  const problems = issues.map((issue) => {
    const path = unwrapSingle(raw, issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
    // A bad key of a table (an external label's name): the key is what is wrong, so say and point at it.
    const badKey = issue.code === 'invalid_key';
    const expected = badKey ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    const value = badKey ? path[path.length - 1] : valueAt(raw, path);
    const at = locateNearest(source, path);
    // Point at the value when it is written, else at the key, else at the table that should hold it.
    const line = badKey ? at?.line : at?.valueLine ?? at?.line;
    const column = badKey ? at?.column : at?.valueColumn ?? at?.column;
    const got = value === undefined ? 'missing, expected' : 'expected';
    // OTLP headers carry credentials: say where the problem is, never what was written there.
    const secret = path[0] === 'telemetry' && path[1] === 'otlp' && path[2] === 'headers';
    const tail = value === undefined || secret ? '' : `, got ${describeValue(value)}`;
    const message = `${formatPlace(file, line, column)}${formatKeyPath(path)}: ${got} ${expected}${tail}`;
    return { path, line, column, expected, message };
  });
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  const first = problems[0];
  const listed = problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => p.message);
  if (problems.length > MAX_REPORTED_PROBLEMS) listed.push(`(and ${problems.length - MAX_REPORTED_PROBLEMS} more problems)`);
  return new ConfigError(listed.join('\n'), {
    file,
    line: first?.line,
    column: first?.column,
    key: first?.path.join('.'),
    expected: first?.expected,
  });
}

function locateNearest(source: string, path: readonly (string | number)[]): KeyLocation | undefined {
  for (let end = path.length; end > 0; end--) {
    const at = locateKey(source, path.slice(0, end));
    if (at === undefined) continue;
    // A parent's position is a key, not the missing value: drop the value column so we point at the key.
    return end === path.length ? at : { line: at.line, column: at.column };
  }
  return undefined;
}

/** `url = "x"` is checked as ["x"]; point its errors at the string itself, not at element 0. */
function unwrapSingle(raw: unknown, path: (string | number)[]): (string | number)[] {
  const last = path.length - 1;
  return path[last] === 0 && typeof valueAt(raw, path.slice(0, last)) === 'string' ? path.slice(0, last) : path;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
