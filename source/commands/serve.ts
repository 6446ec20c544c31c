import { systemClock } from '../core/clock.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, monitorConfig, withCommandExit } from './wiring/load-command-config.js';
import { openSinks } from './wiring/open-sinks.js';
import { startMonitor } from './wiring/start-monitor.js';
import { CleanupStack } from './wiring/cleanup-stack.js';
import { commandLog, unbuiltFeatureWarnings } from './wiring/command-log.js';

/** `jamjet serve`: headless ingest and /metrics until SIGINT/SIGTERM, then flush and exit 0. */
export async function runServe(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const config = monitorConfig(await loadCommandConfig(args.flags, io), args.flags);
    const log = commandLog('jamjet serve', config.logging.level, io.stderr);
    const clock = systemClock();
    const cleanup = new CleanupStack();
    try {
      const { metrics, bindError, metricsUrl, hooks } = await openSinks(
        config,
        clock,
        cleanup,
        (message) => log.error(`store: ${message}`),
        (notice) => log.warn(notice),
      );
      if (bindError) throw new CommandExit(`jamjet serve: ${bindError.message}`, EXIT_USAGE);
      for (const warning of unbuiltFeatureWarnings(config)) log.warn(warning);
      const monitor = await startMonitor({
        config,
        clock,
        stdin: io.stdin,
        ...hooks,
        onStatus: (status) => {
          hooks.onStatus?.(status);
          const line = `source ${status.url}: ${status.state}${status.message ? `: ${status.message}` : ''}`;
          if (status.state === 'error' || status.state === 'reconnecting') log.warn(line);
          else log.info(line);
        },
      });
      cleanup.push(() => monitor.stop());
      metrics.attach(monitor.model, () => monitor.sources.map((s) => s.status()));
      const where = metricsUrl ? `metrics at ${metricsUrl}` : 'metrics off';
      const from = monitor.demo ? `demo runtime ${monitor.demo.wsUrl}` : [...monitor.sourceKeys.values()].join(', ');
      io.stderr.write(`jamjet serve: reading ${from}; ${where}\n`);
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
