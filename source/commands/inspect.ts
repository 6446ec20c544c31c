import { systemClock } from '../core/clock.js';
import { normaliseExecutionId } from '../core/decode/execution-id.js';
import type { RawEnvelope } from '../core/decode/event.js';
import { foldState, hideBudget } from '../core/inspect/fold-state.js';
import { inspectReport, INSPECT_FORMAT, type FoundIn } from '../core/inspect/inspect-report.js';
import type * as InspectText from '../core/inspect/inspect-text.js';
import type { ListedExecution, TextFormat } from '../core/inspect/inspect-text.js';
import { childExecutionIds, replayTree } from '../core/inspect/replay-tree.js';
import type * as RuntimeLookup from '../core/inspect/runtime-lookup.js';
import { timeline } from '../core/inspect/timeline.js';
import type { PriceTable } from '../core/model/price-table.js';
import type { RuntimeClient } from '../core/runtime-api/runtime-client.js';
import { EXECUTION_STATUSES, isActive } from '../core/model/lifecycle.js';
import type { ExecutionStatus } from '../core/model/types.js';
import { checkStorePath } from '../core/store/check-store-path.js';
import { openSqliteDb } from '../core/store/sqlite-db.js';
import { sourceIsLive } from '../core/store/source-heartbeat.js';
import { isLocationError, StoreError } from '../core/store/store-error.js';
import { terminalSafeJson } from '../core/telemetry/terminal-safe-json.js';
import { DEFAULT_LIST_LIMIT, StoreQueries, type ExecutionFilter, type StoredExecution } from '../core/store/store-queries.js';
import type * as TraceLines from '../view/format/trace-lines.js';
import type * as Truncate from '../view/format/truncate.js';
import { sanitise } from '../view/format/sanitise.js';

/** Parsed `jamjet inspect` arguments. */
export interface InspectArgs {
  id?: string | undefined; events?: boolean | undefined; state?: boolean | undefined; json?: boolean | undefined;
  status?: string | undefined; workflow?: string | undefined; since?: string | undefined; limit?: number | undefined;
  db: string; urls: string[]; token?: string | undefined;
  /** Where to look when `db` does not exist: the state-directory store `top` falls back to (default location only). */
  fallbackDb?: string | undefined;
  /** Names a store path in an error line (`--db PATH`, `jamjet.toml: [top] db PATH`); default `--db PATH`. */
  storeSetting?: ((path: string) => string) | undefined;
  color: boolean; width: number; isTTY: boolean;
  prices?: PriceTable | undefined;
  /** Epoch ms for running executions' elapsed times; defaults to the system clock. */
  now?: number | undefined;
}

/** Where output goes. */
export interface InspectIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Child executions loaded under a parent, at most this deep. */
export const MAX_CHILD_DEPTH = 8;

const STATUSES: readonly string[] = EXECUTION_STATUSES;
// Exact token counts: inspect is where a user reconciles numbers with a bill.
const exactTokens = (n: number | undefined): string => (n === undefined ? '—' : n.toLocaleString('en-US'));
const clean = (s: string): string => sanitise(s, 10_000);

class UsageError extends Error {}

/**
 * The text output's modules, loaded only when text is printed: `--json` never needs them (string-width's tables
 * alone cost a process tens of milliseconds to load, and every module a start loads costs it more).
 */
async function textOutput(): Promise<typeof Truncate & typeof TraceLines & typeof InspectText & { format: TextFormat }> {
  const [truncate, trace, text, duration, money] = await Promise.all([
    import('../view/format/truncate.js'), import('../view/format/trace-lines.js'), import('../core/inspect/inspect-text.js'),
    import('../view/format/duration.js'), import('../view/format/money.js'),
  ]);
  const format: TextFormat = { duration: duration.formatDuration, usd: money.formatUsd, tokens: exactTokens, clean };
  return { ...truncate, ...trace, ...text, format };
}

/** The runtime's REST lookups, loaded only when a runtime is configured (a store alone never needs them). */
const runtimeLookup = (): Promise<typeof RuntimeLookup> => import('../core/inspect/runtime-lookup.js');

/** Parses `--since`: a duration ago (`90s`, `15m`, `6h`, `7d`) or an RFC 3339 date; undefined when not given. */
export function parseSince(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  if (m) return now - Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(t)) return t;
  throw new UsageError(`--since: expected a duration such as 15m, 6h or 7d, or a date such as 2026-03-14, got "${sanitise(value, 60)}"`);
}

