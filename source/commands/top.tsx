import { render } from 'ink';
import { systemClock } from '../core/clock.js';
import { App } from '../view/app.js';
import type { CommandArgs, CommandIo } from './command-specs.js';
import { loadCommandConfig, numberFlag, withCommandExit } from './wiring/load-command-config.js';
import { priceTable } from '../core/model/price-table.js';
import { openStore } from './wiring/open-store.js';
import { createMetrics } from './wiring/start-metrics.js';
import { startMonitor } from './wiring/start-monitor.js';

/** `jamjet top`: the live dashboard, serving /metrics while it runs. */
export async function runTop(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const config = loadCommandConfig(args.flags, io);
    const speed = numberFlag(args.flags, 'speed', 0, 1e6);
    const clock = systemClock();
    const metrics = createMetrics(config, clock);
    const bound = await metrics.listen();
    // A busy port is a notice on the status bar, not a crash: the dashboard is still useful.
    const notices = bound.error ? [`metrics: ${bound.error.message}`] : [];
    const store = openStore(config, clock, priceTable(config.pricing), (message) => {
      if (notices.length < 5) notices.push(`store: ${message}`);
    });
    let quit: () => void = () => undefined;
    const monitor = await startMonitor({
      config,
      clock,
      stdin: io.stdin,
      speed,
      store,
      effectSinks: [metrics.prom, metrics.windows],
      onBatch: (batch) => metrics.prom.observeBatch(batch),
      onStatus: (status) => metrics.prom.observeSourceStatus(status),
      onTick: () => metrics.observeStore(store?.sink.stats()),
      extras: (now) => ({ windows: metrics.windows.snapshot(now), notices: [...notices] }),
      onQuit: () => quit(),
    });
    metrics.attach(monitor.model, () => monitor.sources.map((s) => s.status()));
    const app = render(<App store={monitor.publisher} color={config.color} onQuit={() => quit()} />, {
      stdout: io.stdout,
      stdin: io.stdin,
      exitOnCtrlC: true,
      patchConsole: true,
    });
    quit = () => app.unmount();
    const stopOnSignal = (): void => app.unmount();
    process.once('SIGTERM', stopOnSignal);
    await app.waitUntilExit();
    process.off('SIGTERM', stopOnSignal);
    await monitor.stop();
    await metrics.close();
    return 0;
  });
}
