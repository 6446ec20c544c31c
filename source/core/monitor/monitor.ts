import { RuntimeActions } from '../actions/runtime-actions.js';
import type { ActionSource } from '../actions/action-targets.js';
import type { Clock } from '../clock.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { ExecutionModel } from '../model/execution-model.js';
import { priceTable } from '../model/price-table.js';
import { startSim, type SimHandle } from '../sim/sim-server.js';
import { SnapshotPublisher } from '../snapshot/snapshot-publisher.js';
import type { SnapshotContributors } from '../snapshot/snapshot.js';
import { createSource } from '../sources/create-sources.js';
import type { EventSource, SourceStatus } from '../sources/event-source.js';
import { redactUrl } from '../sources/redact-url.js';
import type { RestoredState } from '../store/restore.js';
import { IngestPipeline } from './ingest-pipeline.js';
import type { MonitorSink } from './monitor-sink.js';
import { replayRestored } from './replay-restored.js';
import { Scheduler } from './scheduler.js';

/** Seed of the demo runtime `jamjet top` starts when no source is configured. */
export const DEMO_SEED = 42;
/** Workload the demo runtime has already played when the dashboard opens, so it opens busy. */
export const DEMO_HISTORY_MS = 45_000;
/** How often overdue sequence gaps are given up and sources away past the grace mark their executions stale. */
export const MODEL_TICK_MS = 250;

/** What a sink or contributor factory may read: the monitor's parts that exist before sources start. */
export interface MonitorParts {
  readonly model: ExecutionModel;
  readonly clock: Clock;
  /** Every source's latest status, in `--url` order. */
  readonly sourceStatuses: () => readonly SourceStatus[];
  /** True when reading the embedded demo runtime. */
  readonly demo: boolean;
}

/** Options for {@link createMonitor}. */
export interface MonitorOptions {
  readonly config: ResolvedConfig;
  readonly clock: Clock;
  readonly stdin: NodeJS.ReadableStream;
  /** Replay speed for JSONL sources. */
  readonly speed?: number | undefined;
  /** Executions REST sources poll even when their listing does not show them (`follow`'s id). */
  readonly pin?: readonly string[] | undefined;
  /** What a restart resumes from (running executions to replay, source cursors); ignored for the demo runtime. */
  readonly restored?: RestoredState | undefined;
  /** Builds the sinks once the model exists; they are fed in this order and closed in reverse. */
  readonly sinks?: (parts: MonitorParts) => readonly MonitorSink[];
  /** Builds the snapshot's contributed fields (windows, notices), one typed function each. */
  readonly contributors?: (parts: MonitorParts) => SnapshotContributors;
  readonly onQuit?: () => void;
  /** `--read-only`: the dashboard sends no action to the runtime. */
  readonly readOnly?: boolean | undefined;
  /** A sink's tick that throws: reported here, the other cadences go on. */
  readonly onTaskError?: (task: string, error: unknown) => void;
}

/** A URL that no source understands: the command reports it as a usage error. */
export class MonitorSetupError extends Error {}

/** A built monitor: the model, its sinks, its sources and the one scheduler that owns every cadence. */
export interface Monitor extends MonitorParts {
  readonly pipeline: IngestPipeline;
  readonly publisher: SnapshotPublisher;
  readonly sources: readonly EventSource[];
  readonly sinks: readonly MonitorSink[];
  readonly scheduler: Scheduler;
  /** The embedded demo runtime, when no source was configured. */
  readonly demo: boolean;
  readonly demoRuntime: SimHandle | undefined;
  /** Every source's id, which is its stable key: the URL without credentials (`demo` for the demo runtime). */
  readonly sourceKeys: ReadonlyMap<string, string>;
  /** Cancel and approve, sent to the REST API of the source an execution came from (the demo runtime's too). */
  readonly actions: RuntimeActions;
  /** Starts the sources and the scheduler. */
  start(): void;
  /** Stops in reverse: the scheduler, the sources, then each sink (flushed and closed, last added first), the demo runtime. */
  stop(): Promise<void>;
}

/**
 * The one place a monitor is assembled, for `top`, `serve` and `follow` alike, in order: config → model
 * (with a restart's running executions replayed) → sinks → sources → scheduler. Nothing runs until
 * {@link Monitor.start}, so a command can still refuse to go on (a busy metrics port) with nothing to undo
 * but {@link Monitor.stop}. Starts the embedded demo runtime on a free loopback port when no URL is configured.
 */
