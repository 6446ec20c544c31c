import { render } from 'ink';
import { systemClock } from '../core/clock.js';
import { normaliseExecutionId } from '../core/decode/execution-id.js';
import { createDetailSources } from '../core/detail/detail-sources.js';
import type { TypedEvent } from '../core/decode/event.js';
import { FOLLOW_APPEAR_TIMEOUT_MS, FOLLOW_CONNECT_TIMEOUT_MS, FollowSupervisor } from '../core/follow/follow-supervisor.js';
import { summariseKind } from '../core/inspect/timeline.js';
import { isTerminal } from '../core/model/lifecycle.js';
import { RuntimeClient } from '../core/runtime-api/runtime-client.js';
import { createMonitor, MonitorSetupError } from '../core/monitor/monitor.js';
import type { Snapshot } from '../core/snapshot/snapshot.js';
import type { SourceBatch } from '../core/sources/event-source.js';
import { FollowApp } from '../view/follow-app.js';
import { formatDuration } from '../view/format/duration.js';
import { sanitise } from '../view/format/sanitise.js';
import { traceLines, traceLinesToText } from '../view/format/trace-lines.js';
import type { CommandArgs, CommandIo } from './command-types.js';
import { CommandExit, EXIT_USAGE, loadCommandConfig, numberFlag, withCommandExit } from './wiring/load-command-config.js';
import { terminalInput } from './wiring/terminal-input.js';

/** Sequences remembered to print each event once; past it, lines are printed by sequence watermark only. */
export const FOLLOW_MAX_PRINTED = 100_000;
/** Rejected frames or lines reported on stderr one by one before only a summary line. */
export const FOLLOW_MAX_REJECTIONS_SHOWN = 20;
/** How long to keep listening after the terminal event (the runtime's log is not sealed there). */
export const FOLLOW_LINGER_MS = 500;


/** One plain line for an event of the followed execution (non-TTY output). */
export function followLine(event: TypedEvent, startedAt: number): string {
  const offset = `+${formatDuration(Math.max(0, event.time - startedAt))}`.padEnd(9);
  const kind = event.kind as { type: string; node_id?: unknown };
  const node = typeof kind.node_id === 'string' ? ` ${sanitise(kind.node_id, 80)}` : '';
  return `${offset} #${String(event.sequence).padEnd(4)} ${event.kind.type}${node}: ${sanitise(summariseKind(event.envelope.kind), 300)}`;
}

