import type { AlertEngine } from '../../core/alerts/alert-engine.js';
import type { AlertsApiSource } from '../../core/alerts/alerts-api.js';
import { formatRuleErrors, loadConfiguredRules, type LoadedRules } from '../../core/alerts/configured-rules.js';
import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import type { CommandIo } from '../command-types.js';
import { CommandExit, EXIT_USAGE } from './load-command-config.js';

/** Loads `--rules` / `[top] rules` (else the built-in rules); any error ends the command with exit 2 and file:line:col. */
export async function loadCommandRules(config: ResolvedConfig, io: CommandIo): Promise<LoadedRules> {
  const loaded = await loadConfiguredRules(config.rules, io.cwd, config.alerting.budgetUsdPerHour);
  if (loaded.errors.length > 0) throw new CommandExit(`jamjet: the rule files do not load:\n${formatRuleErrors(loaded.errors)}`, EXIT_USAGE);
  return loaded;
}

/**
 * The alert engine as the HTTP API sees it, and the one reload both `POST /-/reload` and SIGHUP use:
 * the files are read and checked again; on any error the running rules stay and the error is returned.
 */
export function alertsApiSource(engine: AlertEngine, config: ResolvedConfig, io: CommandIo, clock: Clock): AlertsApiSource {
  let reloading: Promise<string | undefined> | undefined;
  const reloadNow = async (): Promise<string | undefined> => {
    const loaded = await loadConfiguredRules(config.rules, io.cwd, config.alerting.budgetUsdPerHour);
    if (loaded.errors.length > 0) return formatRuleErrors(loaded.errors);
    try {
      engine.load(loaded.groups);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  return {
    groups: () => engine.groups(),
    query: (text, t) => engine.query(text, t),
    now: () => clock.now(),
    // Two reloads at once (a SIGHUP during a POST) share one read of the files.
    reload: () => (reloading ??= reloadNow().finally(() => (reloading = undefined))),
  };
}

/** Reloads on SIGHUP, as Prometheus does, reporting each outcome; returns the function that stops listening. */
export function reloadOnSighup(api: AlertsApiSource, report: (error: string | undefined) => void): () => void {
  const onHup = (): void => {
    void api.reload().then(report, (error: unknown) => report(error instanceof Error ? error.message : String(error)));
  };
  process.on('SIGHUP', onHup);
  return () => process.off('SIGHUP', onHup);
}
