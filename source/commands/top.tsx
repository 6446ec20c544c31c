import { render } from 'ink';
import { StreamClock, systemClock } from '../core/clock.js';
import { isReplayFile } from '../core/sources/create-sources.js';
import { createDetailSources } from '../core/detail/detail-sources.js';
import { createMonitor, MonitorSetupError } from '../core/monitor/monitor.js';
import { queueData } from '../core/snapshot/queue-data.js';
import { spendData } from '../core/snapshot/spend-data.js';
import { LogSink } from '../core/telemetry/log-sink.js';
import { openSpanExport, spanExportNotice, type SpanExport } from '../core/telemetry/span-export.js';
import { App } from '../view/app.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { CleanupStack } from './wiring/cleanup-stack.js';
import { alertsApiSource, loadCommandRules } from './wiring/command-rules.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, monitorConfig, numberFlag, withCommandExit } from './wiring/load-command-config.js';
import { topLogger } from './wiring/open-logger.js';
import { StandardSinks } from './wiring/open-sinks.js';
import { loadWebAuth, serveMetrics } from './wiring/serve-metrics.js';
import { terminalInput } from './wiring/terminal-input.js';
import { copySequence, takeTerminal } from './wiring/terminal-screen.js';
import { runTopBatch } from './top-batch.js';

/** Signals that end the dashboard cleanly (Ctrl-C arrives as a key in raw mode; SIGHUP is the terminal closing). */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Notices kept for the status bar (store errors can repeat). */
const MAX_NOTICES = 5;

/** The status bar's notices, with the span export's first when it is failing or dropping (the same array otherwise). */
function withSpanExportNotice(notices: readonly string[], spanExport: SpanExport | undefined): readonly string[] {
  const notice = spanExport && spanExportNotice(spanExport.target, spanExport.sink.stats());
  return notice === undefined ? notices : [notice, ...notices];
}

/** `jamjet top`: the live dashboard, serving /metrics while it runs; plain batch output when piped. */
export async function runTop(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const config = monitorConfig(await loadCommandConfig(args.flags, io), args.flags);
    const speed = numberFlag(args.flags, 'speed', 0, 1e6);
    const auth = loadWebAuth(config, io.cwd);
    const rules = await loadCommandRules(config, io);
    // A replay reads in the stream's own time: its windows and rates are those of when the events happened.
    const replay = config.urls.length > 0 && config.urls.every(isReplayFile);
    const wall = systemClock();
    const clock = replay ? new StreamClock(wall) : wall;
    const cleanup = new CleanupStack();
    try {
      const notices: string[] = [];
      const notice = (line: string): void => {
        if (notices.length < MAX_NOTICES) notices.push(line);
      };
      // Logs go to a file, never to the screen (stdout is Ink's); the logger is closed last of all.
      const logger = topLogger(config, io.cwd, wall, (message) => notice(message));
      if (logger) cleanup.push(() => logger.close());
      const spanExport = await openSpanExport(config, wall);
      const sinks = StandardSinks.open(
        config,
        clock,
        cleanup,
        (message) => {
          notice(`store: ${message}`);
          logger?.log('error', 'store_error', `store: ${message}`);
        },
        // Where the store went instead of an unwritable default: said first, it explains what is kept.
        (line) => {
          notices.unshift(line);
          logger?.log('warn', 'store_location', line);
        },
      ).withAlerts(config, rules, (rule, message) => {
        notice(`rule ${rule}: ${message}`);
        logger?.log('warn', 'rule_error', `rule ${rule}: ${message}`, { rule });
      }).withSpanExport(spanExport);
      // The detail's event journal and per-node timings (Enter on an execution).
      const detail = createDetailSources();
      let quit: () => void = () => undefined;
      const monitor = await createMonitor({
        config,
        clock,
        stdin: io.stdin,
        speed,
        restored: sinks.restored,
        sinks: (parts) => [...sinks.build(parts), ...detail.sinks, ...(logger ? [new LogSink(logger)] : [])],
        contributors: (parts) => ({
          ...detail.contributors,
          queueHistory: (now) => queueData(parts.model, sinks.metrics.series, now),
          spend: (now) => spendData(parts.model, sinks.metrics.series, now, config.alerting.budgetUsdPerHour),
          windows: (now) => sinks.metrics.windows.snapshot(now),
          rates: (now) => sinks.metrics.rates(now),
          notices: () => withSpanExportNotice(notices, spanExport),
          alerts: () => sinks.alerts!.view(),
          rejectedFrames: () => sinks.rejectedFrames.rejectedFrames(),
        }),
        onQuit: () => quit(),
        readOnly: args.flags.readOnly === true,
        onTaskError: (task, error) => {
          const message = `${task}: ${error instanceof Error ? error.message : String(error)}`;
          notice(message);
          logger?.log('error', 'task_error', message, { task });
        },
      }).catch((error: unknown) => {
        throw error instanceof MonitorSetupError ? new CommandExit(`jamjet: --url: ${error.message}`, EXIT_USAGE) : error;
      });
      cleanup.push(() => monitor.stop());
      const alertsApi = alertsApiSource(sinks.alerts!, config, io, clock);
      // SIGHUP is a closed terminal for a program on a tty: top reloads rules with POST /-/reload only.
      const served = await serveMetrics(config, sinks.metrics, monitor.sourceStatuses, alertsApi, spanExport, auth);
      if (served.server) {
        cleanup.push(() => served.server!.close());
        sinks.servedAt(served.server.url);
      }
      // A busy port is a notice on the status bar, not a crash: the dashboard is still useful.
      if (served.error) {
        notices.unshift(`metrics: ${served.error.message}`);
        logger?.log('warn', 'metrics_error', `metrics: ${served.error.message}`);
      }
      // Listening beyond loopback: said on stderr before the screen is taken (it is there after quitting), on the
      // status bar while it runs, and in the log.
      if (served.warning) {
        io.stderr.write(`jamjet top: warning: ${served.warning}\n`);
        notices.unshift(served.warning);
        logger?.log('warn', 'metrics_exposed', served.warning);
      }
      monitor.start();
      const keys = io.stdout.isTTY === true ? terminalInput(io.stdin, config.urls.includes('-')) : undefined;
      if (!keys) return await runTopBatch(monitor, io);
      cleanup.push(() => keys.close());
      // The alternate screen (the shell's screen comes back on every exit path) and mouse reports (wheel, clicks).
      const screen = takeTerminal(io.stdout, true);
      cleanup.push(() => screen.release());
      const copy = (text: string): void => {
        io.stdout.write(copySequence(text));
      };
      const app = render(<App store={monitor.publisher} color={config.color} onQuit={() => quit()} onCopy={copy} />, {
        stdout: io.stdout,
        stdin: keys.input,
        exitOnCtrlC: true,
        patchConsole: true,
      });
      quit = () => app.unmount();
      // A signal ends the dashboard as q does: the cleanup runs and the terminal is given back.
      const stopOnSignal = (): void => app.unmount();
      for (const signal of STOP_SIGNALS) process.once(signal, stopOnSignal);
      try {
        await app.waitUntilExit();
      } finally {
        for (const signal of STOP_SIGNALS) process.off(signal, stopOnSignal);
      }
      return 0;
    } finally {
      await cleanup.run();
    }
  });
}