/** `jamjet follow <id>`: the live tree of one execution until it ends; exit 0 completed, 1 otherwise. */
export async function runFollow(args: CommandArgs, io: CommandIo): Promise<number> {
  return withCommandExit(io, async () => {
    const raw = args.input[0];
    if (raw === undefined) throw new CommandExit('jamjet follow: missing <execution-id> (exec_… or a UUID)', EXIT_USAGE);
    if (args.input.length > 1) throw new CommandExit(`jamjet follow: one execution id expected, got ${args.input.length}`, EXIT_USAGE);
    const id = normaliseExecutionId(raw);
    if (!id) throw new CommandExit(`jamjet follow: ${JSON.stringify(sanitise(raw, 80))} is not an execution id (exec_ + 32 hex, or a UUID)`, EXIT_USAGE);
    const config = await loadCommandConfig(args.flags, io);
    const speed = numberFlag(args.flags, 'speed', 0, 1e6);
    const connectTimeoutMs = secondsFlag(args.flags, 'connectTimeout', FOLLOW_CONNECT_TIMEOUT_MS);
    const appearTimeoutMs = secondsFlag(args.flags, 'appearTimeout', FOLLOW_APPEAR_TIMEOUT_MS);
    const keys = io.stdout.isTTY === true ? terminalInput(io.stdin, config.urls.includes('-')) : undefined;
    const tty = keys !== undefined;
    const clock = systemClock();

    let finish: (code: number) => void = () => undefined;
    const finished = new Promise<number>((resolve) => (finish = resolve));
    let gaveUp: string | undefined;
    const abort = new AbortController();
    // While the execution has not shown up: what each source is doing, said once per change (on a
    // terminal the status line shows it), and the verdicts of the connect and appear timeouts.
    const supervisor = new FollowSupervisor({
      executionId: id,
      connectTimeoutMs,
      appearTimeoutMs,
      // async: a URL the client cannot use rejects (an `unknown` answer) instead of throwing.
      probe: async (source) => new RuntimeClient(source.url, { token: config.token, signal: abort.signal }).probeExecution(id),
      say: (line) => {
        if (!tty) io.stderr.write(`jamjet follow: ${sanitise(line, 400)}\n`);
      },
      giveUp: (line) => {
        gaveUp = line;
        finish(1);
      },
    });

    const printed = new Set<number>();
    let startedAt: number | undefined;
    let rejectedShown = 0;
    const onBatch = (batch: SourceBatch): void => {
      if (batch.events.some((e) => e.executionId === id)) supervisor.sawExecution();
      if (tty) return;
      // Bad input is said, not skipped: the first few in full, then only that more came.
      for (const r of batch.rejections) {
        if (rejectedShown++ < FOLLOW_MAX_REJECTIONS_SHOWN) io.stderr.write(`jamjet follow: rejected (${r.reason}): ${sanitise(r.detail, 200)}\n`);
        else if (rejectedShown === FOLLOW_MAX_REJECTIONS_SHOWN + 1) io.stderr.write('jamjet follow: more input rejected (not shown one by one)\n');
      }
      for (const event of batch.events) {
        if (event.executionId !== id || printed.has(event.sequence)) continue;
        if (printed.size < FOLLOW_MAX_PRINTED) printed.add(event.sequence);
        if (event.kind.type === 'workflow_started' || startedAt === undefined) startedAt = event.time;
        io.stdout.write(`${followLine(event, startedAt)}\n`);
      }
    };

    supervisor.start(clock.now());
    // The detail's timeline, state and usual node times (a terminal shows them; printed lines need none).
    const detailSources = tty ? createDetailSources() : undefined;
    const monitor = await createMonitor({
      config,
      clock,
      stdin: io.stdin,
      speed,
      // Polled directly over REST: the runtime's listing shows only the newest executions.
      pin: [id],
      // follow keeps no store and serves no metrics: its one sink prints lines and watches the sources.
      sinks: () => [{
        name: 'follow',
        batch: onBatch,
        status: (status) => supervisor.status(status, clock.now()),
        tick: (now) => supervisor.tick(now),
        close: () => Promise.resolve(),
      }, ...(detailSources?.sinks ?? [])],
      contributors: () => ({
        ...detailSources?.contributors,
        notices: () => {
          const notice = supervisor.notice();
          return notice ? [notice] : [];
        },
      }),
      onQuit: () => finish(130),
    }).catch((error: unknown) => {
      throw error instanceof MonitorSetupError ? new CommandExit(`jamjet: --url: ${error.message}`, EXIT_USAGE) : error;
    });
    monitor.start();
    monitor.publisher.dispatch({ type: 'focus', executionId: id });

    let lingering = false;
    const check = (snapshot: Snapshot): void => {
      const status = snapshot.focus?.summary.status;
      if (!status || lingering) return;
      if (isTerminal(status)) {
        lingering = true;
        clock.setTimeout(() => finish(status === 'completed' ? 0 : 1), FOLLOW_LINGER_MS);
      } else if (snapshot.sources.length > 0 && snapshot.sources.every((s) => s.state === 'ended')) {
        // Every source has ended (a replay cut short): nothing more will come.
        finish(1);
      }
    };
    const unsubscribe = monitor.publisher.subscribe(() => check(monitor.publisher.getSnapshot()));
    const onSignal = (): void => finish(130);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    const app = keys
      ? render(<FollowApp store={monitor.publisher} executionId={id} color={config.color} onQuit={() => finish(130)} />, {
          stdout: io.stdout,
          stdin: keys.input,
          exitOnCtrlC: false,
        })
      : undefined;
    const code = await finished;
    supervisor.stop();
    abort.abort();
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    app?.unmount();
    keys?.close();
    monitor.publisher.tick(true);
    const snapshot = monitor.publisher.getSnapshot();
    await monitor.stop();
    const tree = snapshot.focus;
    if (gaveUp !== undefined) {
      io.stderr.write(`jamjet follow: ${sanitise(gaveUp, 1000)}\n`);
      return 1;
    }
    // Interrupted before the execution showed up: nothing was followed, and nothing is claimed about it.
    if (!tree && code === 130) return 130;
    if (!tree) {
      io.stderr.write(`jamjet follow: no execution ${id} in ${snapshot.sources.map((s) => s.url).join(', ')}\n`);
      return 1;
    }
    if (!tty) io.stdout.write(`\n${traceLinesToText(traceLines(tree, { now: snapshot.now }), { color: false })}\n`);
    if (code === 130) return 130;
    if (!isTerminal(tree.summary.status)) {
      io.stderr.write(`jamjet follow: the source ended before ${id} finished (${tree.summary.status})\n`);
      return 1;
    }
    return code;
  });
}

/** A duration flag in seconds (0 allowed) as milliseconds, or the default. */
function secondsFlag(flags: Record<string, unknown>, name: string, defaultMs: number): number {
  const value = numberFlag(flags, name, 0, 86_400);
  return value === undefined ? defaultMs : Math.round(value * 1000);
}