/** `jamjet inspect [<id>]`: the execution from the store, else from the runtime's REST API. Returns the exit code. */
export async function runInspect(args: InspectArgs, io: InspectIo): Promise<number> {
  const now = args.now ?? systemClock().now();
  const out = async (lines: readonly string[]): Promise<void> => {
    const { truncateToWidth } = await textOutput();
    const fitted = args.isTTY ? lines.map((l) => truncateToWidth(l, args.width)) : lines;
    io.stdout.write(fitted.join('\n') + '\n');
  };
  let queries: StoreQueries | undefined;
  let close = (): void => {};
  try {
    if (args.limit !== undefined && (!Number.isInteger(args.limit) || args.limit < 1)) throw new UsageError('--limit: expected a positive integer');
    if (args.status !== undefined && !STATUSES.includes(args.status)) throw new UsageError(`--status: expected one of ${STATUSES.join(', ')}`);
    const since = parseSince(args.since, now);
    const runtimes = args.urls.length === 0 ? [] : (await runtimeLookup()).runtimeClients(args.urls, args.token);
    const storePath = findStore(args.db, args.fallbackDb);
    if (storePath !== undefined) {
      // Read-only: inspect never creates, migrates or checkpoints a store, so it reads one it may not write.
      const db = openSqliteDb(storePath, { readonly: true });
      close = () => db.close();
      queries = new StoreQueries(db);
    }
    // The store read, or every place looked in.
    const storeName = storePath ?? (args.fallbackDb !== undefined && args.db !== ':memory:' ? `${args.db} or ${args.fallbackDb}` : args.db);
    if (args.id === undefined) {
      const filter = { status: args.status, workflow: args.workflow, since, limit: args.limit };
      const rows = queries ? withStaleness(queries, queries.listExecutions(filter), now) : await listFromRuntime(filter, runtimes, io);
      const where = queries || runtimes.length === 0 ? storeName : runtimes.map((r) => r.base).join(' or ');
      if (args.json) io.stdout.write(terminalSafeJson(`${JSON.stringify({ format: INSPECT_FORMAT, executions: rows.map(listJson) }, null, 2)}\n`));
      else if (rows.length === 0) io.stderr.write(`no executions in ${where}${args.status || args.workflow || since !== undefined ? ' matching the filters' : ''}\n`);
      else {
        const { executionTableLines, format } = await textOutput();
        await out(executionTableLines(rows, format, now));
      }
      return 0;
    }
    const id = normaliseExecutionId(args.id);
    if (id === undefined) throw new UsageError(`not an execution id: "${sanitise(args.id, 80)}" (expected exec_ + 32 hex, or a UUID)`);
    const found = await load(id, queries, storeName, runtimes, io);
    if (!found) {
      const places = [storeName, ...runtimes.map((r) => `at ${r.base}`)];
      io.stderr.write(`no execution ${id} in ${places.join(' or ')}\n`);
      return 1;
    }
    const row = found.foundIn === 'store' ? queries?.getExecution(id) : undefined;
    // A runtime's own answer is live by definition; a stored one is stale unless a monitor still follows its source.
    const stale = row !== undefined && queries !== undefined && withStaleness(queries, [row], now)[0]?.stale === true;
    const { tree } = replayTree(id, found.all, found.foundIn === 'store' ? row?.source ?? 'store' : found.base, args.prices, { stale });
    if (!tree) {
      io.stderr.write(`execution ${id} has no readable events\n`);
      return 1;
    }
    const state = args.state ? foldState(found.own) : undefined;
    const parent = found.foundIn === 'store' ? queries?.parentOf(id) : undefined;
    if (args.json) {
      const doc = inspectReport(tree, { foundIn: found.foundIn, events: args.events ? found.own : undefined, state, parent });
      // The newline joins before the escaping, whose scan flattens the text once: joined after, the 4 MB document
      // of a 10,000-event execution was copied once more to write it.
      io.stdout.write(terminalSafeJson(`${JSON.stringify(doc, null, 2)}\n`));
      return 0;
    }
    const color = args.color && args.isTTY;
    const { traceLines, traceLinesToText, truncateToWidth, summaryLines, timelineLines, format } = await textOutput();
    // Trace lines are cut to width by traceLines itself (cutting again would count ANSI codes as text).
    const fit = (lines: readonly string[]): string[] => (args.isTTY ? lines.map((l) => truncateToWidth(l, args.width)) : [...lines]);
    const lines: string[] = [];
    if (!args.events && !args.state) {
      const doc = inspectReport(tree, { foundIn: found.foundIn });
      lines.push(...traceLinesToText(traceLines(tree, { now, width: args.isTTY ? args.width : undefined }), { color }).split('\n'), '');
      lines.push(...fit(summaryLines(doc, format)));
    }
    if (args.events) lines.push(...fit(timelineLines(timeline(found.own), format)));
    if (state) {
      if (args.events) lines.push('');
      const completed = state.origin === 'final_state';
      lines.push(...fit([completed ? 'state: final_state of workflow_completed (__budget hidden)' : `state: folded from initial_input and ${state.patches} state patch${state.patches === 1 ? '' : 'es'}; the workflow has not completed (__budget hidden)`]));
      lines.push(...fit(JSON.stringify(hideBudget(state.state), null, 2).split('\n').map((l) => format.clean(l))));
    }
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (err) {
    if (err instanceof StoreError) {
      io.stderr.write(`jamjet: ${(args.storeSetting ?? ((p) => `--db ${p}`))(err.path)}: ${err.reason}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    io.stderr.write(`inspect failed: ${sanitise(err instanceof Error ? err.message : String(err), 300)}\n`);
    return 1;
  } finally {
    close();
  }
}

/**
 * The store to read: `db` if it is there, else `fallback` (where `top` writes when the default location cannot
 * be written), else none. A `db` that cannot be a store (a directory, under a file) is a StoreError, unless
 * there is a fallback to look at: then `top` would have used the fallback too.
 */
function findStore(db: string, fallback: string | undefined): string | undefined {
  if (db === ':memory:') return undefined;
  try {
    if (checkStorePath(db, 'read') === 'file') return db;
  } catch (error) {
    if (fallback === undefined || !(error instanceof StoreError && isLocationError(error))) throw error;
  }
  if (fallback === undefined) return undefined;
  try {
    return checkStorePath(fallback, 'read') === 'file' ? fallback : undefined;
  } catch {
    return undefined; // a state directory that cannot hold a store holds none
  }
}

/**
 * Marks each unfinished stored execution stale unless the monitor writing the store still follows its
 * source (a fresh heartbeat, connected or within the grace): the store keeps the runtime's last status.
 */
function withStaleness(queries: StoreQueries, rows: readonly StoredExecution[], now: number): ListedExecution[] {
  const heartbeats = queries.sourceHeartbeats();
  return rows.map((r) => ({
    ...r,
    stale: isActive(r.status) && !sourceIsLive(r.source === undefined ? undefined : heartbeats.get(r.source), now),
  }));
}

function listJson(r: ListedExecution): Record<string, unknown> {
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  return {
    execution_id: r.executionId, workflow_id: r.workflowId ?? null, workflow_version: r.workflowVersion ?? null, status: r.status as ExecutionStatus,
    started_at: iso(r.startedAt), ended_at: iso(r.endedAt),
    duration_ms: r.startedAt !== undefined && r.endedAt !== undefined ? r.endedAt - r.startedAt : null,
    input_tokens: r.inputTokens ?? null, output_tokens: r.outputTokens ?? null, cost_usd: r.costUsd ?? null, node_count: r.nodeCount ?? null,
    event_count: r.eventCount ?? null, error: r.error ?? null, source: r.source ?? null,
    parent_execution_id: r.parentExecutionId ?? null,
    own: r.own ? { input_tokens: r.own.inputTokens, output_tokens: r.own.outputTokens, cost_usd: r.own.costUsd } : null,
    stale: r.stale === true, last_seen_at: iso(r.lastEventAt),
  };
}

/** Without a store file: the runtimes' GET /executions, filtered and ordered like the store's list. */
async function listFromRuntime(filter: ExecutionFilter, runtimes: readonly RuntimeClient[], io: InspectIo): Promise<StoredExecution[]> {
  const limit = filter.limit ?? DEFAULT_LIST_LIMIT;
  const rows: StoredExecution[] = [];
  for (const client of runtimes) {
    // The runtime filters only some statuses (the client filters the others) and never by workflow or
    // time: ask for more, filter here.
    const got = await (await runtimeLookup()).lookUpExecutions(client, { status: filter.status, limit: Math.max(limit, 200) }, warnTo(io));
    rows.push(...got.filter((r) => (filter.workflow === undefined || r.workflowId === filter.workflow)
      && (filter.since === undefined || (r.startedAt ?? 0) >= filter.since)));
  }
  return rows.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0)).slice(0, limit);
}

const warnTo = (io: InspectIo) => (message: string): void => void io.stderr.write(`${sanitise(message, 300)}\n`);

interface Loaded {
  readonly foundIn: FoundIn;
  readonly base: string;
  /** The execution's own envelopes. */
  readonly own: RawEnvelope[];
  /** Its envelopes plus every loaded descendant's. */
  readonly all: RawEnvelope[];
}

async function load(id: string, queries: StoreQueries | undefined, storeName: string, runtimes: readonly RuntimeClient[], io: InspectIo): Promise<Loaded | undefined> {
  if (queries) {
    const own = queries.getEvents(id);
    if (own.length > 0) {
      return { foundIn: 'store', base: storeName, own, all: await withChildren(own, async (c) => queries.getEvents(c)) };
    }
  }
  for (const client of runtimes) {
    const { lookUpEvents } = await runtimeLookup();
    const own = await lookUpEvents(client, id, warnTo(io));
    if (own && own.length > 0) {
      return { foundIn: 'runtime', base: client.base, own, all: await withChildren(own, async (c) => (await lookUpEvents(client, c, warnTo(io))) ?? []) };
    }
  }
  return undefined;
}

/** Adds child executions' envelopes, breadth first, at most MAX_CHILD_DEPTH levels and never one twice. */
async function withChildren(own: RawEnvelope[], get: (id: string) => Promise<RawEnvelope[]>): Promise<RawEnvelope[]> {
  const all = [...own];
  const seen = new Set<string>();
  let level = childExecutionIds(own);
  for (let depth = 0; depth < MAX_CHILD_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const child of level) {
      if (seen.has(child)) continue;
      seen.add(child);
      const events = await get(child);
      all.push(...events);
      next.push(...childExecutionIds(events));
    }
    level = next;
  }
  return all;
}
