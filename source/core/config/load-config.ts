// Every setting, resolved once at start-up: flag > environment > jamjet.toml > default.
// Paths written in jamjet.toml are relative to the file (as Prometheus resolves rule_files); paths
// given as flags are relative to the working directory, as the shell already means them.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, describeValue, type ConfigWarning } from './config-error.js';
import type { JamjetTomlFile } from './config-schema.js';
import { LOG_LEVELS } from './config-values.js';
import type { parseConfigText as ParseConfigText } from './parse-config-text.js';
import { parseDuration } from './parse-duration.js';
import { parseSize } from './parse-size.js';
import { resolveTelemetry, type OtlpSettings, type TelemetrySettings } from './resolve-telemetry.js';
import { stateStorePath } from './state-store-path.js';
import { isHttpUrl, isSourceUrl, redactCredentials, splitUrlList, SOURCE_URL_EXPECTED } from './source-url.js';

let parseConfigText: typeof ParseConfigText | undefined;

/**
 * Loads the jamjet.toml parser and schema (smol-toml and zod, ~40 ms of start-up). Commands call it only
 * when a config file will be read, so `jamjet inspect` without one starts without them; loadConfig
 * needs it to have run whenever there is a file to read.
 */
export async function loadConfigParser(): Promise<void> {
  parseConfigText ??= (await import('./parse-config-text.js')).parseConfigText;
}

/** Defaults used when neither flag, environment nor file says otherwise. */
export const CONFIG_DEFAULTS = {
  configFile: 'jamjet.toml',
  db: '.jamjet/top.db',
  metricsHost: '127.0.0.1',
  metricsPort: 9090,
  refreshMs: 250,
  logLevel: 'info',
  logFormat: 'text',
  /** top's log file when [top] log_file does not say (not for a demo run, which keeps nothing by default). */
  logFile: '.jamjet/top.log',
} as const;

type LogLevel = (typeof LOG_LEVELS)[number];

/** The settings every command runs with. urls [] means the embedded demo; rules [] means the built-in rules. */
export interface ResolvedConfig {
  urls: string[];
  token?: string;
  db: string;
  /** Where `db` came from. Only the default location falls back to `dbFallback` when it cannot be written. */
  dbOrigin: 'flag' | 'file' | 'default';
  /** The state-directory store (stateStorePath) to use when the default location cannot be written. */
  dbFallback?: string;
  retention: { maxAgeMs?: number; maxSizeBytes?: number };
  rules: string[];
  /** Where alerts go and what they carry: Alertmanager URLs, external labels and URL, the spend budget. */
  alerting: { alertmanagers: string[]; externalLabels: Record<string, string>; externalUrl?: string; budgetUsdPerHour?: number };
  refreshMs: number;
  /** webConfig: the --web-config file (absolute), when the endpoints require auth. */
  metrics: { enabled: boolean; host: string; port: number; webConfig?: string };
  otlp: OtlpSettings;
  telemetry: TelemetrySettings;
  logging: { level: LogLevel; format: 'json' | 'text'; file?: string };
  color: boolean;
  pricing: Record<string, { input_per_mtok: number; output_per_mtok: number }>;
  /** Absolute path of the jamjet.toml that was read, if any. */
  configPath?: string;
}

/** The command-line flags that feed configuration (already split by the CLI parser). */
export interface ConfigFlags {
  config?: string;
  url?: string[];
  token?: string;
  db?: string;
  metricsHost?: string;
  metricsPort?: number;
  webConfig?: string;
  noMetrics?: boolean;
  rules?: string[];
  alertmanagerUrl?: string[];
  logLevel?: string;
  demo?: boolean;
}

/** Everything loadConfig reads; readFile returns undefined when the file does not exist. */
export interface LoadConfigInput {
  flags: ConfigFlags;
  env: Record<string, string | undefined>;
  cwd: string;
  readFile?: (path: string) => string | undefined;
}

