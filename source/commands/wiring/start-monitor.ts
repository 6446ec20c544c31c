import type { Clock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config/load-config.js';
import { ExecutionModel } from '../../core/model/execution-model.js';
import { priceTable } from '../../core/model/price-table.js';
import { IngestPipeline } from '../../core/pipeline/ingest-pipeline.js';
import type { EffectSink, EventSink } from '../../core/pipeline/sinks.js';
import { SnapshotPublisher } from '../../core/pipeline/snapshot-publisher.js';
import type { Snapshot } from '../../core/model/types.js';
import { startSim, type SimHandle } from '../../core/sim/sim-server.js';
import { createSource } from '../../core/sources/create-sources.js';
import type { EventSource, SourceBatch, SourceStatus } from '../../core/sources/event-source.js';
import { redactUrl } from '../../core/sources/redact-url.js';
import { CommandExit, EXIT_USAGE } from './load-command-config.js';
import { replayRestored, type OpenedStore } from './open-store.js';

/** Seed of the demo runtime `jamjet top` starts when no source is configured. */
export const DEMO_SEED = 42;
/** Workload the demo runtime has already played when the dashboard opens, so it opens busy. */
export const DEMO_HISTORY_MS = 45_000;

/** Options for {@link startMonitor}. */
export interface MonitorOptions {
  readonly config: ResolvedConfig;
  readonly clock: Clock;
  readonly stdin: NodeJS.ReadableStream;
  /** Replay speed for JSONL sources. */
  readonly speed?: number | undefined;
  readonly eventSinks?: readonly EventSink[];
  readonly effectSinks?: readonly EffectSink[];
  readonly onBatch?: (batch: SourceBatch) => void;
  readonly onStatus?: (status: SourceStatus) => void;
  readonly extras?: (now: number) => Partial<Snapshot>;
  /** Runs on every publish tick, after the model's gap tick (health metrics that are polled). */
  readonly onTick?: (now: number) => void;
  readonly onQuit?: () => void;
  /** The event store: written to, and restored from on start (running executions, source cursors). */
  readonly store?: OpenedStore | undefined;
  /** Executions REST sources poll even when their listing does not show them (`follow`'s id). */
  readonly pin?: readonly string[] | undefined;
}

/** A running monitor: sources feeding the model, snapshots published on a cadence. */
export interface Monitor {
  readonly model: ExecutionModel;
  readonly pipeline: IngestPipeline;
  readonly publisher: SnapshotPublisher;
  readonly sources: readonly EventSource[];
  /** The embedded demo runtime, when no source was configured. */
  readonly demo: SimHandle | undefined;
  /** Every source's id, which is its stable key: the URL without credentials (`demo` for the demo runtime). */
  readonly sourceKeys: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

/**
 * Wires sources → pipeline → model → publisher for `top`, `follow` and `serve`. Starts the embedded
 * demo runtime on a free loopback port when no URL is configured.
 */
export async function startMonitor(options: MonitorOptions): Promise<Monitor> {
  const { config, clock, store } = options;
  const model = new ExecutionModel({ prices: priceTable(config.pricing) });
  let demo: SimHandle | undefined;
  let urls = config.urls;
  if (urls.length === 0) {
    demo = await startSim({ port: 0, seed: DEMO_SEED, clock, historyMs: DEMO_HISTORY_MS });
    urls = [demo.wsUrl];
  }
  // The demo runtime is new on every start: its old executions will never finish, so nothing is restored.
  const resumeCursors = store && !demo ? store.restored.cursors : undefined;
  if (store && !demo) replayRestored(model, store.restored, clock.now());
  const sourceKeys = new Map<string, string>();
  const sources: EventSource[] = [];
  try {
    for (const url of urls) {
      // A source is known by its URL without credentials: stable across runs and flag order, so it
      // names the source in metrics and /healthz and keys its stored cursor. A repeated URL gets #2, #3….
      const base = demo ? 'demo' : redactUrl(url);
      let key = base;
      for (let n = 2; sourceKeys.has(key); n++) key = `${base}#${n}`;
      sourceKeys.set(key, key);
      sources.push(
        createSource(url, {
          id: key,
          token: demo ? undefined : config.token,
          clock,
          // Standard input is a new stream every run: a line count from last time means nothing there.
          resumeCursor: url === '-' ? undefined : resumeCursors?.get(key),
          speed: options.speed,
          stdin: options.stdin,
          pin: options.pin,
        }),
      );
    }
  } catch (error) {
    await demo?.close();
    throw new CommandExit(`jamjet: --url: ${error instanceof Error ? error.message : String(error)}`, EXIT_USAGE);
  }
  // The demo runtime is a new runtime every run: the store keeps its events under this run's own key
  // (`demo@<start time>`), so a later demo run's heartbeat never vouches for this run's leftovers.
  const demoRun = demo ? `@${new Date(clock.now()).toISOString()}` : '';
  const pipeline = new IngestPipeline({
    model,
    clock,
    eventSinks: [...(options.eventSinks ?? []), ...(store ? [store.sink] : [])],
    effectSinks: options.effectSinks,
    cursorKey: (id) => (sourceKeys.get(id) ?? id) + demoRun,
    onBatch: options.onBatch,
    onStatus: options.onStatus,
  });
  const publisher = new SnapshotPublisher({
    model,
    clock,
    refreshMs: config.refreshMs,
    demo: demo !== undefined,
    sources: () => sources.map((s) => s.status()),
    beforePublish: (now) => {
      pipeline.tick(now);
      options.onTick?.(now);
    },
    extras: options.extras,
    onQuit: options.onQuit,
  });
  for (const source of sources) source.start(pipeline);
  publisher.start();
  // The clock's timers are unref'd, so a REST poller between polls, a finished replay or a back-off
  // wait would let the process run out of work and exit 13 mid-await; the monitor holds it until stop().
  const keepAlive = setInterval(() => undefined, 1 << 30);
  return {
    model,
    pipeline,
    publisher,
    sources,
    demo,
    sourceKeys,
    async stop() {
      clearInterval(keepAlive);
      publisher.stop();
      await Promise.all(sources.map((s) => s.stop()));
      await store?.sink.close();
      await demo?.close();
    },
  };
}
