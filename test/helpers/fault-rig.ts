// Fault tests' shared pieces: the sim's own record against a store's rows per (execution id, sequence), a sim
// kept in a state file that can be SIGKILLed and restarted on the same port, and metric reads.
import assert from 'node:assert/strict';
import { openSqliteDb } from '../../source/core/store/sqlite-db.js';
import type { SimRecordBody } from '../../source/core/sim/sim-record.js';
import { getJson, spawnCli, type SimProcess, type Spawned } from './e2e-process.js';

/** `exec_` + 32 hex, as the store keeps an execution id the sim writes hyphenated. */
const storeId = (hyphenated: string): string => `exec_${hyphenated.replace(/-/g, '')}`;

/** Every (execution id, sequence) of the record, in the store's id form. */
export function recordKeys(record: SimRecordBody): Set<string> {
  const keys = new Set<string>();
  for (const [id, ranges] of Object.entries(record.executions)) {
    const sid = storeId(id);
    for (const [from, to] of ranges) for (let s = from; s <= to; s++) keys.add(`${sid}#${s}`);
  }
  return keys;
}

/** The store's event rows as `id#sequence` keys, with how many rows there are (a key twice would show). */
export function storedKeys(db: string): { keys: Set<string>; rows: number } {
  const store = openSqliteDb(db, { readonly: true });
  try {
    const rows = store.prepare('SELECT execution_id, sequence FROM events').rows() as [string, number][];
    return { keys: new Set(rows.map(([id, seq]) => `${id}#${seq}`)), rows: rows.length };
  } finally {
    store.close();
  }
}

/** The difference between what the sim emitted and what a store holds; empty lists and equal counts mean exactly once. */
export interface Comparison { emitted: number; stored: number; rows: number; missing: string[]; extra: string[] }

export function compareStore(record: SimRecordBody, db: string): Comparison {
  const want = recordKeys(record);
  const { keys, rows } = storedKeys(db);
  const missing = [...want].filter((k) => !keys.has(k));
  const extra = [...keys].filter((k) => !want.has(k));
  return { emitted: want.size, stored: keys.size, rows, missing: missing.slice(0, 10), extra: extra.slice(0, 10) };
}

/** Asserts the store holds every event the sim emitted exactly once, and nothing else. */
export function assertExactlyOnce(c: Comparison, what: string): void {
  assert.deepEqual({ missing: c.missing, extra: c.extra }, { missing: [], extra: [] }, `${what}: ${JSON.stringify(c)}`);
  assert.equal(c.rows, c.emitted, `${what}: one row per emitted event`);
}

/** Sum of every sample of a metric family in an exposition (0 when absent). */
export function metricSum(body: string, name: string): number {
  let total = 0;
  const re = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm');
  for (const m of body.matchAll(re)) total += Number(m[1]);
  return total;
}

/** Reads /metrics of a serve or top. */
export async function scrape(metricsUrl: string): Promise<string> {
  return (await fetch(`${metricsUrl}/metrics`)).text();
}

/** A `jamjet sim` keeping its workload in a state file: the same port across restarts, so clients reconnect to it. */
export class RestartableSim {
  sim!: SimProcess;
  restarts = 0;

  private constructor(private readonly args: readonly string[]) {}

  /** Starts it on any free port. */
  static async start(stateFile: string, args: readonly string[]): Promise<RestartableSim> {
    const s = new RestartableSim(['--state-file', stateFile, ...args]);
    s.sim = await s.spawn(0);
    return s;
  }

  get httpUrl(): string { return this.sim.httpUrl; }
  get wsUrl(): string { return this.sim.wsUrl; }
  get proc(): Spawned { return this.sim.proc; }

  /** SIGKILLs it and starts it again on the same port; returns the cursor it says it continues from. */
  async killAndRestart(whileDown?: () => Promise<unknown>): Promise<number> {
    await this.sim.proc.stop('SIGKILL');
    await whileDown?.();
    this.sim = await this.spawn(this.sim.port);
    this.restarts++;
    const m = await this.sim.proc.waitForOutput('stdout', /state in .*: (?:continuing from cursor (\d+)|new workload)/);
    return Number(m[1] ?? 0);
  }

  /** The sim's record of everything it emitted. */
  record(): Promise<SimRecordBody> {
    return getJson<SimRecordBody>(`${this.sim.httpUrl}/sim/record`);
  }

  private async spawn(port: number): Promise<SimProcess> {
    const proc = spawnCli(['sim', '--port', String(port), ...this.args]);
    const m = await proc.waitForOutput('stdout', /jamjet sim: listening on http:\/\/127\.0\.0\.1:(\d+) /);
    const p = Number(m[1]);
    return { proc, port: p, httpUrl: `http://127.0.0.1:${p}`, wsUrl: `ws://127.0.0.1:${p}/v1/events` };
  }
}