/** Resolves flags, environment, jamjet.toml and defaults into one config; throws ConfigError (exit 2). */
export function loadConfig(input: LoadConfigInput): { config: ResolvedConfig; warnings: ConfigWarning[] } {
  const fromFlag = input.flags.token !== undefined && input.flags.token.trim() !== '';
  // Tokens read from a secrets file often end in a newline: trim it, as every HTTP client would have to.
  const token = (nonEmpty(input.flags.token) ?? nonEmpty(input.env.JAMJET_TOKEN))?.trim();
  try {
    // A header value cannot hold control characters; say so now (exit 2), never echoing the value.
    if (token !== undefined && hasControlCharacter(token)) {
      throw new ConfigError(`${fromFlag ? '--token' : 'JAMJET_TOKEN'}: the token holds a control character (a line break or tab inside it?); it cannot be sent as a header`, {
        key: fromFlag ? '--token' : 'JAMJET_TOKEN',
        expected: 'a token without control characters',
      });
    }
    return resolveConfig(input, token);
  } catch (error) {
    // Belt and braces: whatever went wrong, the token must not reach a terminal or a log.
    if (error instanceof ConfigError && token !== undefined) error.message = error.message.split(token).join('***');
    throw error;
  }
}

function resolveConfig(input: LoadConfigInput, token: string | undefined): { config: ResolvedConfig; warnings: ConfigWarning[] } {
  const { flags, env, cwd } = input;
  const readFile = input.readFile ?? readFileIfPresent;
  const file = readConfig(flags.config, cwd, readFile);
  const toml: JamjetTomlFile = file?.toml ?? {};
  const fromFile = (p: string): string => (file === undefined || isAbsolute(p) ? p : resolve(dirname(file.path), p));
  const top = toml.top ?? {};
  const prometheus = toml.telemetry?.prometheus ?? {};

  const metricsPort = flags.metricsPort ?? top.metrics_port ?? prometheus.port ?? CONFIG_DEFAULTS.metricsPort;
  if (flags.metricsPort !== undefined && !(Number.isInteger(flags.metricsPort) && flags.metricsPort >= 0 && flags.metricsPort <= 65535)) {
    throw flagError('--metrics-port', 'an integer 0-65535 (0 = any free port)', flags.metricsPort);
  }
  // An explicit --metrics-host/--metrics-port asks for metrics even if [telemetry.prometheus] says no.
  const metricsAsked = flags.metricsPort !== undefined || flags.metricsHost !== undefined;
  const metricsEnabled = flags.noMetrics === true ? false : metricsAsked || (prometheus.enabled ?? true);

  const config: ResolvedConfig = {
    urls: resolveUrls(flags, env, top.url?.map((u) => (isFilePath(u) ? fromFile(u) : u))),
    db: resolveDb(flags.db, top.db === undefined || top.db === ':memory:' ? top.db : fromFile(top.db)),
    dbOrigin: flags.db !== undefined ? 'flag' : top.db !== undefined ? 'file' : 'default',
    retention: {
      maxAgeMs: top.retention?.max_age === undefined ? undefined : parseDuration(top.retention.max_age),
      maxSizeBytes: top.retention?.max_size === undefined ? undefined : parseSize(top.retention.max_size),
    },
    rules: flags.rules !== undefined && flags.rules.length > 0 ? flags.rules : (top.rules ?? []).map(fromFile),
    alerting: resolveAlerting(flags, top),
    refreshMs: top.refresh === undefined ? CONFIG_DEFAULTS.refreshMs : (parseDuration(top.refresh) ?? CONFIG_DEFAULTS.refreshMs),
    metrics: {
      enabled: metricsEnabled,
      host: nonEmpty(flags.metricsHost) ?? top.metrics_host ?? CONFIG_DEFAULTS.metricsHost,
      port: metricsPort,
      ...webConfigPath(flags.webConfig === undefined ? undefined : resolve(cwd, flags.webConfig), top.web_config === undefined ? undefined : fromFile(top.web_config)),
    },
    ...resolveTelemetry(env, toml.telemetry),
    logging: {
      level: resolveLogLevel(flags.logLevel) ?? toml.logging?.level ?? CONFIG_DEFAULTS.logLevel,
      format: toml.logging?.format ?? CONFIG_DEFAULTS.logFormat,
      file: top.log_file === undefined ? undefined : fromFile(top.log_file),
    },
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    color: nonEmpty(env.NO_COLOR) === undefined,
    pricing: toml.pricing ?? {},
    configPath: file?.path,
  };
  if (token !== undefined) config.token = token;
  const dbFallback = config.dbOrigin === 'default' ? stateStorePath(env) : undefined;
  if (dbFallback !== undefined) config.dbFallback = dbFallback;
  return { config, warnings: file?.warnings ?? [] };
}

