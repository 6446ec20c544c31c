// The two ways configuration talks back: a warning that lets the run go on, and an error that stops it
// with exit code 2. Both carry the file and line so a message can be pasted into an editor's "go to".

/** Exit code for a usage or configuration error (see the contract). */
export const CONFIG_ERROR_EXIT_CODE = 2;

/** A problem that does not stop the run (an unknown key); message is the full text, "jamjet.toml:12: …". */
export interface ConfigWarning {
  file: string;
  line?: number;
  key: string;
  message: string;
}

/** Where and what went wrong, for ConfigError. */
export interface ConfigErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  key?: string;
  expected?: string;
}

/** A wrong type, bad value, missing file or bad flag; message is already formatted as "jamjet.toml:12:8: [section] key: expected …, got …". */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = CONFIG_ERROR_EXIT_CODE;
  file?: string;
  line?: number;
  column?: number;
  key?: string;
  expected?: string;

  constructor(message: string, details: ConfigErrorDetails = {}) {
    super(message);
    Object.assign(this, details);
  }
}

/** Formats "file:line:col: " (each part only when known) as editors and compilers print it. */
export function formatPlace(file: string | undefined, line?: number, column?: number): string {
  if (file === undefined) return '';
  if (line === undefined) return `${file}: `;
  return column === undefined ? `${file}:${line}: ` : `${file}:${line}:${column}: `;
}

/** Describes a value for "got …": strings quoted (and shortened), tables and arrays by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(short);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date || (typeof value === 'object' && value !== null && 'toISOString' in value)) return 'a date';
  return 'a table';
}

/** Renders a key path the way it is written in the file: [pricing."gpt-4o"] input_per_mtok, [top] url[1]. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  const quote = (s: string): string => (/^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s));
  let end = path.length;
  const indexes: string[] = [];
  while (end > 0 && typeof path[end - 1] === 'number') indexes.unshift(`[${String(path[--end])}]`);
  const names = path.slice(0, end).map((p) => quote(String(p)));
  const key = (names.pop() ?? '') + indexes.join('');
  return names.length === 0 ? key : `[${names.join('.')}] ${key}`;
}
