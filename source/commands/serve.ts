import { systemClock, type Clock } from '../core/clock.js';
import type { ResolvedConfig } from '../core/config/load-config.js';
import { openSpanExport, spanExportNotice, spanExportPlan, type SpanExport } from '../core/telemetry/span-export.js';
import { createMonitor, MonitorSetupError } from '../core/monitor/monitor.js';
import { LogSink } from '../core/telemetry/log-sink.js';
import type { Logger } from '../core/telemetry/logger.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { CleanupStack } from './wiring/cleanup-stack.js';
import { alertsApiSource, loadCommandRules, reloadOnSighup } from './wiring/command-rules.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, monitorConfig, withCommandExit } from './wiring/load-command-config.js';
import { serveLogger } from './wiring/open-logger.js';
import { StandardSinks } from './wiring/open-sinks.js';
import { loadWebAuth, serveMetrics } from './wiring/serve-metrics.js';

/** Says where spans go (or why not, when an endpoint was given), and each time the export starts or stops failing. */
function logSpanExport(log: Logger, config: ResolvedConfig, spanExport: SpanExport | undefined, clock: Clock): () => void {
  const plan = spanExportPlan(config);
  if (!spanExport) {
    if (!plan.on && config.otlp.endpoint !== undefined) log.log('info', 'otlp_export_off', `OTLP export off: ${plan.reason}`);
    return () => undefined;
  }
  log.log('info', 'otlp_export_on', `OTLP export to ${spanExport.target}`);
  let said: string | undefined;
  const timer = clock.setInterval(() => {
    const notice = spanExportNotice(spanExport.target, spanExport.sink.stats());
    if (notice === said) return;
    if (notice !== undefined) log.log('warn', 'otlp_export_failing', notice);
    else if (said !== undefined) log.log('info', 'otlp_export_recovered', `OTLP export to ${spanExport.target} recovered`);
    said = notice;
  }, SPAN_EXPORT_LOG_MS);
  return () => clock.clear(timer);
}

/** How often serve looks at the span export's state to log a change. */
const SPAN_EXPORT_LOG_MS = 1_000;

/** `jamjet serve`: headless ingest and /metrics until SIGINT/SIGTERM, then flush and exit 0. */
export async function runServe(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const config = monitorConfig(await loadCommandConfig(args.flags, io), args.flags);
    const auth = loadWebAuth(config, io.cwd);
    const rules = await loadCommandRules(config, io);
    const clock = systemClock();
    const cleanup = new CleanupStack();
    // Everything serve says once running goes through one logger on stdout, closed last of all.
    const log = serveLogger(config, io, clock);
    cleanup.push(async () => {
      log.log('info', 'serve_stopped', 'stopped');
      await log.close();
    });
    try {
      const spanExport = await openSpanExport(config, clock);
      const sinks = StandardSinks.open(config, clock, cleanup, (message) => log.log('error', 'store_error', `store: ${message}`), (notice) => log.log('warn', 'store_location', notice)).withAlerts(
        config,
        rules,
        (rule, message) => log.log('warn', 'rule_error', `rule ${rule}: ${message}`, { rule }),
      ).withSpanExport(spanExport);
      const monitor = await createMonitor({
        config,
        clock,
        stdin: io.stdin,
        restored: sinks.restored,
        sinks: (parts) => [...sinks.build(parts), new LogSink(log)],
        onTaskError: (task, error) => log.log('error', 'task_error', `${task}: ${error instanceof Error ? error.message : String(error)}`, { task }),
      }).catch((error: unknown) => {
        throw error instanceof MonitorSetupError ? new CommandExit(`jamjet: --url: ${error.message}`, EXIT_USAGE) : error;
      });
      cleanup.push(() => monitor.stop());
      const alertsApi = alertsApiSource(sinks.alerts!, config, io, clock);
      cleanup.push(
        reloadOnSighup(alertsApi, (error) =>
          error === undefined
            ? log.log('info', 'rules_reloaded', 'rules reloaded')
            : log.log('error', 'rules_reload_failed', `rules not reloaded (the old ones keep running): ${error.split('\n').join('; ')}`),
        ),
      );
      const served = await serveMetrics(config, sinks.metrics, monitor.sourceStatuses, alertsApi, spanExport, auth);
      if (served.error) throw new CommandExit(`jamjet serve: ${served.error.message}`, EXIT_USAGE);
      if (served.warning) log.log('warn', 'metrics_exposed', served.warning);
      if (served.server) {
        cleanup.push(() => served.server!.close());
        sinks.servedAt(served.server.url);
      }
      cleanup.push(logSpanExport(log, config, spanExport, clock));
      monitor.start();
      const where = served.server ? `metrics at ${served.server.url}/metrics` : 'metrics off';
      const from = monitor.demoRuntime ? `demo runtime ${monitor.demoRuntime.wsUrl}` : [...monitor.sourceKeys.values()].join(', ');
      const ruleCount = rules.groups.reduce((n, g) => n + g.rules.length, 0);
      log.log('info', 'serve_started', `reading ${from}; ${where}; ${ruleCount} rules from ${rules.files.join(', ')}`);
      await new Promise<void>((resolve) => {
        const done = (): void => resolve();
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      log.log('info', 'serve_stopping', 'stopping: flushing the store');
    } finally {
      await cleanup.run();
    }
    return 0;
  });
}
