import { systemClock, type Clock } from '../core/clock.js';
import type { ResolvedConfig } from '../core/config/load-config.js';
import { openSpanExport, spanExportNotice, spanExportPlan, type SpanExport } from '../core/telemetry/span-export.js';
import { createMonitor, MonitorSetupError } from '../core/monitor/monitor.js';
import type { MonitorSink } from '../core/monitor/monitor-sink.js';
import type { SourceStatus } from '../core/sources/event-source.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { CleanupStack } from './wiring/cleanup-stack.js';
import { alertsApiSource, loadCommandRules, reloadOnSighup } from './wiring/command-rules.js';
import { commandLog, unbuiltFeatureWarnings, type CommandLog } from './wiring/command-log.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, monitorConfig, withCommandExit } from './wiring/load-command-config.js';
import { StandardSinks } from './wiring/open-sinks.js';
import { serveMetrics } from './wiring/serve-metrics.js';

/** serve's own lines about its sources, as a sink: a source that drops or errs is a warning. */
function sourceLog(log: CommandLog): MonitorSink {
  return {
    name: 'source-log',
    status(status: SourceStatus) {
      const line = `source ${status.url}: ${status.state}${status.message ? `: ${status.message}` : ''}`;
      if (status.state === 'error' || status.state === 'reconnecting') log.warn(line);
      else log.info(line);
    },
    close: () => Promise.resolve(),
  };
}

/** Says where spans go (or why not, when an endpoint was given), and each time the export starts or stops failing. */
function logSpanExport(log: CommandLog, config: ResolvedConfig, spanExport: SpanExport | undefined, clock: Clock): () => void {
  const plan = spanExportPlan(config);
  if (!spanExport) {
    if (!plan.on && config.otlp.endpoint !== undefined) log.info(`OTLP export off: ${plan.reason}`);
    return () => undefined;
  }
  log.info(`OTLP export to ${spanExport.target}`);
  let said: string | undefined;
  const timer = clock.setInterval(() => {
    const notice = spanExportNotice(spanExport.target, spanExport.sink.stats());
    if (notice === said) return;
    if (notice !== undefined) log.warn(notice);
    else if (said !== undefined) log.info(`OTLP export to ${spanExport.target} recovered`);
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
    const log = commandLog('jamjet serve', config.logging.level, io.stderr);
    const rules = await loadCommandRules(config, io);
    const clock = systemClock();
    const cleanup = new CleanupStack();
    try {
      const spanExport = await openSpanExport(config, clock);
      const sinks = StandardSinks.open(config, clock, cleanup, (message) => log.error(`store: ${message}`), (notice) => log.warn(notice)).withAlerts(
        config,
        rules,
        (rule, message) => log.warn(`rule ${rule}: ${message}`),
      ).withSpanExport(spanExport);
      const monitor = await createMonitor({
        config,
        clock,
        stdin: io.stdin,
        restored: sinks.restored,
        sinks: (parts) => [...sinks.build(parts), sourceLog(log)],
        onTaskError: (task, error) => log.error(`${task}: ${error instanceof Error ? error.message : String(error)}`),
      }).catch((error: unknown) => {
        throw error instanceof MonitorSetupError ? new CommandExit(`jamjet: --url: ${error.message}`, EXIT_USAGE) : error;
      });
      cleanup.push(() => monitor.stop());
      const alertsApi = alertsApiSource(sinks.alerts!, config, io, clock);
      cleanup.push(reloadOnSighup(alertsApi, (error) => (error === undefined ? log.info('rules reloaded') : log.error(`rules not reloaded (the old ones keep running): ${error.split('\n').join('; ')}`))));
      const served = await serveMetrics(config, sinks.metrics, monitor.sourceStatuses, alertsApi, spanExport);
      if (served.error) throw new CommandExit(`jamjet serve: ${served.error.message}`, EXIT_USAGE);
      if (served.server) {
        cleanup.push(() => served.server!.close());
        sinks.servedAt(served.server.url);
      }
      for (const warning of unbuiltFeatureWarnings(config)) log.warn(warning);
      cleanup.push(logSpanExport(log, config, spanExport, clock));
      monitor.start();
      const where = served.server ? `metrics at ${served.server.url}/metrics` : 'metrics off';
      const from = monitor.demoRuntime ? `demo runtime ${monitor.demoRuntime.wsUrl}` : [...monitor.sourceKeys.values()].join(', ');
      const ruleCount = rules.groups.reduce((n, g) => n + g.rules.length, 0);
      io.stderr.write(`jamjet serve: reading ${from}; ${where}; ${ruleCount} rules from ${rules.files.join(', ')}\n`);
      await new Promise<void>((resolve) => {
        const done = (): void => resolve();
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      log.info('stopping: flushing the store');
    } finally {
      await cleanup.run();
    }
    io.stderr.write('jamjet serve: stopped\n');
    return 0;
  });
}
