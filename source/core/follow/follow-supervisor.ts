// What `jamjet follow` says while the followed execution has not shown up yet, and when it gives up.
// Deterministic: statuses and ticks come in with their times, lines and verdicts go out through callbacks.
import type { ProbeResult } from '../runtime-api/runtime-client.js';
import type { SourceStatus } from '../sources/event-source.js';

/** Default time allowed for a first connection to any source before exit 1 (`--connect-timeout`). */
export const FOLLOW_CONNECT_TIMEOUT_MS = 30_000;
/** Default time, from the first connection, an execution may take to appear before the runtime's 404 is believed (`--appear-timeout`). */
export const FOLLOW_APPEAR_TIMEOUT_MS = 10_000;
/** Least time between two questions to a runtime's REST API about the followed id. */
export const FOLLOW_PROBE_INTERVAL_MS = 1_000;

/** Options of {@link FollowSupervisor}. */
export interface FollowSupervisorOptions {
  /** The followed execution, `exec_` form. */
  readonly executionId: string;
  /** 0: keep trying for ever. */
  readonly connectTimeoutMs: number;
  readonly appearTimeoutMs: number;
  /** Asks the REST source's runtime whether it knows the id (`GET /executions/:id`). */
  readonly probe: (source: SourceStatus) => Promise<ProbeResult>;
  /** One line for the user (without the `jamjet follow: ` prefix). */
  readonly say: (line: string) => void;
  /** The verdict: stop following, exit 1 with this line. Called at most once. */
  readonly giveUp: (line: string) => void;
}

const NETWORK = new Set<SourceStatus['kind']>(['websocket', 'rest']);

/**
 * Watches the sources of `jamjet follow` until the execution shows up: says each source's connecting,
 * connected and failure reasons once per change, gives up when no source connects in time, and tells
 * an id the runtime does not know (REST 404 after the appear timeout) from one that has not started yet.
 */
export class FollowSupervisor {
  private readonly statuses = new Map<string, SourceStatus>();
  /** Per source: what was last said (`connecting`, `connected`, or the reason). */
  private readonly said = new Map<string, string>();
  /** Per source: the last reason it was not connected. */
  private readonly reasons = new Map<string, string>();
  private startedAt: number | undefined;
  private connectedAt: number | undefined;
  private seen = false;
  private done = false;
  private probing = false;
  private lastProbeAt = -Infinity;
  private known = false;
  private waiting: string | undefined;

  constructor(private readonly options: FollowSupervisorOptions) {}

  /** Starts the connect timeout at `now`. */
  start(now: number): void {
    this.startedAt ??= now;
  }

  /** A source reported a status (the pipeline's onStatus). */
  status(status: SourceStatus, now: number): void {
    this.start(now);
    this.statuses.set(status.id, status);
    const reason = reasonOf(status);
    if (reason !== undefined) this.reasons.set(status.id, reason);
    if (status.state === 'connected') this.connectedAt ??= now;
    const line = this.done ? undefined : lineFor(status, reason);
    if (!line || this.said.get(status.id) === line.key) return;
    // A new attempt after a failure is not news; the failure was.
    if (line.key === 'connecting' && this.said.has(status.id)) return;
    this.said.set(status.id, line.key);
    this.options.say(line.text);
  }

  /** An event of the followed execution arrived: nothing more to watch for. */
  sawExecution(): void {
    this.seen = true;
    this.waiting = undefined;
  }

  /** The one-line notice while waiting (`waiting for exec_… (not seen yet on ws://…)`), if any. */
  notice(): string | undefined {
    return this.waiting;
  }

  /** Checks the deadlines at `now` (the monitor's publish tick). */
  tick(now: number): void {
    this.start(now);
    if (this.done || this.seen) return;
    const sources = [...this.statuses.values()];
    const { executionId: id, connectTimeoutMs, appearTimeoutMs } = this.options;
    if (sources.length > 0 && sources.every(isFinished)) {
      const each = sources.map((s) => (s.state === 'error' ? `${s.url} (${this.reasons.get(s.id) ?? 'error'})` : s.url));
      this.finish(`no execution ${id} in ${each.join(', ')}`);
      return;
    }
    if (this.connectedAt === undefined) {
      if (connectTimeoutMs > 0 && now - (this.startedAt ?? now) >= connectTimeoutMs) {
        const each = sources.filter((s) => NETWORK.has(s.kind)).map((s) => `${s.url}: ${this.reasons.get(s.id) ?? 'no answer yet'}`);
        this.finish(`could not connect within ${seconds(connectTimeoutMs)} to ${each.join('; ')}`);
      }
      return;
    }
    if (now - this.connectedAt < appearTimeoutMs) return;
    const rest = sources.filter((s) => s.kind === 'rest');
    const restUp = rest.filter((s) => s.state === 'connected');
    if (rest.length === 0 && this.waiting === undefined) {
      const where = sources.filter((s) => s.kind === 'websocket').map((s) => s.url);
      if (where.length === 0) return;
      this.waiting = `waiting for ${id} (not seen yet on ${where.join(', ')})`;
      this.options.say(this.waiting);
    }
    if (restUp.length > 0 && !this.known && !this.probing && now - this.lastProbeAt >= FOLLOW_PROBE_INTERVAL_MS) {
      this.lastProbeAt = now;
      void this.probe(restUp);
    }
  }

  /** Stops any verdict from being given (follow is ending for another reason). */
  stop(): void {
    this.done = true;
  }

  private async probe(rest: readonly SourceStatus[]): Promise<void> {
    this.probing = true;
    const results = await Promise.all(rest.map(async (s) => ({ s, result: await this.options.probe(s).catch((): ProbeResult => 'unknown') })));
    this.probing = false;
    if (this.done || this.seen) return;
    if (results.some((r) => r.result === 'found')) {
      // The runtime has it: its events are on their way.
      this.known = true;
      return;
    }
    const missing = results.filter((r) => r.result === 'missing').map((r) => r.s.url);
    if (missing.length > 0) this.finish(`no execution ${this.options.executionId} at ${missing.join(', ')}`);
  }

  private finish(line: string): void {
    this.done = true;
    this.options.giveUp(line);
  }
}

/** Why a source is not connected: its reason, or a final error's message (a JSONL file that cannot be read). */
function reasonOf(status: SourceStatus): string | undefined {
  if (status.state === 'connected' || status.state === 'ended') return undefined;
  return status.reason ?? (status.state === 'error' ? status.message : undefined);
}

/** The line a status is worth, keyed so the same news is said once. JSONL files open at once: only their problems count. */
function lineFor(status: SourceStatus, reason: string | undefined): { key: string; text: string } | undefined {
  const network = NETWORK.has(status.kind);
  if (reason !== undefined) return { key: `reason:${reason}`, text: `${status.url}: ${reason}${network ? '; retrying' : ''}` };
  if (!network) return undefined;
  if (status.state === 'connected') return { key: 'connected', text: `connected to ${status.url}` };
  if (status.state === 'connecting') return { key: 'connecting', text: `connecting to ${status.url} …` };
  return undefined;
}

/** A source that will deliver nothing more: ended, or a file that could not be read. */
function isFinished(status: SourceStatus): boolean {
  return status.state === 'ended' || (status.kind === 'jsonl' && status.state === 'error');
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
