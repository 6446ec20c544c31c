import { ConfigError } from '../../core/config/config-error.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_DEFAULTS, loadConfig, loadConfigParser, type ConfigFlags, type ResolvedConfig } from '../../core/config/load-config.js';
import type { CommandIo } from '../command-types.js';

/** Exit code for usage and configuration errors (contract). */
export const EXIT_USAGE = 2;

/** Thrown to end a command with a message and an exit code (never a stack trace). */
export class CommandExit extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).map(String);
  return list.length > 0 ? list : undefined;
}

/** Checks a number flag meow parsed: NaN or out of range is a usage error naming the flag. */
export function numberFlag(flags: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new CommandExit(`jamjet: ${flag} expects a number from ${min} to ${max}, got ${JSON.stringify(String(value))}`, EXIT_USAGE);
  }
  return value;
}

/** Reads flags, environment and jamjet.toml into one resolved config; prints warnings; throws CommandExit on errors. */
export async function loadCommandConfig(flags: Record<string, unknown>, io: CommandIo): Promise<ResolvedConfig> {
  const configFlags: ConfigFlags = {
    config: flags.config as string | undefined,
    url: stringList(flags.url),
    token: flags.token as string | undefined,
    db: flags.db as string | undefined,
    metricsHost: flags.metricsHost as string | undefined,
    metricsPort: numberFlag(flags, 'metricsPort', 0, 65535),
    webConfig: flags.webConfig as string | undefined,
    noMetrics: flags.metrics === false ? true : undefined,
    logLevel: flags.logLevel as string | undefined,
    rules: stringList(flags.rules),
    alertmanagerUrl: stringList(flags.alertmanagerUrl),
    demo: flags.demo === true ? true : undefined,
  };
  // The TOML parser and schema are loaded only when there is a file to read: start-up stays quick without one.
  if (configFlags.config !== undefined || existsSync(resolve(io.cwd, CONFIG_DEFAULTS.configFile))) await loadConfigParser();
  try {
    const { config, warnings } = loadConfig({ flags: configFlags, env: io.env, cwd: io.cwd });
    for (const w of warnings) io.stderr.write(`jamjet: warning: ${w.message}\n`);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandExit(`jamjet: ${error.message}`, EXIT_USAGE);
    throw error;
  }
}

/**
 * The store `top` and `serve` write to. The embedded demo runtime is a new runtime on every run, so its
 * executions left running at exit would never end: unless `--db` was given on the command line, a demo
 * run keeps nothing (`:memory:`), whatever `[top] db` says (that file is for a real runtime's history).
 */
export function monitorConfig(config: ResolvedConfig, flags: Record<string, unknown>): ResolvedConfig {
  const demo = config.urls.length === 0;
  return demo && flags.db === undefined ? { ...config, db: ':memory:' } : config;
}

/** Runs a command body, turning CommandExit into its message and code. */
export async function withCommandExit(io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CommandExit) {
      io.stderr.write(`${error.message}\n`);
      return error.code;
    }
    io.stderr.write(`jamjet: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