function resolveAlerting(flags: ConfigFlags, top: NonNullable<JamjetTomlFile['top']>): ResolvedConfig['alerting'] {
  const flagUrls = (flags.alertmanagerUrl ?? []).filter((u) => u !== '');
  for (const url of flagUrls) if (!isHttpUrl(url)) throw flagError('--alertmanager-url', 'an http:// or https:// Alertmanager URL', redactCredentials(url));
  // Label names are checked by the schema, which can say where in the file a bad one is.
  const externalLabels = top.external_labels ?? {};
  return {
    alertmanagers: flagUrls.length > 0 ? flagUrls : (top.alertmanager ?? []),
    externalLabels,
    ...(top.external_url === undefined ? {} : { externalUrl: top.external_url }),
    ...(top.budget_usd_per_hour === undefined ? {} : { budgetUsdPerHour: top.budget_usd_per_hour }),
  };
}

function readConfig(
  flag: string | undefined,
  cwd: string,
  readFile: (p: string) => string | undefined,
): { path: string; toml: JamjetTomlFile; warnings: ConfigWarning[] } | undefined {
  if (flag !== undefined && flag.trim() === '') throw flagError('--config', 'a file path', flag);
  const shown = flag ?? CONFIG_DEFAULTS.configFile;
  const path = resolve(cwd, shown);
  const text = readFile(path);
  if (text === undefined) {
    if (flag === undefined) return undefined; // no ./jamjet.toml: run on defaults
    throw new ConfigError(`${flag}: config file not found (given with --config)`, { file: flag, key: '--config' });
  }
  if (!parseConfigText) throw new Error(`cannot read ${shown}: the config parser was not loaded (await loadConfigParser() first)`);
  return { path, ...parseConfigText(text, shown) };
}

function resolveUrls(flags: ConfigFlags, env: Record<string, string | undefined>, fromFile: string[] | undefined): string[] {
  const flagUrls = (flags.url ?? []).filter((u) => u !== '');
  if (flags.demo === true) {
    if (flagUrls.length > 0) throw new ConfigError('--demo: cannot be combined with --url (--demo runs the embedded demo runtime)', { key: '--demo' });
    return [];
  }
  if (flagUrls.length > 0) return checkUrls(flagUrls, '--url');
  const envUrls = splitUrlList(env.JAMJET_URL ?? '');
  if (envUrls.length > 0) return checkUrls(envUrls, 'JAMJET_URL');
  return fromFile ?? [];
}

function checkUrls(urls: string[], key: string): string[] {
  const bad = urls.find((u) => !isSourceUrl(u));
  if (bad !== undefined) throw flagError(key, SOURCE_URL_EXPECTED, redactCredentials(bad));
  return urls;
}

function resolveDb(flag: string | undefined, fromFile: string | undefined): string {
  if (flag !== undefined && flag.trim() === '') throw flagError('--db', 'a file path, or ":memory:" to keep nothing', flag);
  return flag ?? fromFile ?? CONFIG_DEFAULTS.db;
}

function resolveLogLevel(flag: string | undefined): LogLevel | undefined {
  if (flag === undefined) return undefined;
  const level = LOG_LEVELS.find((l) => l === flag.toLowerCase());
  if (level === undefined) throw flagError('--log-level', `one of ${LOG_LEVELS.map((l) => `"${l}"`).join(', ')}`, flag);
  return level;
}

/** An error about a flag or environment variable: no file, the key names the flag. */
function flagError(key: string, expected: string, got: unknown): ConfigError {
  return new ConfigError(`${key}: expected ${expected}, got ${describeValue(got)}`, { key, expected });
}

function isFilePath(url: string): boolean {
  return url !== '-' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readFileIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`${path}: cannot read config file (${code ?? String(error)})`, { file: path });
  }
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The web config file of the HTTP endpoints (flag, then [top] web_config), as a field only when there is one. */
function webConfigPath(fromFlag: string | undefined, fromToml: string | undefined): { webConfig?: string } {
  const path = fromFlag ?? fromToml;
  return path === undefined ? {} : { webConfig: path };
}
