import { resolve } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { CONFIG_DEFAULTS, type ResolvedConfig } from '../../core/config/load-config.js';
import type { Logger } from '../../core/telemetry/logger.js';
import { openThreadLogger } from '../../core/telemetry/thread-logger.js';
import { sanitise } from '../../view/format/sanitise.js';
import type { CommandIo } from '../command-types.js';

/** serve writes through pino's own destination on the process's stdout, past Node's stream (never a buffer without a cap). */
const STDOUT_FD = 1;

/** The log thread: pino's formatting and writing run there, off the thread that ingests and draws. */
export const LOG_THREAD_SCRIPT = new URL('./log-thread.js', import.meta.url);

/**
 * serve's logger: transitions and its own messages on stdout, as the JamJet docs put logs, at
 * [logging] level (or --log-level) in [logging] format. A stdout that fails is said once on stderr.
 */
export function serveLogger(config: ResolvedConfig, io: CommandIo, clock: Clock): Logger {
  const { level, format } = config.logging;
  return openThreadLogger({ script: LOG_THREAD_SCRIPT, level, format, clock, destination: { kind: 'fd', fd: STDOUT_FD }, onError: (message) => io.stderr.write(`jamjet serve: ${sanitise(message)}\n`) });
}

/**
 * top's log file, never its screen: [top] log_file, else .jamjet/top.log under the working folder.
 * A demo run writes none unless log_file asks (it keeps no store either). Failures go to `onError`
 * (the status bar), and logging stops.
 */
export function topLogFile(config: ResolvedConfig, cwd: string): string | undefined {
  if (config.logging.file !== undefined) return resolve(cwd, config.logging.file);
  return config.urls.length === 0 ? undefined : resolve(cwd, CONFIG_DEFAULTS.logFile);
}

/** Opens top's logger on {@link topLogFile}, rotated by size; undefined when top writes no log. */
export function topLogger(config: ResolvedConfig, cwd: string, clock: Clock, onError: (message: string) => void): Logger | undefined {
  const path = topLogFile(config, cwd);
  if (path === undefined) return undefined;
  const { level, format } = config.logging;
  return openThreadLogger({ script: LOG_THREAD_SCRIPT, level, format, clock, destination: { kind: 'file', path }, onError });
}
