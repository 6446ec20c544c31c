/**
 * `npm run soak`: 1,000,000 events through a real `jamjet serve` (store, metrics, built-in alert rules, OTLP export
 * to a collector process, JSON logs), streamed over a loopback websocket from a frame server process. Reads serve's
 * own /metrics every second: resident memory at 10% and at 100% of the run, the store's backlog and active handles then, events/s
 * sustained; after SIGTERM, the store's rows and serve's exit. Prints the figures and writes bench/soak-results.json.
 * `--events N` runs a shorter soak; `--no-export` and `--no-store` leave those out, to tell where memory goes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startFrameServer } from './pipeline-bench.js';
import { startCollector } from './telemetry-bench.js';

const CLI = fileURLToPath(new URL('../source/cli.js', import.meta.url));
/** How often serve's /metrics is read. */
const SCRAPE_EVERY_MS = 1_000;
/** The longest the soak waits for serve to take the next event before it calls the run stuck. */
const STALL_MS = 60_000;

/** One reading of serve's /metrics. */
interface Reading {
  readonly at: number;
  readonly applied: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly handles: number;
  readonly spansExported: number;
  readonly spansDropped: number;
  /** Events handed to the store and not yet committed (its write thread's backlog). */
  readonly storeQueued: number;
}

/** Sum of every sample of `name` (any labels) in a Prometheus text exposition. */
function sum(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function scrape(metricsUrl: string): Promise<Reading> {
  const text = await (await fetch(metricsUrl)).text();
  return {
    at: Date.now(),
    applied: sum(text, 'jamjet_top_events_applied_total'),
    rssMb: sum(text, 'process_resident_memory_bytes') / 1e6,
    heapMb: sum(text, 'nodejs_heap_size_used_bytes') / 1e6,
    handles: sum(text, 'nodejs_active_handles'),
    spansExported: sum(text, 'jamjet_top_otlp_spans_exported_total'),
    spansDropped: sum(text, 'jamjet_top_otlp_spans_dropped_total'),
    storeQueued: sum(text, 'jamjet_top_store_queued_events'),
  };
}

const argIndex = process.argv.indexOf('--events');
const events = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1_000_000;
if (!Number.isInteger(events) || events < 10_000) {
  process.stderr.write('soak: --events N needs a whole number of at least 10000\n');
  process.exit(2);
}

const withExport = !process.argv.includes('--no-export');
const withStore = !process.argv.includes('--no-store');
const dir = mkdtempSync(join(tmpdir(), 'jamjet-soak-'));
const server = await startFrameServer(events, true);
const collector = await startCollector();
const db = join(dir, 'top.db');
const serve = spawn(process.execPath, [CLI, 'serve', '--url', server.url, '--db', withStore ? db : ':memory:', '--metrics-port', '0'], {
  env: { ...process.env, ...(withExport ? { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' } : {}) },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
serve.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
try {
  // serve's JSON log lines go to its stdout: read them (as a log shipper would), keep only the start line's address.
  const metricsUrl = await new Promise<string>((resolve, reject) => {
    let head = '';
    serve.stdout.on('data', (chunk: Buffer) => {
      head += chunk.toString('utf8');
      const m = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(head);
      if (m) resolve(m[1]!);
      if (head.length > 1_000_000) head = head.slice(-10_000);
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before it started:\n${stderr}`)));
  });
  const readings: Reading[] = [];
  const first = await scrape(metricsUrl);
  readings.push(first);
  let last = first;
  let tenth: Reading | undefined;
  process.stderr.write(`soak: ${events} events into jamjet serve (${metricsUrl})\n`);
  while (last.applied < events) {
    await new Promise((r) => setTimeout(r, SCRAPE_EVERY_MS));
    const now = await scrape(metricsUrl);
    if (now.applied === last.applied && now.at - last.at > STALL_MS) throw new Error(`soak: no progress for ${STALL_MS / 1000} s at ${now.applied} events`);
    if (now.applied > last.applied) last = now;
    readings.push(now);
    if (!tenth && now.applied >= events / 10) tenth = now;
    process.stderr.write(`\rsoak: ${now.applied} events, rss ${now.rssMb.toFixed(0)} MB, heap ${now.heapMb.toFixed(0)} MB, store backlog ${now.storeQueued}, handles ${now.handles}   `);
  }
  process.stderr.write('\n');
  const end = last;
  const startAt = readings.find((r) => r.applied > 0) ?? first;
  serve.kill('SIGTERM');
  const code = await exited;
  let rows = events;
  if (withStore) {
    const store = new Database(db, { readonly: true });
    rows = (store.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    store.close();
  }
  const t = tenth ?? end;
  const figures = {
    events,
    export: withExport,
    store: withStore,
    eventsPerSecond: Math.round((end.applied - startAt.applied) / ((end.at - startAt.at) / 1000)),
    eventsPerSecondAfterTenth: Math.round((end.applied - t.applied) / Math.max(1, (end.at - t.at) / 1000)),
    rssMbAtTenth: Math.round(t.rssMb),
    rssMbAtEnd: Math.round(end.rssMb),
    peakRssMb: Math.round(Math.max(...readings.map((r) => r.rssMb))),
    heapMbAtTenth: Math.round(t.heapMb),
    heapMbAtEnd: Math.round(end.heapMb),
    storeQueuedAtTenth: t.storeQueued,
    storeQueuedAtEnd: end.storeQueued,
    peakStoreQueued: Math.max(...readings.map((r) => r.storeQueued)),
    handlesAtTenth: t.handles,
    handlesAtEnd: end.handles,
    spansExported: end.spansExported,
    spansDropped: end.spansDropped,
    storeRows: rows,
    serveExit: code,
    listenerWarnings: (stderr.match(/MaxListenersExceededWarning/g) ?? []).length,
  };
  const checks: Array<[string, boolean]> = [
    ['every event stored once', rows === events],
    ['serve exited 0 on SIGTERM', code === 0],
    ['RSS flat after warm-up (end within 1.5x of the 10% mark, and under 600 MB)', end.rssMb <= t.rssMb * 1.5 && end.rssMb < 600],
    ['no handle leak (handles at the end no more than at 10% + 5)', end.handles <= t.handles + 5],
    ['no listener leak warning', figures.listenerWarnings === 0],
  ];
  console.log(JSON.stringify(figures, null, 2));
  for (const [what, ok] of checks) console.log(`${ok ? 'ok ' : 'FAILED'}  ${what}`);
  writeFileSync(fileURLToPath(new URL('../../bench/soak-results.json', import.meta.url)), `${JSON.stringify({ ...figures, checks: Object.fromEntries(checks) }, null, 2)}\n`);
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} finally {
  if (serve.exitCode === null) serve.kill('SIGKILL');
  await Promise.all([server.close(), collector.close()]);
  rmSync(dir, { recursive: true, force: true });
}
