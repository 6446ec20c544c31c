// Spawning the real `jamjet` CLI (dist/source/cli.js) for end-to-end tests: output captured,
// bounded polling waits, and every process killed at the end even when a test fails.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The built CLI, next to the compiled tests (dist/test/helpers → dist/source). */
export const CLI_PATH = fileURLToPath(new URL('../../source/cli.js', import.meta.url));

/**
 * Default bound of {@link waitFor} and the output waits. Generous on purpose: a condition that holds
 * returns at once, and a loaded 2-core machine (the whole suite runs two files at a time) can take
 * many times longer than an idle one. Never a measure of speed.
 */
export const E2E_WAIT_MS = 60_000;

/** Bound of an end-to-end suite (several processes, several waits): a hang fails, a slow machine does not. */
export const E2E_SUITE_MS = 300_000;

/** How a spawned process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` every 50 ms until it returns something other than undefined; fails naming `what` past the bound. */
export async function waitFor<T>(what: string | (() => string), timeoutMs: number, fn: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${why}`);
    }
    await sleep(50);
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** One spawned process with its output so far. */
export class Spawned {
  stdout = '';
  stderr = '';
  exit: ProcessExit | undefined;
  readonly exited: Promise<ProcessExit>;

  constructor(
    readonly child: ChildProcess,
    readonly label: string,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** Output so far, for failure messages. */
  describe(): string {
    return `${this.label}\n--- stdout ---\n${this.stdout.slice(-3000)}\n--- stderr ---\n${this.stderr.slice(-3000)}`;
  }

  /** Waits until stdout or stderr matches; returns the match. */
  async waitForOutput(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = E2E_WAIT_MS): Promise<RegExpMatchArray> {
    return waitFor(() => `${pattern} in ${this.describe()}`, timeoutMs, () => {
      const m = this[stream].match(pattern);
      if (m) return m;
      if (this.exit) assert.fail(`exited (${JSON.stringify(this.exit)}) before printing ${pattern}: ${this.describe()}`);
      return undefined;
    });
  }

  /** Sends a signal and waits for the exit, bounded. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = E2E_WAIT_MS): Promise<ProcessExit> {
    if (!this.exit) this.child.kill(signal);
    return waitFor(() => `${this.label} to exit on ${signal}`, timeoutMs, () => this.exit);
  }
}

/** Every process spawned and not yet reaped: {@link killAll} ends them. */
const live = new Set<Spawned>();

/** Spawns any program; stdin closed unless given. */
export function spawnProcess(command: string, args: readonly string[], options: SpawnOptions = {}): Spawned {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const p = new Spawned(child, `${command} ${args.join(' ')}`);
  live.add(p);
  void p.exited.then(() => live.delete(p));
  return p;
}

/** Spawns `node dist/source/cli.js …args`. */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): Spawned {
  return spawnProcess(process.execPath, [CLI_PATH, ...args], options);
}

/** Runs the CLI to completion (bounded) and returns its output and exit. */
export async function runCli(args: readonly string[], timeoutMs = E2E_WAIT_MS, options: SpawnOptions = {}): Promise<Spawned & { exit: ProcessExit }> {
  const p = spawnCli(args, options);
  await waitFor(() => `${p.describe()} to exit`, timeoutMs, () => p.exit);
  return p as Spawned & { exit: ProcessExit };
}

/** SIGKILLs whatever is still running and waits for it (an `after` hook). */
export async function killAll(): Promise<void> {
  const running = [...live];
  for (const p of running) if (!p.exit) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
}

/** A running `jamjet sim` process. */
export interface SimProcess {
  readonly proc: Spawned;
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
}

/** Starts `jamjet sim --port 0 …args` and reads the port it printed. */
export async function startSimProcess(args: readonly string[]): Promise<SimProcess> {
  const proc = spawnCli(['sim', '--port', '0', ...args]);
  const m = await proc.waitForOutput('stdout', /jamjet sim: listening on http:\/\/127\.0\.0\.1:(\d+) /);
  const port = Number(m[1]);
  return { proc, port, httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/v1/events` };
}

/** GET a JSON body (optional bearer token); throws on a non-2xx status. */
export async function getJson<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The sim's own counts (GET /sim/stats), the parts the tests read. */
export interface SimStatsBody {
  executionsStarted: number;
  executionsByStatus: Record<string, number>;
  eventsEmitted: number;
  tokensByModel: Record<string, { input: number; output: number }>;
  nodeAttemptsByKind: Record<string, number>;
}

/** Waits until the sim has started at least `executions` executions and none is running; returns its stats. */
export async function waitForSimDone(sim: SimProcess, executions: number, timeoutMs = E2E_WAIT_MS, token?: string): Promise<SimStatsBody> {
  let last: SimStatsBody | undefined;
  return waitFor(() => `the sim to finish ${executions} executions (last stats ${JSON.stringify(last)})`, timeoutMs, async () => {
    last = await getJson<SimStatsBody>(`${sim.httpUrl}/sim/stats`, token);
    return last.executionsStarted >= executions && last.executionsByStatus.running === 0 ? last : undefined;
  });
}

/** A running `jamjet serve` process and its metrics address. */
export interface ServeProcess {
  readonly proc: Spawned;
  readonly metricsUrl: string;
}

/** Starts `jamjet serve …args` and reads the metrics address from its start line on stderr. */
export async function startServeProcess(args: readonly string[], options: SpawnOptions = {}): Promise<ServeProcess> {
  const proc = spawnCli(['serve', ...args], options);
  // serve logs on stdout (its serve_started line, in either [logging] format).
  const m = await proc.waitForOutput('stdout', /serve_started.*reading .*; metrics at (http:\/\/127\.0\.0\.1:\d+)\/metrics/);
  return { proc, metricsUrl: m[1]! };
}
