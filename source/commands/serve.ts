import { systemClock } from '../core/clock.js';
import type { CommandArgs, CommandIo } from './command-specs.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, withCommandExit } from './wiring/load-command-config.js';
import { priceTable } from '../core/model/price-table.js';
import { openStore } from './wiring/open-store.js';
import { createMetrics } from './wiring/start-metrics.js';
import { startMonitor } from './wiring/start-monitor.js';

/** `jamjet serve`: headless ingest and /metrics until SIGINT/SIGTERM, then flush and exit 0. */
export async function runServe(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const config = loadCommandConfig(args.flags, io);
    const clock = systemClock();
    const metrics = createMetrics(config, clock);
    const bound = await metrics.listen();
    if (bound.error) throw new CommandExit(`jamjet serve: ${bound.error.message}`, EXIT_USAGE);
    const store = openStore(config, clock, priceTable(config.pricing), (message) => io.stderr.write(`jamjet serve: store: ${message}\n`));
    const monitor = await startMonitor({
      config,
      clock,
      stdin: io.stdin,
      store,
      effectSinks: [metrics.prom, metrics.windows],
      onBatch: (batch) => metrics.prom.observeBatch(batch),
      onStatus: (status) => metrics.prom.observeSourceStatus(status),
      onTick: () => metrics.observeStore(store?.sink.stats()),
    });
    metrics.attach(monitor.model, () => monitor.sources.map((s) => s.status()));
    const where = bound.server ? `metrics at ${bound.server.url}/metrics` : 'metrics off';
    const from = monitor.demo ? `demo runtime ${monitor.demo.wsUrl}` : [...monitor.sourceKeys.values()].join(', ');
    io.stderr.write(`jamjet serve: reading ${from}; ${where}\n`);
    await new Promise<void>((resolve) => {
      const done = (): void => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await monitor.stop();
    await metrics.close();
    io.stderr.write('jamjet serve: stopped\n');
    return 0;
  });
}