export async function createMonitor(options: MonitorOptions): Promise<Monitor> {
  const { config, clock } = options;
  const model = new ExecutionModel({ prices: priceTable(config.pricing) });
  let demoRuntime: SimHandle | undefined;
  let urls = config.urls;
  if (urls.length === 0) {
    demoRuntime = await startSim({ port: 0, seed: DEMO_SEED, clock, historyMs: DEMO_HISTORY_MS });
    urls = [demoRuntime.wsUrl];
  }
  const demo = demoRuntime !== undefined;
  // The demo runtime is new on every start: its old executions will never finish, so nothing is restored.
  const restored = demo ? undefined : options.restored;
  if (restored) replayRestored(model, restored, clock.now());

  const sourceKeys = new Map<string, string>();
  const sources: EventSource[] = [];
  const actionSources: ActionSource[] = [];
  const parts: MonitorParts = { model, clock, demo, sourceStatuses: () => sources.map((s) => s.status()) };
  const sinks = options.sinks?.(parts) ?? [];
  const closeSinks = async (): Promise<void> => {
    for (const sink of [...sinks].reverse()) await sink.close();
  };
  try {
    for (const url of urls) {
      // A source is known by its URL without credentials: stable across runs and flag order, so it
      // names the source in metrics and /healthz and keys its stored cursor. A repeated URL gets #2, #3….
      const base = demo ? 'demo' : redactUrl(url);
      let key = base;
      for (let n = 2; sourceKeys.has(key); n++) key = `${base}#${n}`;
      sourceKeys.set(key, key);
      actionSources.push({ key, url: demoRuntime?.httpUrl ?? url });
      sources.push(
        createSource(url, {
          id: key,
          token: demo ? undefined : config.token,
          clock,
          // Standard input is a new stream every run: a line count from last time means nothing there.
          resumeCursor: url === '-' ? undefined : restored?.cursors.get(key),
          speed: options.speed,
          stdin: options.stdin,
          pin: options.pin,
        }),
      );
    }
  } catch (error) {
    await closeSinks();
    await demoRuntime?.close();
    throw new MonitorSetupError(error instanceof Error ? error.message : String(error));
  }

  // The demo runtime is a new runtime every run: the store keeps its events under this run's own key
  // (`demo@<start time>`), so a later demo run's heartbeat never vouches for this run's leftovers.
  const demoRun = demo ? `@${new Date(clock.now()).toISOString()}` : '';
  const pipeline = new IngestPipeline({ model, clock, sinks, cursorKey: (id) => (sourceKeys.get(id) ?? id) + demoRun });
  const actions = new RuntimeActions({
    readOnly: options.readOnly === true, sources: actionSources, token: config.token, tokenless: demo ? ['demo'] : [],
  });
  const publisher = new SnapshotPublisher({
    model,
    clock,
    demo,
    sources: parts.sourceStatuses,
    contributors: options.contributors?.(parts),
    onQuit: options.onQuit,
    actions,
  });

  // Every cadence in one place, in the order they run within an instant: the model first (gap expiry,
  // staleness), then each sink that polls, then the display.
  const scheduler = new Scheduler(clock, options.onTaskError);
  scheduler.every('model', MODEL_TICK_MS, (now) => pipeline.tick(now));
  for (const sink of sinks) {
    const tick = sink.tick?.bind(sink);
    if (tick) scheduler.every(sink.name, sink.tickEveryMs ?? config.refreshMs, tick);
  }
  scheduler.every('publish', config.refreshMs, () => publisher.tick());

  let keepAlive: NodeJS.Timeout | undefined;
  let started = false;
  return {
    ...parts,
    pipeline,
    publisher,
    sources,
    sinks,
    scheduler,
    demoRuntime,
    sourceKeys,
    actions,
    start() {
      if (started) return;
      started = true;
      for (const source of sources) source.start(pipeline);
      scheduler.start();
      // The clock's timers are unref'd, so a REST poller between polls, a finished replay or a back-off
      // wait would let the process run out of work and exit 13 mid-await; the monitor holds it until stop().
      keepAlive = setInterval(() => undefined, 1 << 30);
    },
    async stop() {
      if (keepAlive) clearInterval(keepAlive);
      scheduler.stop();
      await Promise.all(sources.map((s) => s.stop()));
      // Whatever the sources delivered last is applied and handed on before the sinks close.
      pipeline.tick(clock.now());
      for (const sink of sinks) await sink.flush?.();
      await closeSinks();
      await demoRuntime?.close();
    },
  };
}
