/**
 * Store and inspect benchmarks: sustained ingest through SqliteEventSink (batched, on its write worker)
 * against the same rows inserted one transaction each, and `jamjet inspect --json` of a 10,000-event
 * execution end to end (process start included) against a bare `node` start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock, systemClock } from '../source/core/clock.js';
import { decodeEnvelope } from '../source/core/decode/decode-envelope.js';
import type { TypedEvent } from '../source/core/decode/event.js';
import { toEventRow } from '../source/core/store/event-row.js';
import { SqliteEventSink } from '../source/core/store/sqlite-event-sink.js';
import { openSqliteDb } from '../source/core/store/sqlite-db.js';
import { StoreWriter } from '../source/core/store/store-writer.js';
import { pairedResult, result, timeMs, type BenchResult, type Pair } from './bench-result.js';

const START = Date.UTC(2026, 2, 14, 9, 0, 0);
const INGEST_EVENTS = 200_000;
const UNBATCHED_EVENTS = 20_000;
const INSPECT_EVENTS = 10_000;
/** Pairs of (bare node start, inspect) taken; odd, so the median is one of them. */
const INSPECT_RUNS = 9;
/** inspect may take this many times a bare `node -e 0` start, measured in the same run. */
const INSPECT_TARGET_RATIO = 3;
const CLI = fileURLToPath(new URL('../source/cli.js', import.meta.url));

function uuid(n: number): string {
  const h = n.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `count` events of one execution shaped like a real log: start, then scheduled/started/completed per node. */
export function execution(n: number, count: number): TypedEvent[] {
  const out: TypedEvent[] = [];
  const push = (kind: { type: string; [k: string]: unknown }): void => {
    const seq = out.length + 1;
    const r = decodeEnvelope({ id: uuid(n * 10_000_000 + seq), execution_id: uuid(n), sequence: seq, kind, created_at: new Date(START + n * 1000 + seq * 7).toISOString() });
    if (!r.ok) throw new Error(r.rejection.detail);
    out.push(r.event);
  };
  push({ type: 'workflow_started', workflow_id: `bench_${n % 20}`, workflow_version: '1.0.0', initial_input: { n } });
  for (let node = 0; out.length < count - 1; node++) {
    const id = `node_${node}`;
    push({ type: 'node_scheduled', node_id: id, queue_type: node % 2 ? 'model' : 'general' });
    if (out.length >= count - 1) break;
    push({ type: 'node_started', node_id: id, worker_id: 'general-worker-0', attempt: 0 });
    if (out.length >= count - 1) break;
    push({
      type: 'node_completed', node_id: id, output: { ok: true }, state_patch: { [`r${node}`]: node, __budget: { total_input_tokens: node * 100 } },
      duration_ms: 5, gen_ai_system: 'openai', gen_ai_model: 'gpt-4o', input_tokens: 100, output_tokens: 20, finish_reason: 'stop',
    });
  }
  push({ type: 'workflow_completed', final_state: { n } });
  return out;
}

async function benchIngest(dir: string): Promise<BenchResult> {
  const events: TypedEvent[] = [];
  for (let n = 1; events.length < INGEST_EVENTS; n++) events.push(...execution(n, 100));
  // Unbatched reference: the same writer, one transaction per event, on its own file.
  const plain = openSqliteDb(join(dir, 'unbatched.db'));
  const writer = new StoreWriter(plain);
  const rows = events.slice(0, UNBATCHED_EVENTS).map((e) => toEventRow(e, 'bench'));
  const unbatchedMs = timeMs(() => {
    for (const r of rows) writer.writeBatch([r], [], START);
  });
  plain.close();
  // Ours: SqliteEventSink as the pipeline uses it, sources delivering 500-event batches.
  const sink = new SqliteEventSink({ path: join(dir, 'batched.db'), clock: systemClock() });
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += 500) sink.write(events.slice(i, i + 500), 'bench', String(i + 500));
  await sink.flush();
  const batchedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const stats = sink.stats();
  await sink.close();
  if (stats.inserted !== events.length) throw new Error(`store bench: ${stats.inserted} of ${events.length} inserted`);
  const value = events.length / (batchedMs / 1000);
  return result('store ingest, SqliteEventSink batched on its write worker (baseline: one transaction per insert)', value, 'events/s', 'higher',
    UNBATCHED_EVENTS / (unbatchedMs / 1000), { text: '>= 50,000 events/s', met: value >= 50_000 });
}

function wallMs(args: string[]): { ms: number; ok: boolean } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  let ok = r.status === 0;
  if (ok && args.includes('--json')) {
    try {
      ok = (JSON.parse(r.stdout) as { execution?: unknown }).execution !== undefined;
    } catch {
      ok = false;
    }
  }
  return { ms, ok };
}

async function benchInspect(dir: string): Promise<BenchResult> {
  const db = join(dir, 'inspect.db');
  const events = execution(424242, INSPECT_EVENTS);
  const sink = new SqliteEventSink({ path: db, clock: new ManualClock(START), thread: 'inline' });
  sink.write(events, 'bench', undefined);
  await sink.close();
  const id = events[0]!.executionId;
  const cliArgs = [CLI, 'inspect', id, '--json', '--db', db];
  if (!existsSync(CLI) || !wallMs(cliArgs).ok) {
    throw new Error(`store bench: ${cliArgs.join(' ')} did not print an inspect document (build first: npm run build)`);
  }
  wallMs(['-e', '0']);
  // Each pair is one bare start and one inspect, back to back in alternating order: a slowdown from other
  // work on the machine falls on both alike, and the ratio is what holds from one machine to the next.
  const pairs: Pair[] = [];
  for (let i = 0; i < INSPECT_RUNS; i++) {
    const bare = i % 2 === 0 ? wallMs(['-e', '0']).ms : undefined;
    const run = wallMs(cliArgs);
    if (!run.ok) throw new Error(`store bench: ${cliArgs.join(' ')} failed`);
    pairs.push({ value: run.ms, baseline: bare ?? wallMs(['-e', '0']).ms });
  }
  return pairedResult(`jamjet inspect --json, ${INSPECT_EVENTS}-event execution, end to end incl. process start (baseline: bare node start)`, 'ms', 'lower', pairs, {
    text: `<= ${INSPECT_TARGET_RATIO}x a bare node start (median of the pairs)`,
    met: (ratio) => ratio <= INSPECT_TARGET_RATIO,
  });
}

/** Runs the store and inspect benchmarks on temporary files. */
export async function benchStore(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jj-bench-store-'));
  try {
    return [await benchIngest(dir), await benchInspect(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
