// The whole pipeline's speed: recorded protocol-v1 frames pushed over a real loopback websocket (from a server in
// its own process) into a monitor assembled as `jamjet serve` assembles it (decode, model, store, metrics, alert
// rules; OTLP export off, then on), against a bare client that receives the same frames and JSON.parses them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { loadConfiguredRules } from '../source/core/alerts/configured-rules.js';
import { systemClock } from '../source/core/clock.js';
import { loadConfig } from '../source/core/config/load-config.js';
import { createMonitor } from '../source/core/monitor/monitor.js';
import { SqliteEventSink } from '../source/core/store/sqlite-event-sink.js';
import { openSpanExport } from '../source/core/telemetry/span-export.js';
import { CleanupStack } from '../source/commands/wiring/cleanup-stack.js';
import { StandardSinks } from '../source/commands/wiring/open-sinks.js';
import { result, type BenchResult } from './bench-result.js';
import { startCollector } from './telemetry-bench.js';

/** Starts the frame server process with `events` recorded events; resolves with its stream URL. */
export async function startFrameServer(events: number, lazy = false): Promise<{ url: string; close: () => Promise<void> }> {
  const script = new URL('./frame-server.js', import.meta.url);
  const child = spawn(process.execPath, [script.pathname, String(events), ...(lazy ? ['--lazy'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`bench frame server exited (${code})`)));
  });
  return {
    url: `ws://127.0.0.1:${port}/v1/events`,
    close: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}

/** The reference: a client that receives every frame and JSON.parses it, nothing more. Returns ms to the last event. */
function bareClient(url: string, events: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const socket = new WebSocket(`${url}?cursor=0&protocol=1`);
    let seen = 0;
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as { type: string; events?: unknown[] };
      if (frame.type === 'events') seen += frame.events!.length;
      if (seen >= events) {
        resolve(Number(process.hrtime.bigint() - start) / 1e6);
        socket.close();
      }
    });
    socket.once('error', reject);
  });
}

/** What one pipeline run measured. */
interface PipelineRun {
  readonly ms: number;
  readonly written: number;
  readonly spans: number;
}

/**
 * The monitor as serve builds it, reading `url` until the model has applied `events` and the store has written
 * them (durable, not just received). Returns ms from start to then; stopping is not counted.
 */
export async function pipeline(url: string, events: number, collector: string | undefined): Promise<PipelineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'jamjet-bench-pipeline-'));
  const clock = systemClock();
  const cleanup = new CleanupStack();
  try {
    const env: Record<string, string> = collector === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: collector, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' };
    const config = loadConfig({ flags: { url: [url], db: join(dir, 'top.db') }, env, cwd: dir, readFile: () => undefined }).config;
    const rules = await loadConfiguredRules(config.rules, dir, config.alerting.budgetUsdPerHour);
    const spanExport = await openSpanExport(config, clock);
    const fail = (message: string): never => {
      throw new Error(`bench pipeline: ${message}`);
    };
    const sinks = StandardSinks.open(config, clock, cleanup, fail).withAlerts(config, rules, (rule, message) => fail(`rule ${rule}: ${message}`)).withSpanExport(spanExport);
    const monitor = await createMonitor({ config, clock, stdin: process.stdin, restored: sinks.restored, sinks: (parts) => sinks.build(parts) });
    cleanup.push(() => monitor.stop());
    const store = monitor.sinks.find((s): s is SqliteEventSink => s instanceof SqliteEventSink) ?? fail('no store');
    const start = process.hrtime.bigint();
    monitor.start();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        // Committed, not just handed to the store: its queue would otherwise absorb part of the run.
        const stored = store.stats();
        if (monitor.model.ingest().applied < events || stored.inserted + stored.duplicates < events) return;
        clearInterval(timer);
        resolve();
      }, 5);
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, written: store.stats().written, spans: spanExport?.sink.stats().exported ?? 0 };
  } finally {
    await cleanup.run();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Events/s of the whole pipeline, store on, export off and on, each against the bare client in the same run. */
export async function benchPipeline(events = 200_000): Promise<BenchResult[]> {
  const server = await startFrameServer(events);
  const collector = await startCollector();
  try {
    await bareClient(server.url, events);
    await pipeline(server.url, events, undefined);
    const runs = 3;
    let bare = Infinity;
    let off: PipelineRun = { ms: Infinity, written: 0, spans: 0 };
    let on: PipelineRun = { ms: Infinity, written: 0, spans: 0 };
    for (let r = 0; r < runs; r++) {
      bare = Math.min(bare, await bareClient(server.url, events));
      const a = await pipeline(server.url, events, undefined);
      if (a.ms < off.ms) off = a;
      const b = await pipeline(server.url, events, collector.url);
      if (b.ms < on.ms) on = b;
    }
    const rate = (ms: number): number => events / (ms / 1000);
    return [
      result(`whole pipeline over a loopback websocket: decode, model, store (${off.written} events written), metrics, alert rules; export off (baseline: a bare ws client that JSON.parses the same frames)`, rate(off.ms), 'events/s', 'higher', rate(bare), {
        text: '>= 0.35x the bare client',
        met: rate(off.ms) >= rate(bare) * 0.35,
      }),
      result(`the same with OTLP export on (${on.spans} spans over HTTP/protobuf to a collector process; baseline: the bare client)`, rate(on.ms), 'events/s', 'higher', rate(bare)),
    ];
  } finally {
    await Promise.all([server.close(), collector.close()]);
  }
}
