import type { ResolvedConfig } from '../../core/config/load-config.js';
import { sanitise } from '../../view/format/sanitise.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** A log level, as `--log-level` and `[logging] level` name them. */
export type LogLevel = keyof typeof LEVELS;

/** A command's own diagnostic lines on stderr, filtered by `--log-level` (default info). */
export interface CommandLog {
  debug(line: string): void;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/**
 * Builds the log of a headless command: `<prefix>: [level] line`, lines below `level` dropped. Lines
 * often carry text from the wire (a server's error message), so control characters are escaped.
 */
export function commandLog(prefix: string, level: LogLevel, out: NodeJS.WritableStream): CommandLog {
  const write = (at: LogLevel) => (line: string): void => {
    if (LEVELS[at] >= LEVELS[level]) out.write(`${prefix}: ${at === 'info' ? '' : `${at}: `}${sanitise(line, 1000)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * Settings a user can write today whose feature a later version brings (JSON logs): said
 * once at start so nothing typed is silently ignored.
 */
export function unbuiltFeatureWarnings(config: ResolvedConfig): string[] {
  const out: string[] = [];
  if (config.logging.format === 'json') out.push('[logging] format = "json": JSON logs are not built yet; logging as text');
  if (config.logging.file) out.push(`[top] log_file: file logging is not built yet; ${config.logging.file} is not written`);
  return out;
}
